package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"Host": "Serveur", "Port": "Port", "Encryption": "Chiffrement", "User": "Utilisateur",
		"none (a relay on your own network)": "aucun (relais sur votre propre réseau)", "STARTTLS (port 587)": "STARTTLS (port 587)",
		"TLS (port 465)": "TLS (port 465)", "From": "Expéditeur", "At most (e-mails a minute, 0: no limit)": "Au plus (e-mails par minute, 0 : sans limite)",
		"Accept any server certificate (a self-signed relay)":     "Accepter tout certificat serveur (relais auto-signé)",
		"A password is stored: leave the field empty to keep it.": "Un mot de passe est enregistré : laissez le champ vide pour le conserver.",
		"No SMTP server yet: relance cannot send e-mails.":        "Pas encore de serveur SMTP : relance ne peut pas envoyer d'e-mails.",
		"Send a test e-mail": "Envoyer un e-mail de test", "To": "Destinataire", "Send": "Envoyer",
		"SMTP settings saved": "Réglages SMTP enregistrés", "Test e-mail sent": "E-mail de test envoyé",
		"The test e-mail could not be sent": "L'e-mail de test n'a pas pu être envoyé",
		"save the SMTP settings first":      "enregistrez d'abord les réglages SMTP",
		"through":                           "via",
		"Save the settings before testing them: the test uses what is stored.": "Enregistrez les réglages avant de les tester : le test utilise ce qui est enregistré.",
	})
}

// smtpSettings is the SMTP tab: the settings without their password, whether one is stored,
// and the outcome of a save or a test.
type smtpSettings struct {
	Host, TLS, User, From string
	Port, PerMin          int
	Insecure              bool
	HasPassword           bool
	Exists                bool
	Err                   string
	TestTo                string
	TestOK                string
	TestErr               string
}

func smtpForm(s relmail.Settings, exists bool) *smtpSettings {
	return &smtpSettings{Host: s.Host, TLS: s.TLS, User: s.User, From: s.From, Port: s.Port, PerMin: s.PerMin,
		Insecure: s.InsecureSkipVerify, HasPassword: s.Password != "", Exists: exists}
}

// storedSMTP reads the company's settings; none yet is not an error.
func (s *Server) storedSMTP(r *http.Request) (relmail.Settings, bool, error) {
	st, err := s.app.SMTPSettings(r.Context(), companyOf(r))
	if errors.Is(err, store.ErrNotFound) {
		return relmail.Settings{Port: 587, TLS: "starttls"}, false, nil
	}
	return st, err == nil, err
}

func (s *Server) settingsSMTPPage(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.storedSMTP(r)
	if err != nil {
		return err
	}
	s.renderSettings(w, r, http.StatusOK, settingsData{Tab: "smtp", SMTP: smtpForm(st, ok)})
	return nil
}

// settingsSMTPSave stores the settings. The password field is never filled in by the page:
// left empty, it keeps the stored password (for the same user).
func (s *Server) settingsSMTPSave(w http.ResponseWriter, r *http.Request) error {
	old, exists, err := s.storedSMTP(r)
	if err != nil {
		return err
	}
	port, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("port")))
	perMin, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("per_minute")))
	st := relmail.Settings{Host: strings.TrimSpace(r.FormValue("host")), Port: port, TLS: r.FormValue("tls"),
		User: strings.TrimSpace(r.FormValue("user")), Password: r.FormValue("password"), From: strings.TrimSpace(r.FormValue("from")),
		Helo: old.Helo, PerMin: max(perMin, 0), InsecureSkipVerify: r.FormValue("insecure") != ""}
	if st.Password == "" && st.User != "" {
		st.Password = old.Password
	}
	if st.User == "" {
		st.Password = ""
	}
	if err := s.app.SetSMTPSettings(r.Context(), companyOf(r), st); err != nil {
		f := smtpForm(st, exists)
		f.HasPassword = old.Password != "" && st.User != ""
		f.Err = scrubSecrets(err.Error(), st.Password, old.Password)
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsData{Tab: "smtp", SMTP: f})
		return nil
	}
	http.Redirect(w, r, "/c/"+companyOf(r).Slug+"/settings/smtp?flash=SMTP+settings+saved", http.StatusSeeOther)
	return nil
}

// scrubSecrets hides secrets in a message meant for the page: a server's error could quote what it
// was sent.
func scrubSecrets(msg string, secrets ...string) string {
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "********")
		}
	}
	return msg
}

// settingsSMTPTest sends a test e-mail through the stored settings to the address typed, and
// says what happened: sent, or the server's answer.
func (s *Server) settingsSMTPTest(w http.ResponseWriter, r *http.Request) error {
	st, exists, err := s.storedSMTP(r)
	if err != nil {
		return err
	}
	f := smtpForm(st, exists)
	f.TestTo = strings.TrimSpace(r.FormValue("to"))
	status := http.StatusOK
	if a, perr := mail.ParseAddress(f.TestTo); perr != nil || a.Address != f.TestTo {
		f.TestErr, status = "not an e-mail address", http.StatusUnprocessableEntity
	} else if !exists {
		f.TestErr, status = "save the SMTP settings first", http.StatusUnprocessableEntity
	} else if err := sendTestMail(r.Context(), st, f.TestTo, s.app.Now()); err != nil {
		f.TestErr, status = scrubSecrets(err.Error(), st.Password), http.StatusBadGateway
	} else {
		f.TestOK = fmt.Sprintf("%s:%d", st.Host, st.Port)
	}
	s.renderSettings(w, r, status, settingsData{Tab: "smtp", SMTP: f})
	return nil
}

// sendTestMail is `relance smtp test`: a short bilingual message that proves the settings work.
func sendTestMail(ctx context.Context, st relmail.Settings, to string, now time.Time) error {
	sender, err := relmail.NewSender(st)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return sender.Send(ctx, relmail.Message{To: to, Date: now, Subject: "relance : e-mail de test / test e-mail",
		Text: fmt.Sprintf("Cet e-mail de test confirme que relance peut envoyer vos relances par %s.\n\n"+
			"This test e-mail confirms that relance can send your reminders through %s.\n", st.Host, st.Host)})
}
