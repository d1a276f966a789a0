-- name: CreateProposal
-- ON CONFLICT rather than catching the violation: on PostgreSQL a failed statement aborts the
-- transaction, and the import that matches a statement must go on past a payment it has seen.
INSERT INTO match_proposals (company_id, payment_id, customer_id, allocations, unallocated, confidence,
    reasons, status, allocation_ids, decided_by, decided_at, customer_set)
SELECT $1, p.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
FROM payments p WHERE p.company_id = $1 AND p.id = $2
ON CONFLICT (company_id, payment_id) DO NOTHING
RETURNING id, created_at

-- name: ProposalColumns
m.id, m.company_id, m.payment_id, COALESCE(m.customer_id, 0), COALESCE(c.ref, ''), COALESCE(c.name, ''),
m.allocations, m.unallocated, m.confidence, m.reasons, m.status, m.allocation_ids, m.customer_set,
m.decided_by, m.decided_at, m.created_at,
{{PaymentColumns}}

-- name: ProposalFrom
FROM match_proposals m
JOIN payments p ON p.id = m.payment_id
LEFT JOIN customers c ON c.id = m.customer_id

-- name: DecideProposal
-- The status test ("AND status IN (…)", one parameter per status, added in Go) is in the
-- WHERE clause: of two processes deciding the same proposal, the second one updates nothing
-- (on PostgreSQL it waits for the first and then finds the new status) and reports a conflict.
UPDATE match_proposals SET status = $3, decided_by = $4, decided_at = $5, allocation_ids = $6, customer_set = $7
WHERE company_id = $1 AND id = $2

-- name: ProposalExists
SELECT status FROM match_proposals WHERE company_id = $1 AND id = $2

-- name: SetPaymentCustomer
UPDATE payments SET customer_id = $3
WHERE company_id = $1 AND id = $2
  AND (CAST($3 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.company_id = $1 AND c.id = $3))

-- name: OpenItems
SELECT {{InvoiceColumns}}, c.name
FROM invoices i JOIN customers c ON c.id = i.customer_id
WHERE i.company_id = $1 AND i.kind = 'invoice' AND i.amount > {{Allocated}}
ORDER BY i.due_date, i.number

-- name: PaymentAllocations
SELECT id, company_id, invoice_id, COALESCE(payment_id, 0), COALESCE(credit_note_id, 0), amount, date
FROM allocations WHERE company_id = $1 AND payment_id = $2
ORDER BY id

-- name: CreditNoteAllocations
SELECT id, company_id, invoice_id, COALESCE(payment_id, 0), COALESCE(credit_note_id, 0), amount, date
FROM allocations WHERE company_id = $1 AND credit_note_id = $2
ORDER BY id

-- name: CustomerBySIREN
SELECT {{CustomerColumns}} FROM customers c WHERE c.company_id = $1 AND c.siren = $2 ORDER BY c.id LIMIT 2

-- name: SetInvoiceDocument
UPDATE invoices SET document = $3, updated_at = CURRENT_TIMESTAMP WHERE company_id = $1 AND id = $2
