package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func userTests() []namedTest {
	return []namedTest{
		{"UsersAreUniqueByEmailWhateverItsCase", testUsers},
		{"MembershipsGiveARolePerCompany", testMemberships},
		{"SessionsExpireAndEndAtLogout", testSessions},
		{"APITokensAreScopedAndRevocable", testAPITokens},
	}
}

func testUsers(t *testing.T, s store.Store) {
	u := store.User{Email: " Claire@Lemoine.Example ", Name: "Claire", PasswordHash: "h"}
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByEmail(ctx, "CLAIRE@lemoine.example")
	if err != nil || got.ID != u.ID || got.Email != "claire@lemoine.example" || got.Lang != "fr" {
		t.Fatalf("by email = %+v, %v", got, err)
	}
	dup := store.User{Email: "claire@LEMOINE.example", PasswordHash: "h"}
	if err := s.CreateUser(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate e-mail: %v", err)
	}
	if err := s.SetPasswordHash(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "h2" {
		t.Errorf("hash = %q", got.PasswordHash)
	}
}

func testMemberships(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	u := store.User{Email: "u@x.fr", PasswordHash: "h"}
	s.CreateUser(ctx, &u)
	s.SetMembership(ctx, u.ID, a.ID, auth.Collector)
	s.SetMembership(ctx, u.ID, b.ID, auth.Viewer)
	s.SetMembership(ctx, u.ID, b.ID, auth.Admin)
	ms, err := s.Memberships(ctx, u.ID)
	if err != nil || len(ms) != 2 || ms[0].Slug != "a" || ms[0].Role != auth.Collector || ms[1].Role != auth.Admin {
		t.Fatalf("memberships = %+v, %v", ms, err)
	}
	s.SetMembership(ctx, u.ID, a.ID, "")
	if ms, _ := s.Memberships(ctx, u.ID); len(ms) != 1 {
		t.Errorf("after removal: %+v", ms)
	}
	members, _ := s.ListUsers(ctx, b.ID)
	if len(members) != 1 || members[0].Role != auth.Admin {
		t.Errorf("members of b = %+v", members)
	}
	if none, _ := s.ListUsers(ctx, a.ID); len(none) != 0 {
		t.Errorf("members of a = %+v", none)
	}
}

func testSessions(t *testing.T, s store.Store) {
	u := store.User{Email: "u@x.fr", PasswordHash: "h"}
	s.CreateUser(ctx, &u)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	sess := store.Session{Hash: auth.HashToken("tok"), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), IP: "127.0.0.1"}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	got, gu, err := s.SessionByHash(ctx, sess.Hash, now.Add(30*time.Minute))
	if err != nil || got.UserID != u.ID || gu.Email != "u@x.fr" {
		t.Fatalf("session = %+v %+v %v", got, gu, err)
	}
	if _, _, err := s.SessionByHash(ctx, sess.Hash, now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	s.TouchSession(ctx, sess.Hash, now.Add(3*time.Hour))
	if _, _, err := s.SessionByHash(ctx, sess.Hash, now.Add(2*time.Hour)); err != nil {
		t.Errorf("extended session: %v", err)
	}
	s.DeleteSession(ctx, sess.Hash)
	if _, _, err := s.SessionByHash(ctx, sess.Hash, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after logout: %v", err)
	}
}

func testAPITokens(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	u := store.User{Email: "u@x.fr", PasswordHash: "h"}
	s.CreateUser(ctx, &u)
	tok := store.APIToken{UserID: u.ID, CompanyID: a.ID, Name: "compta", Hash: auth.HashToken("rl_x")}
	if err := s.CreateAPIToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	got, gu, err := s.APITokenByHash(ctx, auth.HashToken("rl_x"))
	if err != nil || got.CompanyID != a.ID || gu.ID != u.ID || !got.LastUsedAt.IsZero() {
		t.Fatalf("token = %+v %v", got, err)
	}
	used := time.Date(2026, 11, 23, 9, 30, 15, 0, time.UTC)
	if err := s.TouchAPIToken(ctx, tok.ID, used); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.APITokenByHash(ctx, auth.HashToken("rl_x")); !got.LastUsedAt.Equal(used) {
		t.Errorf("last used %v, want %v", got.LastUsedAt, used)
	}
	if list, _ := s.ListAPITokens(ctx, a.ID); len(list) != 1 || !list[0].LastUsedAt.Equal(used) {
		t.Errorf("listed %+v", list)
	}
	if err := s.RevokeAPIToken(ctx, b.ID, tok.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("b revokes a's token: %v", err)
	}
	if err := s.RevokeAPIToken(ctx, a.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.APITokenByHash(ctx, auth.HashToken("rl_x")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoked token still works: %v", err)
	}
}
