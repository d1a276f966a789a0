-- name: CustomerColumns
c.id, c.company_id, c.ref, c.name, c.siren, c.kind, c.address_line1, c.address_line2, c.postal_code,
c.city, c.country, c.language, c.profile, c.credit_limit, c.payment_terms_days, c.collector,
c.policy, c.penalty_rate, c.paused_until, c.pause_reason

-- name: CreateCustomer
INSERT INTO customers (company_id, ref, name, siren, kind, address_line1, address_line2, postal_code,
    city, country, language, profile, credit_limit, payment_terms_days, collector, policy,
    penalty_rate, paused_until, pause_reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
RETURNING id

-- name: UpdateCustomer
UPDATE customers SET ref = $3, name = $4, siren = $5, kind = $6, address_line1 = $7,
    address_line2 = $8, postal_code = $9, city = $10, country = $11, language = $12, profile = $13,
    credit_limit = $14, payment_terms_days = $15, collector = $16, policy = $17,
    penalty_rate = $18, paused_until = $19, pause_reason = $20, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2

-- name: ListCustomers
-- Balances on day $2: open = amount minus allocations; overdue = open and due before $2.
WITH bal AS (
    SELECT i.customer_id,
           SUM(i.amount - COALESCE(al.paid, 0)) AS open,
           SUM(CASE WHEN i.due_date < $2 THEN i.amount - COALESCE(al.paid, 0) ELSE 0 END) AS overdue,
           MIN(i.due_date) AS oldest_due,
           COUNT(*) AS n
    FROM invoices i
    LEFT JOIN (SELECT invoice_id, SUM(amount) AS paid FROM allocations WHERE company_id = $1 GROUP BY invoice_id) al
        ON al.invoice_id = i.id
    WHERE i.company_id = $1 AND i.kind = 'invoice' AND i.amount > COALESCE(al.paid, 0)
    GROUP BY i.customer_id
)
SELECT {{CustomerColumns}}, COALESCE(bal.open, 0), COALESCE(bal.overdue, 0), bal.oldest_due, COALESCE(bal.n, 0)
FROM customers c
LEFT JOIN bal ON bal.customer_id = c.id
WHERE c.company_id = $1 {{where}}
