-- name: InsertAction
-- ON CONFLICT: another run (or another process) already recorded this customer's action on
-- this channel today; nothing is returned and the caller leaves it alone.
INSERT INTO actions (company_id, customer_id, run_id, day, channel, step, phase, template, policy, status,
    key, needs_approval, penalties, forced, total, detail, author)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
ON CONFLICT (company_id, key) DO NOTHING
RETURNING id, created_at

-- name: InsertActionInvoice
INSERT INTO action_invoices (action_id, invoice_id, step) VALUES ($1, $2, $3)

-- name: ActionColumns
a.id, COALESCE(a.run_id, 0), a.customer_id, c.ref, c.name, c.collector, a.day, a.channel, a.step, a.phase,
a.template, a.policy, a.status, a.key, a.needs_approval, a.penalties, a.forced, a.total, a.detail, a.note,
a.author, a.created_at, a.updated_at

-- name: ActionFrom
FROM actions a JOIN customers c ON c.id = a.customer_id

-- name: SetActionStatus
UPDATE actions SET status = $3, note = CASE WHEN $4 = '' THEN note ELSE $4 END, author = $5,
    updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2 AND status IN ({{from}})
