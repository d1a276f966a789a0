-- name: StageInvoices
line INTEGER, kind TEXT, number TEXT, customer_ref TEXT, customer_name TEXT, customer_email TEXT,
issue_date DATE, due_date DATE, amount BIGINT, currency TEXT, external_id TEXT, document TEXT

-- name: ImportNewCustomers
INSERT INTO customers (company_id, ref, name)
SELECT $1, s.customer_ref, COALESCE(NULLIF(MAX(s.customer_name), ''), s.customer_ref)
FROM stage_invoices s
WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.company_id = $1 AND c.ref = s.customer_ref)
GROUP BY s.customer_ref

-- name: ImportInvoiceEmails
-- An invoice file may carry the customer's e-mail: it becomes a contact, and the dunning
-- contact when the customer has none yet.
INSERT INTO contacts (company_id, customer_id, email, dunning)
SELECT $1, c.id, e.email,
       NOT EXISTS (SELECT 1 FROM contacts d WHERE d.company_id = $1 AND d.customer_id = c.id AND d.dunning)
FROM (SELECT customer_ref, MAX(customer_email) AS email FROM stage_invoices
      WHERE customer_email <> '' GROUP BY customer_ref) e
JOIN customers c ON c.company_id = $1 AND c.ref = e.customer_ref
WHERE NOT EXISTS (SELECT 1 FROM contacts k WHERE k.company_id = $1 AND k.customer_id = c.id AND LOWER(k.email) = LOWER(e.email))

-- name: ImportUpdateInvoices
-- A changed row updates the invoice; a file without documents or external ids never erases
-- those an e-invoice import attached.
UPDATE invoices SET customer_id = c.id, issue_date = s.issue_date, due_date = s.due_date,
    amount = s.amount, currency = s.currency,
    external_id = CASE WHEN s.external_id = '' THEN invoices.external_id ELSE s.external_id END,
    document = CASE WHEN s.document = '' THEN invoices.document ELSE s.document END,
    updated_at = CURRENT_TIMESTAMP
FROM stage_invoices s JOIN customers c ON c.company_id = $1 AND c.ref = s.customer_ref
WHERE invoices.company_id = $1 AND invoices.kind = s.kind AND invoices.number = s.number
  AND (invoices.customer_id <> c.id OR invoices.issue_date IS DISTINCT FROM s.issue_date
       OR invoices.due_date <> s.due_date OR invoices.amount <> s.amount OR invoices.currency <> s.currency
       OR (s.external_id <> '' AND invoices.external_id <> s.external_id)
       OR (s.document <> '' AND invoices.document <> s.document))

-- name: ImportInsertInvoices
INSERT INTO invoices (company_id, customer_id, kind, number, issue_date, due_date, amount, currency,
    external_id, document, source)
SELECT $1, c.id, s.kind, s.number, s.issue_date, s.due_date, s.amount, s.currency, s.external_id, s.document, $2
FROM stage_invoices s JOIN customers c ON c.company_id = $1 AND c.ref = s.customer_ref
WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.company_id = $1 AND i.kind = s.kind AND i.number = s.number)
