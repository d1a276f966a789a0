-- name: AddDispute
-- The invoice must be the customer's, and the customer the company's.
INSERT INTO disputes (company_id, customer_id, invoice_id, opened, reason, author)
SELECT $1, i.customer_id, i.id, $3, $4, $5 FROM invoices i WHERE i.company_id = $1 AND i.id = $2
RETURNING id, customer_id

-- name: ResolveDispute
UPDATE disputes SET resolved = $3, resolution = $4 WHERE company_id = $1 AND id = $2 AND resolved IS NULL

-- name: DisputeColumns
id, company_id, customer_id, invoice_id, opened, reason, resolved, resolution

-- name: AddPromise
INSERT INTO promises (company_id, customer_id, invoice_ids, made, date, amount, via, note, author)
SELECT $1, id, $3, $4, $5, $6, $7, $8, $9 FROM customers WHERE company_id = $1 AND id = $2
RETURNING id

-- name: PromiseColumns
id, company_id, customer_id, invoice_ids, made, date, amount, via, note, kept, broken, cancelled

-- name: SetPromiseKept
UPDATE promises SET kept = $3 WHERE company_id = $1 AND id = $2 AND kept IS NULL AND broken IS NULL AND cancelled IS NULL

-- name: SetPromiseBroken
UPDATE promises SET broken = $3 WHERE company_id = $1 AND id = $2 AND kept IS NULL AND broken IS NULL AND cancelled IS NULL

-- name: CancelPromise
UPDATE promises SET cancelled = $3 WHERE company_id = $1 AND id = $2 AND kept IS NULL AND broken IS NULL AND cancelled IS NULL

-- name: AddPlan
INSERT INTO payment_plans (company_id, customer_id, invoice_ids, created, instalments, note, author)
SELECT $1, id, $3, $4, $5, $6, $7 FROM customers WHERE company_id = $1 AND id = $2
RETURNING id

-- name: PlanColumns
id, company_id, customer_id, invoice_ids, created, instalments, note, defaulted, cancelled

-- name: SetPlanDefaulted
UPDATE payment_plans SET defaulted = $3 WHERE company_id = $1 AND id = $2 AND defaulted IS NULL AND cancelled IS NULL

-- name: CancelPlan
UPDATE payment_plans SET cancelled = $3 WHERE company_id = $1 AND id = $2 AND defaulted IS NULL AND cancelled IS NULL

-- name: AddRejectedDebit
INSERT INTO rejected_debits (company_id, invoice_id, day, reason)
SELECT $1, id, $3, $4 FROM invoices WHERE company_id = $1 AND id = $2
RETURNING id

-- name: AddRequest
INSERT INTO requests (company_id, customer_id, invoice_id, kind, step, day, author, reason)
SELECT $1, i.customer_id, i.id, $3, $4, $5, $6, $7 FROM invoices i
WHERE i.company_id = $1 AND i.id = $2 AND i.customer_id = $8
RETURNING id
