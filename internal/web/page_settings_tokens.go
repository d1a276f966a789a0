package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"Acts as": "Agit en tant que", "Created": "Créé le", "Last used": "Dernière utilisation", "never": "jamais",
		"Revoke": "Révoquer", "Revoke this token? Integrations using it will stop working.": "Révoquer ce jeton ? Les intégrations qui l'utilisent cesseront de fonctionner.",
		"New token": "Nouveau jeton", "Create a token": "Créer un jeton",
		"Copy this token now: it is shown only once, and relance keeps only its hash.": "Copiez ce jeton maintenant : il n'est affiché qu'une fois, et relance n'en garde que l'empreinte.",
		"Integrations send it in the header":                                           "Les intégrations l'envoient dans l'en-tête",
		"A token acts in this company only, with the role of the user it acts as.":     "Un jeton agit dans cette société seulement, avec le rôle de l'utilisateur pour qui il agit.",
		"name the token after what uses it":                                            "nommez le jeton d'après ce qui l'utilise",
		"choose a member of the company":                                               "choisissez un membre de la société",
		"Token revoked":                                                                "Jeton révoqué", "No token.": "Aucun jeton.",
	})
}

// tokensSettings is the API tokens tab.
type tokensSettings struct {
	Tokens  []tokenRow
	Members []tokenUser
	Me      int64
	Name    string
	Err     string
	// Token is the token just created, shown this once: only its hash is stored.
	Token     string
	TokenName string
}

type tokenRow struct {
	store.APIToken
	User     string
	Created  string
	LastUsed string
}

// tokenUser is a member a token can act as, with their role's label.
type tokenUser struct {
	ID          int64
	Email, Role string
}

func (s *Server) tokensSettings(r *http.Request) (*tokensSettings, error) {
	co := companyOf(r)
	ms, err := s.app.Store.ListUsers(r.Context(), co.ID)
	if err != nil {
		return nil, err
	}
	ts, err := s.app.Store.ListAPITokens(r.Context(), co.ID)
	if err != nil {
		return nil, err
	}
	me, _ := userOf(r)
	d := &tokensSettings{Me: me.ID}
	for _, m := range ms {
		u := tokenUser{ID: m.ID, Email: m.Email, Role: string(m.Role)}
		for _, rl := range roleLabels {
			if rl.Role == m.Role {
				u.Role = rl.Label
			}
		}
		d.Members = append(d.Members, u)
	}
	lang := langOf(r)
	for _, t := range ts {
		row := tokenRow{APIToken: t, User: "#" + strconv.FormatInt(t.UserID, 10),
			Created: localTime(co, lang, t.CreatedAt), LastUsed: localTime(co, lang, t.LastUsedAt)}
		for _, m := range ms {
			if m.ID == t.UserID {
				row.User = m.Email
			}
		}
		d.Tokens = append(d.Tokens, row)
	}
	return d, nil
}

func (s *Server) settingsTokensPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.tokensSettings(r)
	if err != nil {
		return err
	}
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "tokens", Tokens: d})
	return nil
}

// settingsTokenCreate makes a token for an integration. It acts as a member of the company
// (the admin by default; a collector's account gives an integration a collector's rights)
// and is shown once, on this response.
func (s *Server) settingsTokenCreate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.tokensSettings(r)
	if err != nil {
		return err
	}
	d.Name = strings.TrimSpace(r.FormValue("name"))
	userID := d.Me
	if v := r.FormValue("user"); v != "" {
		userID, _ = strconv.ParseInt(v, 10, 64)
	}
	member := false
	for _, m := range d.Members {
		member = member || m.ID == userID
	}
	switch {
	case d.Name == "" || len(d.Name) > 100:
		d.Err = "name the token after what uses it"
	case !member:
		d.Err = "choose a member of the company"
	}
	if d.Err != "" {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "tokens", Tokens: d})
		return nil
	}
	tok, hash, err := auth.NewToken("rl_")
	if err != nil {
		return err
	}
	co := companyOf(r)
	if err := s.app.Store.CreateAPIToken(r.Context(), &store.APIToken{UserID: userID, CompanyID: co.ID, Name: d.Name, Hash: hash}); err != nil {
		return err
	}
	if d, err = s.tokensSettings(r); err != nil {
		return err
	}
	d.Token, d.TokenName = tok, strings.TrimSpace(r.FormValue("name"))
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "tokens", Tokens: d})
	return nil
}

func (s *Server) settingsTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	co := companyOf(r)
	if err := s.app.Store.RevokeAPIToken(r.Context(), co.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/settings/tokens?flash=Token+revoked", http.StatusSeeOther)
	return nil
}
