-- name: LockInvoice
-- Serialises allocations to one invoice between processes; SQLite has one writer already.
SELECT id FROM invoices WHERE company_id = $1 AND id = $2 FOR UPDATE
