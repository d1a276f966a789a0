-- name: AddContact
INSERT INTO contacts (company_id, customer_id, name, role, email, phone, dunning, undeliverable)
SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM customers WHERE company_id = $1 AND id = $2
RETURNING id

-- name: UpdateContact
UPDATE contacts SET name = $3, role = $4, email = $5, phone = $6, dunning = $7, undeliverable = $8
WHERE company_id = $1 AND id = $2

-- name: Contacts
SELECT id, company_id, customer_id, name, role, email, phone, dunning, undeliverable
FROM contacts WHERE company_id = $1 AND customer_id = $2
ORDER BY dunning DESC, id
