package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/auth"
)

// statusRecorder remembers the status for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// logRequests logs each request once, at the end, with a constant message.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "error", fmt.Sprint(p), "stack", string(debug.Stack()))
				http.Error(rec, "internal error", http.StatusInternalServerError)
			}
			s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

// secureHeaders sets the headers every response should carry: no framing, no sniffing, a
// strict content policy (no inline script anywhere in the application).
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// negotiateLang picks the page language: a ?lang= switch (remembered in a cookie), the
// cookie, the user's preference, then the browser's.
func negotiateLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := ""
		if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
			lang = l
			http.SetCookie(w, &http.Cookie{Name: "relance_lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		} else if c, err := r.Cookie("relance_lang"); err == nil && (c.Value == "fr" || c.Value == "en") {
			lang = c.Value
		} else if u, ok := userOf(r); ok && (u.Lang == "fr" || u.Lang == "en") {
			lang = u.Lang
		} else if strings.HasPrefix(r.Header.Get("Accept-Language"), "en") {
			lang = "en"
		} else {
			lang = "fr"
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyLang, lang)))
	})
}

// page is a company page: it needs a session and a membership in the company named in the
// path, and role need to be used. Anything else is a 404 for a company one does not belong
// to (its existence is not revealed), a redirect to the login page without a session, a 403
// for a role too weak.
func (s *Server) page(need auth.Role, h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := userOf(r); !ok {
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		r, err := s.scope(r, need)
		if err == nil {
			err = h(w, r)
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				// Whatever a form changed, the pages kept and the dashboard are read again:
				// no handler has to remember it.
				s.dash.invalidate(companyOf(r).ID)
			}
		}
		if err != nil {
			s.pageError(w, r, err)
		}
	})
}

// api is an API endpoint: same rules, JSON errors, 401 without credentials.
func (s *Server) api(need auth.Role, h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := userOf(r); !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="relance"`)
			s.writeAPIError(w, r, &httpError{http.StatusUnauthorized, "unauthorized", "a session or an API token (Authorization: Bearer …) is required"})
			return
		}
		r, err := s.scope(r, need)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.writeAPIError(w, r, err)
		}
	})
}

// scope resolves {company} among the caller's memberships and checks the role.
func (s *Server) scope(r *http.Request, need auth.Role) (*http.Request, error) {
	slug := r.PathValue("company")
	if slug == "" {
		return r, nil
	}
	for _, m := range membershipsOf(r) {
		if m.Slug != slug {
			continue
		}
		if !m.Role.Allows(need) {
			return r, forbidden()
		}
		co, err := s.app.Store.Company(r.Context(), m.CompanyID)
		if err != nil {
			return r, err
		}
		ctx := context.WithValue(r.Context(), keyCompany, co)
		ctx = context.WithValue(ctx, keyRole, m.Role)
		return r.WithContext(ctx), nil
	}
	return r, notFound()
}
