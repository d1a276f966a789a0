package web

import (
	"context"
	"net/http"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

type ctxKey int

const (
	keyUser ctxKey = iota
	keyMemberships
	keyCompany
	keyRole
	keyLang
	keyAPI
)

// identity is who is making the request.
type identity struct {
	user        store.User
	memberships []store.Membership
	api         bool // authenticated by an API token, not a session
}

func withIdentity(r *http.Request, id identity) *http.Request {
	ctx := context.WithValue(r.Context(), keyUser, id.user)
	ctx = context.WithValue(ctx, keyMemberships, id.memberships)
	ctx = context.WithValue(ctx, keyAPI, id.api)
	return r.WithContext(ctx)
}

func userOf(r *http.Request) (store.User, bool) {
	u, ok := r.Context().Value(keyUser).(store.User)
	return u, ok && u.ID != 0
}

func membershipsOf(r *http.Request) []store.Membership {
	m, _ := r.Context().Value(keyMemberships).([]store.Membership)
	return m
}

func companyOf(r *http.Request) receivable.Company {
	c, _ := r.Context().Value(keyCompany).(receivable.Company)
	return c
}

func roleOf(r *http.Request) auth.Role {
	role, _ := r.Context().Value(keyRole).(auth.Role)
	return role
}

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(keyLang).(string); ok {
		return l
	}
	return "fr"
}

// authorName is how the current user is recorded as the author of what they do.
func authorName(r *http.Request) string {
	u, _ := userOf(r)
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}
