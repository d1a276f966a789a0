package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func (c *conn) userQ(name string) string {
	return strings.Replace(c.book.q(name), "{{UserColumns}}", c.book.q("UserColumns"), 1)
}

// CreateUser adds a user; the e-mail is kept lower-case (ErrConflict when taken).
func (c *conn) CreateUser(ctx context.Context, u *store.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	err := c.w.QueryRowContext(ctx, c.book.q("CreateUser"), u.Email, u.Name, orDefault(u.Lang, "fr"), u.PasswordHash).Scan(&u.ID, &u.CreatedAt)
	return c.mapErr(err, "create user "+u.Email)
}

// UserByEmail reads a user by e-mail, whatever its case.
func (c *conn) UserByEmail(ctx context.Context, email string) (store.User, error) {
	u, err := scanUser(c.r.QueryRowContext(ctx, "SELECT "+c.book.q("UserColumns")+" FROM users u WHERE u.email = $1", strings.ToLower(strings.TrimSpace(email))))
	return u, c.mapErr(err, "user "+email)
}

// UserByID reads a user.
func (c *conn) UserByID(ctx context.Context, id int64) (store.User, error) {
	u, err := scanUser(c.r.QueryRowContext(ctx, "SELECT "+c.book.q("UserColumns")+" FROM users u WHERE u.id = $1", id))
	return u, c.mapErr(err, fmt.Sprintf("user %d", id))
}

// SetPasswordHash replaces a user's password hash.
func (c *conn) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	return c.execOne(ctx, fmt.Sprintf("user %d", userID), c.book.q("SetPasswordHash"), userID, hash)
}

// ListUsers lists the members of a company with their role, or every user (role empty).
func (c *conn) ListUsers(ctx context.Context, companyID int64) ([]store.Member, error) {
	q := "SELECT " + c.book.q("UserColumns") + ", '' FROM users u ORDER BY u.email"
	args := []any{}
	if companyID != 0 {
		q = "SELECT " + c.book.q("UserColumns") + ", m.role FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.company_id = $1 ORDER BY u.email"
		args = append(args, companyID)
	}
	rows, err := c.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, c.mapErr(err, "list users")
	}
	defer rows.Close()
	var out []store.Member
	for rows.Next() {
		var m store.Member
		var role string
		if err := rows.Scan(&m.ID, &m.Email, &m.Name, &m.Lang, &m.PasswordHash, &m.Disabled, &m.CreatedAt, &role); err != nil {
			return nil, c.mapErr(err, "list users")
		}
		m.Role = auth.Role(role)
		out = append(out, m)
	}
	return out, c.mapErr(rows.Err(), "list users")
}

// SetMembership gives a user a role in a company, or removes it.
func (c *conn) SetMembership(ctx context.Context, userID, companyID int64, role auth.Role) error {
	if role == "" {
		_, err := c.w.ExecContext(ctx, c.book.q("DeleteMembership"), userID, companyID)
		return c.mapErr(err, "membership")
	}
	_, err := c.w.ExecContext(ctx, c.book.q("SetMembership"), userID, companyID, string(role))
	return c.mapErr(err, "membership")
}

// Memberships lists the companies a user belongs to.
func (c *conn) Memberships(ctx context.Context, userID int64) ([]store.Membership, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("Memberships"), userID)
	if err != nil {
		return nil, c.mapErr(err, "memberships")
	}
	defer rows.Close()
	var out []store.Membership
	for rows.Next() {
		var m store.Membership
		var role string
		if err := rows.Scan(&m.CompanyID, &m.Slug, &m.Name, &role); err != nil {
			return nil, c.mapErr(err, "memberships")
		}
		m.Role = auth.Role(role)
		out = append(out, m)
	}
	return out, c.mapErr(rows.Err(), "memberships")
}

// CreateSession records a new session.
func (c *conn) CreateSession(ctx context.Context, s store.Session) error {
	_, err := c.w.ExecContext(ctx, c.book.q("CreateSession"), s.Hash, s.UserID, s.CreatedAt.UnixNano(), s.ExpiresAt.UnixNano(), s.IP, s.UserAgent)
	return c.mapErr(err, "create session")
}

// SessionByHash returns a live session and its user.
func (c *conn) SessionByHash(ctx context.Context, hash string, now time.Time) (store.Session, store.User, error) {
	var s store.Session
	var u store.User
	var created, expires int64
	err := c.r.QueryRowContext(ctx, c.userQ("SessionByHash"), hash, now.UnixNano()).Scan(&s.Hash, &s.UserID, &created, &expires, &s.IP, &s.UserAgent,
		&u.ID, &u.Email, &u.Name, &u.Lang, &u.PasswordHash, &u.Disabled, &u.CreatedAt)
	s.CreatedAt, s.ExpiresAt = time.Unix(0, created), time.Unix(0, expires)
	return s, u, c.mapErr(err, "session")
}

// TouchSession extends a session.
func (c *conn) TouchSession(ctx context.Context, hash string, expires time.Time) error {
	_, err := c.w.ExecContext(ctx, c.book.q("TouchSession"), hash, expires.UnixNano())
	return c.mapErr(err, "touch session")
}

// DeleteSession ends a session (logout).
func (c *conn) DeleteSession(ctx context.Context, hash string) error {
	_, err := c.w.ExecContext(ctx, c.book.q("DeleteSession"), hash)
	return c.mapErr(err, "delete session")
}

// CreateAPIToken records an API token for a user in a company.
func (c *conn) CreateAPIToken(ctx context.Context, t *store.APIToken) error {
	err := c.w.QueryRowContext(ctx, c.book.q("CreateAPIToken"), t.UserID, t.CompanyID, t.Name, t.Hash).Scan(&t.ID, &t.CreatedAt)
	return c.mapErr(err, "create api token")
}

// APITokenByHash returns a live API token and its user.
func (c *conn) APITokenByHash(ctx context.Context, hash string) (store.APIToken, store.User, error) {
	var t store.APIToken
	var u store.User
	var used sql.NullTime
	err := c.r.QueryRowContext(ctx, c.userQ("APITokenByHash"), hash).Scan(&t.ID, &t.UserID, &t.CompanyID, &t.Name, &t.Hash, &t.CreatedAt,
		&used, &u.ID, &u.Email, &u.Name, &u.Lang, &u.PasswordHash, &u.Disabled, &u.CreatedAt)
	t.LastUsedAt = used.Time
	return t, u, c.mapErr(err, "api token")
}

// TouchAPIToken records when a token was last used.
func (c *conn) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := c.w.ExecContext(ctx, c.book.q("TouchAPIToken"), id, at.UTC())
	return c.mapErr(err, "touch api token")
}

// ListAPITokens lists a company's live API tokens.
func (c *conn) ListAPITokens(ctx context.Context, companyID int64) ([]store.APIToken, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("ListAPITokens"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "list api tokens")
	}
	defer rows.Close()
	var out []store.APIToken
	for rows.Next() {
		var t store.APIToken
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.CompanyID, &t.Name, &t.Hash, &t.CreatedAt, &used); err != nil {
			return nil, c.mapErr(err, "list api tokens")
		}
		t.LastUsedAt = used.Time
		out = append(out, t)
	}
	return out, c.mapErr(rows.Err(), "list api tokens")
}

// RevokeAPIToken revokes a token of the company.
func (c *conn) RevokeAPIToken(ctx context.Context, companyID, id int64) error {
	return c.execOne(ctx, fmt.Sprintf("api token %d", id), c.book.q("RevokeAPIToken"), companyID, id)
}

func scanUser(s scanner) (store.User, error) {
	var u store.User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.PasswordHash, &u.Disabled, &u.CreatedAt)
	return u, err
}
