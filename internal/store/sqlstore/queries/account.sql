-- name: CustomerInvoices
-- The tables a chunk of customers is read from, named by these blocks so that SQLite can be
-- told which index serves the customer range (queries/sqlite/account.sql).
invoices i

-- name: CustomerPayments
payments p

-- name: CustomerActions
actions a

-- name: AccountCustomers
SELECT {{CustomerColumns}} FROM customers c
WHERE c.company_id = $1 AND c.id >= $2 AND c.id < $3 ORDER BY c.id

-- name: AccountInvoices
SELECT {{InvoiceColumns}} FROM {{CustomerInvoices}} JOIN customers c ON c.id = i.customer_id
WHERE i.company_id = $1 AND i.customer_id >= $2 AND i.customer_id < $3 AND i.kind = 'invoice'
  AND i.amount > {{Allocated}}
ORDER BY i.customer_id, i.due_date, i.number

-- name: AccountContacts
SELECT id, company_id, customer_id, name, role, email, phone, dunning, undeliverable
FROM contacts WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3
ORDER BY customer_id, dunning DESC, id

-- name: AccountCredit
-- What each customer has on account: unallocated payments and unused credit notes.
SELECT customer_id, SUM(open) FROM (
    SELECT p.customer_id, p.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id), 0) AS open
    FROM {{CustomerPayments}} WHERE p.company_id = $1 AND p.customer_id >= $2 AND p.customer_id < $3
    UNION ALL
    SELECT i.customer_id, i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0)
    FROM {{CustomerInvoices}} WHERE i.company_id = $1 AND i.kind = 'credit_note' AND i.customer_id >= $2 AND i.customer_id < $3
) x WHERE open > 0 GROUP BY customer_id

-- name: AccountDisputes
SELECT {{DisputeColumns}} FROM disputes
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3 AND (resolved IS NULL OR resolved > $4)

-- name: AccountPromises
SELECT {{PromiseColumns}} FROM promises
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3 AND kept IS NULL AND broken IS NULL AND cancelled IS NULL

-- name: AccountPlans
SELECT {{PlanColumns}} FROM payment_plans
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3 AND defaulted IS NULL AND cancelled IS NULL

-- name: AccountAllocations
-- Only for customers with a pending promise or a running plan: they decide whether it holds.
SELECT i.customer_id, a.id, a.invoice_id, COALESCE(a.payment_id, 0), COALESCE(a.credit_note_id, 0), a.amount, a.date
FROM {{CustomerInvoices}} JOIN allocations a ON a.invoice_id = i.id
WHERE i.company_id = $1 AND i.customer_id >= $2 AND i.customer_id < $3
  AND i.customer_id IN (
      SELECT customer_id FROM promises WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3
          AND kept IS NULL AND broken IS NULL AND cancelled IS NULL
      UNION SELECT customer_id FROM payment_plans WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3
          AND defaulted IS NULL AND cancelled IS NULL)
ORDER BY a.date, a.id

-- name: AccountRejectedDebits
SELECT DISTINCT i.customer_id, r.invoice_id FROM rejected_debits r JOIN invoices i ON i.id = r.invoice_id
WHERE r.company_id = $1 AND i.customer_id >= $2 AND i.customer_id < $3

-- name: AccountHistory
SELECT a.customer_id, a.id, a.day, a.channel, a.step, a.phase, a.status, COALESCE(ai.invoice_id, 0), COALESCE(ai.step, '')
FROM {{CustomerActions}} LEFT JOIN action_invoices ai ON ai.action_id = a.id
WHERE a.company_id = $1 AND a.customer_id >= $2 AND a.customer_id < $3
ORDER BY a.customer_id, a.day, a.id

-- name: AccountSuperseded
-- What the decision needs of a step passed over: which, of which invoice, when (the rows
-- outnumber everything else a day's run reads: five per invoice of a portfolio caught up late).
SELECT customer_id, invoice_id, step, day FROM superseded_steps
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3

-- name: AccountRequests
SELECT customer_id, kind, invoice_id, step, day, author, reason FROM requests
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3 ORDER BY id

-- name: MaxCustomerID
SELECT COALESCE(MAX(id), 0) FROM customers WHERE company_id = $1

-- name: StartRun
INSERT INTO runs (company_id, day, started_at, host) VALUES ($1, $2, $3, $4) RETURNING id

-- name: FinishRun
UPDATE runs SET finished_at = $3, stats = $4 WHERE company_id = $1 AND id = $2

-- name: ClaimChunk
INSERT INTO run_chunks (company_id, day, chunk, run_id, claimed_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (company_id, day, chunk) DO UPDATE SET run_id = excluded.run_id, claimed_at = excluded.claimed_at, done_at = NULL
WHERE (run_chunks.done_at IS NOT NULL AND run_chunks.done_at <= $6)
   OR (run_chunks.done_at IS NULL AND run_chunks.claimed_at < $7)
RETURNING chunk

-- name: FinishChunk
UPDATE run_chunks SET done_at = $5 WHERE company_id = $1 AND day = $2 AND chunk = $3 AND run_id = $4
