package app

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// AddUser creates a user (or finds the existing one with that e-mail) and gives them a role
// in the company.
func (a *App) AddUser(ctx context.Context, co receivable.Company, email, name, password string, role auth.Role) (store.User, bool, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if _, err := mail.ParseAddress(email); err != nil {
		return store.User{}, false, fmt.Errorf("%q is not an e-mail address", email)
	}
	u, err := a.Store.UserByEmail(ctx, email)
	created := false
	switch {
	case errors.Is(err, store.ErrNotFound):
		hash, err := auth.HashPassword(password)
		if err != nil {
			return u, false, err
		}
		u = store.User{Email: email, Name: name, PasswordHash: hash, Lang: co.Language}
		if err := a.Store.CreateUser(ctx, &u); err != nil {
			return u, false, err
		}
		created = true
	case err != nil:
		return u, false, err
	}
	if err := a.Store.SetMembership(ctx, u.ID, co.ID, role); err != nil {
		return u, created, err
	}
	return u, created, nil
}

// SetPassword changes a user's password.
func (a *App) SetPassword(ctx context.Context, email, password string) error {
	u, err := a.Store.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return a.Store.SetPasswordHash(ctx, u.ID, hash)
}
