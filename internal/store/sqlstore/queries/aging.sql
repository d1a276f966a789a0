-- name: Aging
-- Open balance per customer on day $2, by bucket: $3..$6 are the earliest due dates of the
-- buckets not_due, 1-30, 31-60, 61-90 (see receivable.BucketBounds). Allocations dated after
-- the day do not count, nor invoices issued after it.
SELECT c.id, c.ref, c.name,
       SUM(CASE WHEN x.due_date >= $3 THEN x.open ELSE 0 END),
       SUM(CASE WHEN x.due_date < $3 AND x.due_date >= $4 THEN x.open ELSE 0 END),
       SUM(CASE WHEN x.due_date < $4 AND x.due_date >= $5 THEN x.open ELSE 0 END),
       SUM(CASE WHEN x.due_date < $5 AND x.due_date >= $6 THEN x.open ELSE 0 END),
       SUM(CASE WHEN x.due_date < $6 THEN x.open ELSE 0 END)
FROM (
    SELECT i.customer_id, i.due_date,
           i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date <= $2), 0) AS open
    FROM invoices i
    WHERE i.company_id = $1 AND i.kind = 'invoice' AND COALESCE(i.issue_date, i.due_date) <= $2
) x
JOIN customers c ON c.id = x.customer_id
WHERE x.open > 0
GROUP BY c.id, c.ref, c.name
ORDER BY c.name, c.ref
