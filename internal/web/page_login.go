package web

import (
	"errors"
	"net/http"
	"strings"
)

func init() {
	addFR(map[string]string{
		"No company yet": "Aucune société",
		"Your account does not belong to any company. Ask an administrator to add you, or create one with:": "Votre compte n'appartient à aucune société. Demandez à un administrateur de vous ajouter, ou créez-en une avec :",
	})
}

type loginData struct{ Email, Next, Error string }

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := userOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, "login", loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	email, pass, next := strings.TrimSpace(r.FormValue("email")), r.FormValue("password"), safeNext(r.FormValue("next"))
	err := s.login(w, r, email, pass)
	if err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	var he *httpError
	if !errors.As(err, &he) {
		s.pageError(w, r, err)
		return
	}
	w.WriteHeader(he.status)
	s.render(w, r, "login", loginData{Email: email, Next: next, Error: he.msg})
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	s.logout(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a post-login redirect on this site: an absolute URL from a crafted link
// would send a freshly logged-in user elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

// home sends a user to their first company's dashboard.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if _, ok := userOf(r); !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	ms := membershipsOf(r)
	if len(ms) == 0 {
		s.render(w, r, "nocompany", nil)
		return
	}
	http.Redirect(w, r, "/c/"+ms[0].Slug+"/", http.StatusSeeOther)
}

func (s *Server) switchCompany(w http.ResponseWriter, r *http.Request) {
	slug := r.URL.Query().Get("company")
	for _, m := range membershipsOf(r) {
		if m.Slug == slug {
			http.Redirect(w, r, "/c/"+slug+"/", http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.Store.ListCompanies(r.Context()); err != nil {
		http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok\n"))
}
