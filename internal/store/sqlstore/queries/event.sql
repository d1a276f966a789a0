-- name: AddEvent
INSERT INTO events (company_id, customer_id, invoice_id, at, day, kind, actor, summary, data, key)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (company_id, key) DO NOTHING
RETURNING id

-- name: Events
SELECT id, company_id, COALESCE(customer_id, 0), COALESCE(invoice_id, 0), at, day, kind, actor, summary, data
FROM events WHERE company_id = $1 AND customer_id = $2
ORDER BY at DESC, id DESC
