-- name: SetRate
INSERT INTO rates (company_id, series, semester, rate, source, confirmed, origin, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, CURRENT_TIMESTAMP)
ON CONFLICT (company_id, series, semester) DO UPDATE SET rate = excluded.rate, source = excluded.source,
    confirmed = excluded.confirmed, origin = excluded.origin, updated_at = excluded.updated_at

-- name: ListRates
SELECT series, semester, rate, source, confirmed, origin, updated_at FROM rates
WHERE company_id = $1 ORDER BY series, semester

-- name: AddInterruption
-- The invoice must be the company's; ON CONFLICT rather than catching the violation, since on
-- PostgreSQL a failed statement aborts the transaction.
INSERT INTO limitation_interruptions (company_id, invoice_id, kind, day, note, author)
SELECT $1, i.id, $3, $4, $5, $6 FROM invoices i WHERE i.company_id = $1 AND i.id = $2
ON CONFLICT (company_id, invoice_id, kind, day) DO NOTHING
RETURNING id, created_at

-- name: ListInterruptions
SELECT l.id, l.invoice_id, i.number, l.kind, l.day, l.note, l.author, l.created_at
FROM limitation_interruptions l JOIN invoices i ON i.id = l.invoice_id
WHERE l.company_id = $1

-- name: SetFormalNotice
-- A NULL (zero) date keeps the stored one: the dates become known one after the other.
INSERT INTO formal_notices (invoice_id, company_id, sent_on, presented_on, acknowledged_on, reference, action_id, updated_at)
SELECT i.id, $1, $3, $4, $5, $6, $7, CURRENT_TIMESTAMP FROM invoices i WHERE i.company_id = $1 AND i.id = $2
ON CONFLICT (invoice_id) DO UPDATE SET
    sent_on = COALESCE(excluded.sent_on, formal_notices.sent_on),
    presented_on = COALESCE(excluded.presented_on, formal_notices.presented_on),
    acknowledged_on = COALESCE(excluded.acknowledged_on, formal_notices.acknowledged_on),
    reference = CASE WHEN excluded.reference = '' THEN formal_notices.reference ELSE excluded.reference END,
    action_id = COALESCE(excluded.action_id, formal_notices.action_id),
    updated_at = excluded.updated_at
RETURNING invoice_id

-- name: ListFormalNotices
SELECT n.invoice_id, n.sent_on, n.presented_on, n.acknowledged_on, n.reference, COALESCE(n.action_id, 0)
FROM formal_notices n JOIN invoices i ON i.id = n.invoice_id
WHERE n.company_id = $1

-- name: ListAllocations
SELECT a.id, a.invoice_id, COALESCE(a.payment_id, 0), COALESCE(a.credit_note_id, 0), a.amount, a.date
FROM allocations a JOIN invoices i ON i.id = a.invoice_id
WHERE a.company_id = $1

-- name: CompanySettings
SELECT key, value FROM company_settings WHERE company_id = $1

-- name: SetCompanySetting
INSERT INTO company_settings (company_id, key, value, updated_at)
SELECT id, $2, $3, CURRENT_TIMESTAMP FROM companies WHERE id = $1
ON CONFLICT (company_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
RETURNING company_id

-- name: DeleteCompanySetting
DELETE FROM company_settings WHERE company_id = $1 AND key = $2

-- name: SetActionPenalties
UPDATE actions SET penalty_claim = $3, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2 AND status IN ($4, $5)

-- name: ActionPenalties
SELECT id, key, status, COALESCE(penalty_claim, '') FROM actions WHERE company_id = $1

-- name: ActionsMissingPenalties
SELECT {{ActionColumns}} FROM {{CustomerActions}} JOIN customers c ON c.id = a.customer_id
WHERE a.company_id = $1 AND a.customer_id >= $2 AND a.customer_id < $3 AND a.penalties = TRUE
  AND a.penalty_claim IS NULL AND a.status IN ($4, $5)
ORDER BY a.customer_id, a.id
