-- name: CreateUser
INSERT INTO users (email, name, lang, password_hash) VALUES ($1, $2, $3, $4) RETURNING id, created_at

-- name: UserColumns
u.id, u.email, u.name, u.lang, u.password_hash, u.disabled, u.created_at

-- name: SetPasswordHash
UPDATE users SET password_hash = $2 WHERE id = $1

-- name: SetMembership
INSERT INTO memberships (user_id, company_id, role) VALUES ($1, $2, $3)
ON CONFLICT (user_id, company_id) DO UPDATE SET role = excluded.role

-- name: DeleteMembership
DELETE FROM memberships WHERE user_id = $1 AND company_id = $2

-- name: Memberships
SELECT m.company_id, c.slug, c.name, m.role FROM memberships m JOIN companies c ON c.id = m.company_id
WHERE m.user_id = $1 ORDER BY c.name

-- name: CreateSession
INSERT INTO sessions (hash, user_id, created_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)

-- name: SessionByHash
SELECT s.hash, s.user_id, s.created_at, s.expires_at, s.ip, s.user_agent, {{UserColumns}}
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.hash = $1 AND s.expires_at > $2 AND NOT u.disabled

-- name: TouchSession
UPDATE sessions SET expires_at = $2 WHERE hash = $1

-- name: DeleteSession
DELETE FROM sessions WHERE hash = $1

-- name: CreateAPIToken
INSERT INTO api_tokens (user_id, company_id, name, hash) VALUES ($1, $2, $3, $4) RETURNING id, created_at

-- name: APITokenByHash
SELECT t.id, t.user_id, t.company_id, t.name, t.hash, t.created_at, t.last_used_at, {{UserColumns}}
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled

-- name: TouchAPIToken
UPDATE api_tokens SET last_used_at = $2 WHERE id = $1

-- name: ListAPITokens
SELECT id, user_id, company_id, name, hash, created_at, last_used_at FROM api_tokens
WHERE company_id = $1 AND revoked_at IS NULL ORDER BY id

-- name: RevokeAPIToken
UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE company_id = $1 AND id = $2 AND revoked_at IS NULL
