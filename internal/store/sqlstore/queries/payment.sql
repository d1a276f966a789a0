-- name: PaymentColumns
p.id, p.company_id, COALESCE(p.customer_id, 0), p.date, p.amount, p.currency, p.method, p.reference,
p.payer_name, p.source, p.external_id,
COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id), 0)

-- name: CreatePayment
-- ON CONFLICT rather than catching the violation: on PostgreSQL a failed statement aborts
-- the whole transaction, and an import must go on past a payment it already has.
INSERT INTO payments (company_id, customer_id, date, amount, currency, method, reference, payer_name,
    source, external_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (company_id, external_id) DO NOTHING
RETURNING id

-- name: Allocate
-- The invoice, and the payment or credit note, must belong to the company, and the amount
-- may exceed neither what the invoice still owes nor what the payment or credit note has left:
-- a payment is never allocated twice. The caller holds row locks (see LockInvoice).
INSERT INTO allocations (company_id, invoice_id, payment_id, credit_note_id, amount, date)
SELECT $1, i.id, $3, $4, CAST($5 AS BIGINT), $6 FROM invoices i
WHERE i.company_id = $1 AND i.id = $2 AND i.kind = 'invoice'
  AND CAST($5 AS BIGINT) <= i.amount - COALESCE((SELECT SUM(x.amount) FROM allocations x WHERE x.invoice_id = i.id), 0)
  AND (CAST($3 AS BIGINT) IS NULL OR CAST($5 AS BIGINT) <= (SELECT p.amount - COALESCE((SELECT SUM(x.amount) FROM allocations x WHERE x.payment_id = p.id), 0)
                                           FROM payments p WHERE p.company_id = $1 AND p.id = $3))
  AND (CAST($4 AS BIGINT) IS NULL OR CAST($5 AS BIGINT) <= (SELECT n.amount - COALESCE((SELECT SUM(x.amount) FROM allocations x WHERE x.credit_note_id = n.id), 0)
                                           FROM invoices n WHERE n.company_id = $1 AND n.id = $4 AND n.kind = 'credit_note'))
RETURNING id

-- name: LockInvoice
SELECT id FROM invoices WHERE company_id = $1 AND id = $2
