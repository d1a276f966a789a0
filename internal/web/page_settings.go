package web

import (
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
)

// The settings pages, for admins: the company's details, its SMTP server, its users and its
// API tokens, one tab each (page_settings_*.go). Business settings live in the database and
// are edited here (STYLE.md, convention 11); secrets are written, never shown back.
func init() {
	admin := func(pattern string, h func(*Server, http.ResponseWriter, *http.Request) error) {
		addRoute(pattern, func(s *Server) http.Handler {
			return s.page(auth.Admin, func(w http.ResponseWriter, r *http.Request) error { return h(s, w, r) })
		})
	}
	admin("GET /c/{company}/settings", (*Server).settingsCompanyPage)
	admin("POST /c/{company}/settings/company", (*Server).settingsCompanySave)
	admin("GET /c/{company}/settings/smtp", (*Server).settingsSMTPPage)
	admin("POST /c/{company}/settings/smtp", (*Server).settingsSMTPSave)
	admin("POST /c/{company}/settings/smtp/test", (*Server).settingsSMTPTest)
	admin("GET /c/{company}/settings/users", (*Server).settingsUsersPage)
	admin("POST /c/{company}/settings/users", (*Server).settingsUserAdd)
	admin("POST /c/{company}/settings/users/{id}/role", (*Server).settingsUserRole)
	admin("POST /c/{company}/settings/users/{id}/remove", (*Server).settingsUserRemove)
	admin("GET /c/{company}/settings/tokens", (*Server).settingsTokensPage)
	admin("POST /c/{company}/settings/tokens", (*Server).settingsTokenCreate)
	admin("POST /c/{company}/settings/tokens/{id}/revoke", (*Server).settingsTokenRevoke)

	addFR(map[string]string{
		"Company details": "Coordonnées de la société", "SMTP server": "Serveur SMTP", "Users": "Utilisateurs", "API tokens": "Jetons d'API",
	})
}

// settingsTabs are the tabs of the settings pages: the key the page shows, its label, its path.
var settingsTabs = []struct{ Key, Label, Path string }{
	{"company", "Company details", ""}, {"smtp", "SMTP server", "/smtp"}, {"users", "Users", "/users"}, {"tokens", "API tokens", "/tokens"},
}

// settingsData is every tab's data; each handler fills its own part.
type settingsData struct {
	Tab     string
	Tabs    []struct{ Key, Label, Path string }
	Company *companySettings
	SMTP    *smtpSettings
	Users   *usersSettings
	Tokens  *tokensSettings
}

// renderSettings shows a tab. A page that carries a secret shown once (a new password, a new
// token) must not be kept by the browser or a proxy.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, d settingsData) {
	d.Tabs = settingsTabs
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusOK {
		s.render(w, r, "settings", d)
		return
	}
	s.renderStatus(w, r, status, "settings", d)
}

// localTime writes an instant as the company's people read it: in its time zone, day first
// in French.
func localTime(co receivable.Company, lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(app.Location(co))
	if lang == "en" {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("02/01/2006 15:04")
}
