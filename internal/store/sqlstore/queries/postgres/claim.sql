-- name: ClaimLock
FOR UPDATE SKIP LOCKED
