-- name: InvoiceColumns
-- The allocated amount is derived from the allocations, so the open balance is never stored.
-- An invoice is paid through allocations.invoice_id, a credit note used through
-- allocations.credit_note_id; two indexed subqueries, not one OR that no index serves.
i.id, i.company_id, i.customer_id, c.ref, i.kind, i.number, i.issue_date, i.due_date, i.amount,
i.currency, i.external_id, i.document, i.credits_number, i.paused_until, i.pause_reason,
{{Allocated}}

-- name: Allocated
CASE WHEN i.kind = 'invoice'
     THEN COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0)
     ELSE COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0) END

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
