-- name: Setting
SELECT value FROM settings WHERE company_id = $1 AND key = $2

-- name: SetSetting
INSERT INTO settings (company_id, key, value) VALUES ($1, $2, $3)
ON CONFLICT (company_id, key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP

-- name: Template
SELECT key, lang, channel, subject, body, author, updated_at FROM templates
WHERE company_id = $1 AND key = $2 AND lang = $3 AND channel = $4

-- name: SaveTemplate
INSERT INTO templates (company_id, key, lang, channel, subject, body, author) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (company_id, key, lang, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body,
    author = excluded.author, updated_at = CURRENT_TIMESTAMP

-- name: DeleteTemplate
DELETE FROM templates WHERE company_id = $1 AND key = $2 AND lang = $3 AND channel = $4

-- name: ListTemplates
SELECT key, lang, channel, subject, body, author, updated_at FROM templates WHERE company_id = $1
ORDER BY key, lang, channel

-- name: Enqueue
INSERT INTO outbox (company_id, customer_id, action_id, key, kind, channel, template, payload, status,
    next_attempt_at, contact_id, day, author)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (company_id, key) DO NOTHING
RETURNING id

-- name: OutboxColumns
o.id, o.company_id, o.customer_id, COALESCE(o.action_id, 0), o.key, o.kind, o.channel, o.template, o.payload,
o.status, o.attempts, o.next_attempt_at, o.last_error, COALESCE(o.contact_id, 0), o.recipient, o.message_id,
o.subject, o.content, o.document, o.document_sha256, o.sent_at, o.tracking_number, o.posted_on, o.presented_on,
o.received_on, o.day, o.author, o.created_at, o.updated_at, COALESCE(o.document_id, 0)

-- name: ClaimOutbox
-- Pending and due, or left "sending" by a process whose lease ran out (it crashed mid-send).
UPDATE outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1, updated_at = CURRENT_TIMESTAMP
WHERE id IN (
    SELECT id FROM outbox
    WHERE ((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1))
      {{where}}
    ORDER BY next_attempt_at, id
    LIMIT {{limit}} {{lock}})
RETURNING {{OutboxReturning}}

-- name: FreezeOutbox
UPDATE outbox SET contact_id = $3, recipient = $4, message_id = $5, subject = $6, content = $7, document = $8,
    document_sha256 = $9, document_id = $10, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2

-- name: OutboxSent
UPDATE outbox SET status = 'sent', sent_at = $3, last_error = '', lease_until = 0, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2

-- name: OutboxRetry
UPDATE outbox SET status = 'pending', next_attempt_at = $3, last_error = $4, lease_until = 0, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2

-- name: OutboxFailed
UPDATE outbox SET status = 'failed', last_error = $3, lease_until = 0, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2

-- name: SetOutboxStatus
UPDATE outbox SET status = $3, next_attempt_at = 0, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2 AND status IN ({{from}})

-- name: LetterPosted
UPDATE outbox SET status = 'posted', tracking_number = $3, posted_on = $4, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2 AND channel IN ('letter', 'registered_letter') AND status IN ('pending', 'ready', 'posted')

-- name: LetterReceived
UPDATE outbox SET status = 'delivered', presented_on = $3, received_on = $4, updated_at = CURRENT_TIMESTAMP
WHERE company_id = $1 AND id = $2 AND channel IN ('letter', 'registered_letter') AND status IN ('posted', 'delivered')
