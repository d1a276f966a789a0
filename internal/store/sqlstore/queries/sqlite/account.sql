-- name: CustomerInvoices
-- Without statistics SQLite reads a chunk's invoices through the (company, kind, number) index,
-- whose equalities look more selective than the customer range: every chunk then passed over
-- all the company's invoices, and a run's time grew with the square of the portfolio (18 times
-- a bare scan of a million invoices). Through the customer index it reads the chunk's only.
invoices i INDEXED BY invoices_customer

-- name: CustomerPayments
payments p INDEXED BY payments_customer

-- name: CustomerActions
-- Likewise the history and the actions waiting for their penalties: through the worklist's
-- (company, status…) index they read every action.
actions a INDEXED BY actions_customer

-- name: AccountSuperseded
-- The day as text (+day has no declared type): the driver parses a DATE column into a
-- time.Time, half the time of reading these millions of rows; civil.Date reads the text itself.
SELECT customer_id, invoice_id, step, +day FROM superseded_steps
WHERE company_id = $1 AND customer_id >= $2 AND customer_id < $3
