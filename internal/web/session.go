package web

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

const sessionCookie = "relance_session"

// tokenTouchEvery is how stale an API token's last use may be: the settings page and
// `relance token list` show it to the minute.
const tokenTouchEvery = time.Minute

// sessionTouchEvery is how far a session's expiry may lag behind its sliding value.
const sessionTouchEvery = 5 * time.Minute

// loadIdentity finds who is calling: a session cookie (the web application) or a bearer token
// (the API). Neither is an anonymous request; the routes decide whether that is allowed.
func (s *Server) loadIdentity(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			tok, u, err := s.app.Store.APITokenByHash(ctx, auth.HashToken(strings.TrimPrefix(h, "Bearer ")))
			if err == nil {
				// An API token acts in its one company, with its user's role there.
				ms, _ := s.app.Store.Memberships(ctx, u.ID)
				var scoped []store.Membership
				for _, m := range ms {
					if m.CompanyID == tok.CompanyID {
						scoped = append(scoped, m)
					}
				}
				r = withIdentity(r, identity{user: u, memberships: scoped, api: true})
				// An integration may call many times a second: its last use is written once a
				// minute at most, so that its reads stay reads.
				if now := s.app.Now(); now.Sub(tok.LastUsedAt) >= tokenTouchEvery {
					s.app.Store.TouchAPIToken(ctx, tok.ID, now)
				}
			}
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			hash := auth.HashToken(c.Value)
			now := s.app.Now()
			sess, u, err := s.app.Store.SessionByHash(ctx, hash, now)
			if err == nil {
				ms, err := s.app.Store.Memberships(ctx, u.ID)
				if err == nil {
					r = withIdentity(r, identity{user: u, memberships: ms})
					// Sliding expiry, written at most every few minutes: a write per page
					// queued every reader behind SQLite's one writer.
					if exp := now.Add(s.cfg.SessionTTL); exp.Sub(sess.ExpiresAt) >= sessionTouchEvery {
						s.app.Store.TouchSession(ctx, hash, exp)
					}
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// login checks the credentials and opens a session; failures are rate-limited per address
// and per e-mail, and say nothing about which of the two was wrong.
func (s *Server) login(w http.ResponseWriter, r *http.Request, email, password string) error {
	ip := clientIP(r)
	if !s.logins.allow("ip:"+ip) || !s.logins.allow("email:"+strings.ToLower(email)) {
		return errTooManyLogins
	}
	u, err := s.app.Store.UserByEmail(r.Context(), email)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			// Spend the time a real check would, so that timing does not tell which e-mails exist.
			auth.CheckPassword(dummyHash, password)
			return errBadLogin
		}
		return err
	}
	if u.Disabled || auth.CheckPassword(u.PasswordHash, password) != nil {
		return errBadLogin
	}
	tok, hash, err := auth.NewToken("")
	if err != nil {
		return err
	}
	now := s.app.Now()
	if err := s.app.Store.CreateSession(r.Context(), store.Session{Hash: hash, UserID: u.ID, CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.SessionTTL), IP: ip, UserAgent: r.UserAgent()}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(30 * 24 * time.Hour / time.Second)})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.app.Store.DeleteSession(r.Context(), auth.HashToken(c.Value))
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.Secure, MaxAge: -1})
}

var (
	errBadLogin      = &httpError{http.StatusUnauthorized, "bad_login", "wrong e-mail or password"}
	errTooManyLogins = &httpError{http.StatusTooManyRequests, "too_many_attempts", "too many login attempts: wait a minute"}
)

// dummyHash is a valid argon2id hash of nothing anyone types.
var dummyHash, _ = auth.HashPassword("relance-dummy-password-for-timing")

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
