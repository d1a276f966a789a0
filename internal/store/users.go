package store

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/auth"
)

// UserQueries store the people who use relance, what they may do in which company, their
// sessions and their API tokens (both kept only as hashes).
type UserQueries interface {
	CreateUser(ctx context.Context, u *User) error
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	ListUsers(ctx context.Context, companyID int64) ([]Member, error) // companyID 0: everyone
	// SetMembership gives the user a role in the company ("" removes it).
	SetMembership(ctx context.Context, userID, companyID int64, role auth.Role) error
	Memberships(ctx context.Context, userID int64) ([]Membership, error)

	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns the live session of that token hash and its user; ErrNotFound when
	// it does not exist or expired.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, User, error)
	TouchSession(ctx context.Context, hash string, expires time.Time) error
	DeleteSession(ctx context.Context, hash string) error

	CreateAPIToken(ctx context.Context, t *APIToken) error
	// APITokenByHash returns a token that is not revoked, and its user. It only reads: the
	// caller decides when the token's use is worth a write (TouchAPIToken).
	APITokenByHash(ctx context.Context, hash string) (APIToken, User, error)
	// TouchAPIToken records when a token was last used.
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	ListAPITokens(ctx context.Context, companyID int64) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, companyID, id int64) error
}

// User is a person who logs in.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Lang         string    `json:"lang"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Membership is a user's role in a company.
type Membership struct {
	CompanyID int64     `json:"company_id"`
	Slug      string    `json:"company"`
	Name      string    `json:"company_name"`
	Role      auth.Role `json:"role"`
}

// Member is a user with their role in a company.
type Member struct {
	User
	Role auth.Role `json:"role"`
}

// Session is a logged-in browser.
type Session struct {
	Hash      string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	IP        string
	UserAgent string
}

// APIToken lets an integration act as a user in one company.
type APIToken struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	CompanyID  int64     `json:"-"`
	Name       string    `json:"name"`
	Hash       string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}
