-- Payment behaviour per customer over a period ($2 to $3 included), for profile suggestions.
-- Each query covers the whole company at once; date arithmetic and the reading of payment
-- methods are done in Go, where SQLite and PostgreSQL cannot disagree about them.

-- name: StatsSettled
-- Invoices whose allocations dated up to $3 cover them, settled (last allocation) in the
-- period: one row each, with the due and settlement dates.
SELECT i.customer_id, i.due_date, s.last
FROM invoices i
JOIN (SELECT a.invoice_id, SUM(a.amount) AS paid, MAX(a.date) AS last
      FROM allocations a
      WHERE a.company_id = $1 AND a.date <= $3
      GROUP BY a.invoice_id) s ON s.invoice_id = i.id
WHERE i.company_id = $1 AND i.kind = 'invoice' AND s.paid >= i.amount AND s.last >= $2

-- name: StatsBrokenPromises
SELECT customer_id, COUNT(*) FROM promises
WHERE company_id = $1 AND broken >= $2 AND broken <= $3
GROUP BY customer_id

-- name: StatsDisputes
SELECT customer_id, COUNT(*) FROM disputes
WHERE company_id = $1 AND opened >= $2 AND opened <= $3
GROUP BY customer_id

-- name: StatsPayments
-- Grouped by method: the few distinct methods are classified in Go.
SELECT customer_id, method, COUNT(*) FROM payments
WHERE company_id = $1 AND customer_id IS NOT NULL AND date >= $2 AND date <= $3
GROUP BY customer_id, method

-- name: StatsRejectedDebits
SELECT i.customer_id, COUNT(*) FROM rejected_debits r JOIN invoices i ON i.id = r.invoice_id
WHERE r.company_id = $1 AND r.day >= $2 AND r.day <= $3
GROUP BY i.customer_id

-- name: StatsLongOverdue
-- Invoices still open on $3 (allocations dated up to then) and due before $2, the day that
-- makes them more than the long-overdue threshold late.
SELECT i.customer_id, COUNT(*) FROM invoices i
WHERE i.company_id = $1 AND i.kind = 'invoice' AND i.due_date < $2
  AND i.amount > COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date <= $3), 0)
GROUP BY i.customer_id

-- name: StatsPublic
SELECT id FROM customers WHERE company_id = $1 AND kind = 'public'
