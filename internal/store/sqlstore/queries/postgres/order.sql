-- name: RefBytewise
-- The customer reference compared byte by byte, as Go compares strings, whatever the
-- database's collation.
c.ref COLLATE "C"
