package web

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/auth"
)

func init() {
	addFR(map[string]string{
		"E-mails sent by the demo go to an SMTP catcher inside the server; here they are, the latest first.": "Les e-mails envoyés par la démonstration vont à un serveur SMTP interne ; les voici, du plus récent au plus ancien.",
		"No e-mail yet: they go out about a minute after the run.":                                           "Pas encore d'e-mail : ils partent environ une minute après le traitement.",
	})
	addRoute("GET /c/{company}/demo/mailbox", func(s *Server) http.Handler { return s.page(auth.Viewer, s.mailboxPage) })
}

func (s *Server) mailboxPage(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Demo == nil || s.cfg.Demo.Mailbox == nil {
		return notFound()
	}
	mails := s.cfg.Demo.Mailbox()
	slices.Reverse(mails)
	s.render(w, r, "mailbox", mails)
	return nil
}
