-- name: ExportCustomers
-- The dunning contact is the one reminders go to: marked as such first, then one with an
-- e-mail, then the oldest.
SELECT {{CustomerColumns}}, COALESCE(k.name, ''), COALESCE(k.email, ''), COALESCE(k.phone, ''),
       COALESCE((SELECT SUM(i.amount - {{Allocated}}) FROM invoices i
                 WHERE i.company_id = c.company_id AND i.customer_id = c.id AND i.kind = 'invoice'), 0)
FROM customers c
LEFT JOIN contacts k ON k.id = (SELECT k2.id FROM contacts k2 WHERE k2.company_id = c.company_id AND k2.customer_id = c.id
                                ORDER BY k2.dunning DESC, k2.email = '', k2.id LIMIT 1)
WHERE c.company_id = $1
ORDER BY c.ref

-- name: ExportInvoices
SELECT {{InvoiceColumns}}, c.name
FROM invoices i JOIN customers c ON c.id = i.customer_id
WHERE i.company_id = $1
ORDER BY i.issue_date, i.kind, i.number

-- name: ExportPayments
-- string_agg with ORDER BY exists in both databases (SQLite since 3.44).
SELECT {{PaymentColumns}}, COALESCE(c.ref, ''),
       COALESCE((SELECT string_agg(i.number, ' ' ORDER BY a.id) FROM allocations a JOIN invoices i ON i.id = a.invoice_id
                 WHERE a.payment_id = p.id), '')
FROM payments p LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.company_id = $1
ORDER BY p.date, p.id
