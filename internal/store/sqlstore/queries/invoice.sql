-- name: InvoiceColumns
-- The allocated amount is derived from the allocations, so the open balance is never stored.
i.id, i.company_id, i.customer_id, c.ref, i.kind, i.number, i.issue_date, i.due_date, i.amount,
i.currency, i.external_id, i.document, i.credits_number, i.paused_until, i.pause_reason,
COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id OR a.credit_note_id = i.id), 0)

-- name: InvoiceFrom
FROM invoices i JOIN customers c ON c.id = i.customer_id

-- name: CreateInvoice
INSERT INTO invoices (company_id, customer_id, kind, number, issue_date, due_date, amount, currency,
    external_id, document, credits_number, paused_until, pause_reason, source)
SELECT $1, id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
FROM customers WHERE company_id = $1 AND id = $2
RETURNING id

-- name: SetInvoicePause
UPDATE invoices SET paused_until = $3, pause_reason = $4, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2
