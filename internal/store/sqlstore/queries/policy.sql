-- name: SavePolicy
INSERT INTO policies (company_id, name, body, is_default) VALUES ($1, $2, $3, FALSE)
ON CONFLICT (company_id, name) DO UPDATE SET body = excluded.body, updated_at = CURRENT_TIMESTAMP

-- name: ClearDefaultPolicy
UPDATE policies SET is_default = FALSE WHERE company_id = $1 AND is_default

-- name: SetDefaultPolicy
UPDATE policies SET is_default = TRUE WHERE company_id = $1 AND name = $2

-- name: Policy
SELECT body FROM policies WHERE company_id = $1 AND name = $2

-- name: ListPolicies
SELECT name, body, is_default FROM policies WHERE company_id = $1 ORDER BY is_default DESC, name

-- name: AssignProfilePolicy
INSERT INTO profile_policies (company_id, profile, policy) VALUES ($1, $2, $3)
ON CONFLICT (company_id, profile) DO UPDATE SET policy = excluded.policy

-- name: UnassignProfilePolicy
DELETE FROM profile_policies WHERE company_id = $1 AND profile = $2

-- name: ProfilePolicies
SELECT profile, policy FROM profile_policies WHERE company_id = $1
