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

-- name: RefBytewise
-- The customer reference compared byte by byte, as Go compares strings (SQLite's default).
c.ref

-- name: WorklistFrom
FROM actions a JOIN customers c ON c.id = a.customer_id

-- name: WorklistTodoFrom
FROM actions a JOIN customers c ON c.id = a.customer_id
