package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"Viewer": "Lecteur", "Collector": "Gestionnaire", "Admin": "Administrateur",
		"reads everything, changes nothing": "lit tout, ne modifie rien", "works the accounts": "travaille les comptes",
		"everything, settings and users included": "tout, réglages et utilisateurs compris",
		"you": "vous", "Change": "Changer", "Remove": "Retirer", "Add a user": "Ajouter un utilisateur", "Add": "Ajouter",
		"Remove this user from the company?":                   "Retirer cet utilisateur de la société ?",
		"Account created. Give this password to":               "Compte créé. Transmettez ce mot de passe à",
		"it is shown only once.":                               "il n'est affiché qu'une fois.",
		"already had an account: their password is unchanged.": "avait déjà un compte : son mot de passe est inchangé.",
		"User added": "Utilisateur ajouté", "Role changed": "Rôle modifié", "User removed": "Utilisateur retiré",
		"you cannot remove your own admin role": "vous ne pouvez pas retirer votre propre rôle d'administrateur",
		"unknown role":                          "rôle inconnu",
		"Disabled":                              "Désactivé",
	})
}

// roleLabels name the roles for people, with what each allows.
var roleLabels = []struct {
	Role        auth.Role
	Label, Help string
}{{auth.Viewer, "Viewer", "reads everything, changes nothing"}, {auth.Collector, "Collector", "works the accounts"},
	{auth.Admin, "Admin", "everything, settings and users included"}}

// usersSettings is the users tab.
type usersSettings struct {
	Members []store.Member
	Roles   []struct {
		Role        auth.Role
		Label, Help string
	}
	Me          int64
	Email, Name string
	Role        auth.Role
	Err         string
	// Created is the account just made and its generated password, shown this once.
	Created  string
	Password string
	Existing string // an e-mail that already had an account, now a member
}

func (s *Server) usersSettings(r *http.Request) (*usersSettings, error) {
	ms, err := s.app.Store.ListUsers(r.Context(), companyOf(r).ID)
	if err != nil {
		return nil, err
	}
	me, _ := userOf(r)
	return &usersSettings{Members: ms, Roles: roleLabels, Me: me.ID, Role: auth.Collector}, nil
}

func (s *Server) settingsUsersPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.usersSettings(r)
	if err != nil {
		return err
	}
	if e := r.URL.Query().Get("existing"); e != "" {
		d.Existing = e
	}
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "users", Users: d})
	return nil
}

// newPassword makes up a password for a new account: 16 characters from 96 random bits.
func newPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// settingsUserAdd gives someone a role in the company. A new account gets a generated
// password, shown once to the admin on the response (never in a URL, never stored in clear);
// an existing account keeps its password.
func (s *Server) settingsUserAdd(w http.ResponseWriter, r *http.Request) error {
	d, err := s.usersSettings(r)
	if err != nil {
		return err
	}
	d.Email, d.Name = strings.TrimSpace(r.FormValue("email")), strings.TrimSpace(r.FormValue("name"))
	role, err := auth.ParseRole(r.FormValue("role"))
	if err != nil {
		d.Err = "unknown role"
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "users", Users: d})
		return nil
	}
	d.Role = role
	if a, err := mail.ParseAddress(d.Email); err != nil || !strings.EqualFold(a.Address, d.Email) {
		d.Err = "not an e-mail address"
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "users", Users: d})
		return nil
	}
	if me, _ := userOf(r); strings.EqualFold(me.Email, d.Email) && role != auth.Admin {
		d.Err = "you cannot remove your own admin role"
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "users", Users: d})
		return nil
	}
	pw, err := newPassword()
	if err != nil {
		return err
	}
	u, created, err := s.app.AddUser(r.Context(), companyOf(r), d.Email, d.Name, pw, role)
	if err != nil {
		return err
	}
	if !created {
		http.Redirect(w, r, "/c/"+companyOf(r).Slug+"/settings/users?flash=User+added&existing="+urlQueryEscape(u.Email), http.StatusSeeOther)
		return nil
	}
	if d, err = s.usersSettings(r); err != nil {
		return err
	}
	d.Created, d.Password = u.Email, pw
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "users", Users: d})
	return nil
}

// companyMember finds the user of the path among the company's members: a user of another company
// is not found.
func (s *Server) companyMember(r *http.Request) (store.Member, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.Member{}, notFound()
	}
	ms, err := s.app.Store.ListUsers(r.Context(), companyOf(r).ID)
	if err != nil {
		return store.Member{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return store.Member{}, notFound()
}

// settingsUserRole changes a member's role. An admin cannot lower their own role: the
// company would risk being left without anyone able to manage it.
func (s *Server) settingsUserRole(w http.ResponseWriter, r *http.Request) error {
	m, err := s.companyMember(r)
	if err != nil {
		return err
	}
	role, err := auth.ParseRole(r.FormValue("role"))
	if err != nil {
		return badRequest("unknown role")
	}
	if me, _ := userOf(r); m.ID == me.ID && role != auth.Admin {
		return badRequest("you cannot remove your own admin role")
	}
	if err := s.app.Store.SetMembership(r.Context(), m.ID, companyOf(r).ID, role); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+companyOf(r).Slug+"/settings/users?flash=Role+changed", http.StatusSeeOther)
	return nil
}

// settingsUserRemove takes a member out of the company; their account stays, for the other
// companies they belong to and for the history that names them.
func (s *Server) settingsUserRemove(w http.ResponseWriter, r *http.Request) error {
	m, err := s.companyMember(r)
	if err != nil {
		return err
	}
	if me, _ := userOf(r); m.ID == me.ID {
		return badRequest("you cannot remove your own admin role")
	}
	if err := s.app.Store.SetMembership(r.Context(), m.ID, companyOf(r).ID, ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+companyOf(r).Slug+"/settings/users?flash=User+removed", http.StatusSeeOther)
	return nil
}
