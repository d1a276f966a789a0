package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

// The letters page: the day's letters — simple letters and registered letters with
// acknowledgement of receipt (formal notices) — with the proof kept of each (its PDF and
// SHA-256), one button to print them all, and per letter the forms that record its posting
// (with its registered-mail number) and its first presentation and acknowledgement of
// receipt. What relance letters and relance letter do on the command line.
func init() {
	const v, c = auth.Viewer, auth.Collector
	addRoute("GET /c/{company}/letters", func(s *Server) http.Handler { return s.page(v, s.lettersPage) })
	addRoute("POST /c/{company}/letters/print", func(s *Server) http.Handler { return s.page(c, s.lettersPrint) })
	addRoute("POST /c/{company}/letters/{id}/posted", func(s *Server) http.Handler { return s.page(c, s.letterPosted) })
	addRoute("POST /c/{company}/letters/{id}/received", func(s *Server) http.Handler { return s.page(c, s.letterReceived) })
	for field, label := range map[string]string{"number": "Registered number", "presented": "First presentation",
		"received": "Acknowledgement of receipt", "status": "Status"} {
		if _, ok := fieldLabels[field]; !ok {
			fieldLabels[field] = label
		}
	}
	inputPatterns = append(inputPatterns, []struct {
		re *regexp.Regexp
		fr string
	}{
		{regexp.MustCompile(`^letter (\d+) is a registered letter: its registered-mail number is required$`),
			"le courrier %s est une lettre recommandée : son numéro de recommandé est obligatoire"},
		{regexp.MustCompile(`^the acknowledgement of receipt \((\S+)\) cannot be signed before the first presentation \((\S+)\)$`),
			"l'accusé de réception (%s) ne peut être signé avant la première présentation (%s)"},
		{regexp.MustCompile(`^the first presentation \((\S+)\) cannot precede the posting \((\S+)\)$`),
			"la première présentation (%s) ne peut précéder le dépôt à la poste (%s)"},
		{regexp.MustCompile(`^letter (\d+) is (\S+): record its posting first$`),
			"le courrier %s est à l'état « %s » : enregistrez d'abord son dépôt à la poste"},
		{regexp.MustCompile(`^letter (\d+) is (\S+): only a letter to print or printed is posted$`),
			"le courrier %s est à l'état « %s » : seul un courrier à imprimer ou imprimé est posté"},
	}...)
	addFR(map[string]string{
		"Letters": "Courriers", "Simple letter": "Lettre simple", "Registered letter with acknowledgement of receipt": "Lettre recommandée avec AR",
		"Print the day's letters": "Imprimer les courriers du jour", "Registered number": "N° de recommandé",
		"Posted on": "Posté le", "First presentation": "Première présentation", "Acknowledgement of receipt": "Accusé de réception",
		"Record the posting": "Enregistrer le dépôt", "Record the receipt": "Enregistrer la réception",
		"Posting recorded.": "Dépôt enregistré.", "Receipt recorded.": "Réception enregistrée.",
		"No letter to print for this day.": "Aucun courrier à imprimer ce jour.", "No letter on this day.": "Aucun courrier ce jour.",
		"Previous day": "Jour précédent", "Next day": "Jour suivant", "Show": "Afficher", "Kind": "Type", "Proof": "Preuve",
		"Template and subject": "Modèle et objet", "Required for a registered letter": "Obligatoire pour une lettre recommandée",
		"Letters are printed, frozen and hashed the first time: printing again gives the very same PDF.": "Les courriers sont figés et hachés à la première impression : imprimer à nouveau redonne exactement le même PDF.",
		"A collector prints the letters and records their posting here.":                                 "Un chargé de recouvrement imprime les courriers et enregistre leur dépôt ici.",
	})
}

// lettersView is the letters page: the day's letters, and the refused form if any.
type lettersView struct {
	Day, Prev, Next civil.Date
	Letters         []letterRow
	Printable       int // the letters the print button prints
	formState
}

// letterRow is a letter with what the page may do with it.
type letterRow struct {
	store.OutboxItem
	Registered bool
	Printable  bool // printing includes it (PrintLetters' statuses)
	CanPost    bool // its posting may be recorded (again)
	CanReceive bool // a registered letter posted: its presentation and receipt may be recorded
}

// Form names, one per letter and kind, so that a refused form comes back unfolded.
func postedForm(id int64) string   { return "posted-" + strconv.FormatInt(id, 10) }
func receivedForm(id int64) string { return "received-" + strconv.FormatInt(id, 10) }

// PostedForm and ReceivedForm let the template name a row's forms.
func (l letterRow) PostedForm() string   { return postedForm(l.ID) }
func (l letterRow) ReceivedForm() string { return receivedForm(l.ID) }

// letterChannels are the outbox channels the page lists.
var letterChannels = []string{string(dunning.Letter), string(dunning.RegisteredLetter)}

func (s *Server) lettersPage(w http.ResponseWriter, r *http.Request) error {
	day, err := s.letterDay(r, r.URL.Query().Get("date"))
	if err != nil {
		return err
	}
	return s.showLetters(w, r, day, nil)
}

// letterDay reads the day of the page (yyyy-mm-dd, or as people write it); today in the
// company's time zone when absent.
func (s *Server) letterDay(r *http.Request, v string) (civil.Date, error) {
	if strings.TrimSpace(v) == "" {
		return s.app.Today(companyOf(r)), nil
	}
	d, err := civil.ParseLoose(v)
	if err != nil {
		return d, badRequest("date: not a date, write it yyyy-mm-dd")
	}
	return d, nil
}

// showLetters draws the letters page of day; with a problem, the refused form comes back
// unfolded with a 422.
func (s *Server) showLetters(w http.ResponseWriter, r *http.Request, day civil.Date, p *formProblem) error {
	co := companyOf(r)
	items, err := s.app.Store.ListOutbox(r.Context(), store.OutboxQuery{CompanyID: co.ID, Day: day, Channels: letterChannels})
	if err != nil {
		return err
	}
	v := lettersView{Day: day, Prev: day.AddDays(-1), Next: day.AddDays(1), formState: formState{Problem: p}}
	for _, it := range items {
		row := letterRow{OutboxItem: it, Registered: it.Channel == string(dunning.RegisteredLetter)}
		switch it.Status {
		case store.OutboxPending, store.OutboxReady:
			row.Printable, row.CanPost = true, true
		case store.OutboxPosted:
			row.Printable, row.CanPost, row.CanReceive = true, true, row.Registered
		case store.OutboxDelivered:
			row.Printable, row.CanReceive = true, row.Registered
		}
		// A refused form is shown with its problem, even on a letter that no longer offers it
		// (a receipt sent for a letter not posted yet).
		row.CanPost = row.CanPost || v.Open(postedForm(it.ID))
		row.CanReceive = row.CanReceive || v.Open(receivedForm(it.ID))
		if row.Printable {
			v.Printable++
		}
		v.Letters = append(v.Letters, row)
	}
	if p != nil {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "letters", v)
		return nil
	}
	s.render(w, r, "letters", v)
	return nil
}

// lettersPrint prints the day's letters: each frozen on its first printing, all joined in one
// PDF, answered as a download.
func (s *Server) lettersPrint(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	day, err := s.letterDay(r, r.PostFormValue("date"))
	if err != nil {
		return err
	}
	p, err := s.app.PrintLetters(r.Context(), co, day)
	if err != nil {
		return err
	}
	if p.Combined == nil {
		http.Redirect(w, r, lettersURL(co.Slug, day, "No letter to print for this day."), http.StatusSeeOther)
		return nil
	}
	servePrintFile(w, p, day)
	return nil
}

// letterOf is the letter of the path, in the company of the path; an e-mail is no letter.
func (s *Server) letterOf(r *http.Request) (store.OutboxItem, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.OutboxItem{}, notFound()
	}
	return letterByID(r.Context(), s.app, companyOf(r).ID, id)
}

// letterByID is the company's outbox item id if it is a letter: an e-mail is no letter (404).
func letterByID(ctx context.Context, a *app.App, companyID, id int64) (store.OutboxItem, error) {
	it, err := a.Store.OutboxItemByID(ctx, companyID, id)
	if err != nil {
		return it, err
	}
	if it.Channel != string(dunning.Letter) && it.Channel != string(dunning.RegisteredLetter) {
		return it, notFound()
	}
	return it, nil
}

func (s *Server) letterPosted(w http.ResponseWriter, r *http.Request) error {
	it, err := s.letterOf(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, postedForm(it.ID))
	number, day := f.str("number"), f.date("date")
	if f.problem != nil {
		return s.showLetters(w, r, it.Day, f.problem)
	}
	if err := s.app.LetterPosted(r.Context(), companyOf(r), it.ID, number, day, authorName(r)); err != nil {
		return s.letterFailed(w, r, it, f.name, err)
	}
	http.Redirect(w, r, lettersURL(companyOf(r).Slug, it.Day, "Posting recorded."), http.StatusSeeOther)
	return nil
}

func (s *Server) letterReceived(w http.ResponseWriter, r *http.Request) error {
	it, err := s.letterOf(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, receivedForm(it.ID))
	presented, received := f.date("presented"), f.date("received")
	if f.problem != nil {
		return s.showLetters(w, r, it.Day, f.problem)
	}
	if err := s.app.LetterReceived(r.Context(), companyOf(r), it.ID, presented, received, authorName(r)); err != nil {
		return s.letterFailed(w, r, it, f.name, err)
	}
	http.Redirect(w, r, lettersURL(companyOf(r).Slug, it.Day, "Receipt recorded."), http.StatusSeeOther)
	return nil
}

// letterFailed shows a refused input — or a letter whose state does not allow the change —
// on the letters page, in the form it came from; any other error is the page's.
func (s *Server) letterFailed(w http.ResponseWriter, r *http.Request, it store.OutboxItem, form string, err error) error {
	if p, ok := problemOf(r, form, err); ok {
		return s.showLetters(w, r, it.Day, p)
	}
	if errors.Is(err, store.ErrConflict) {
		msg := strings.TrimSuffix(err.Error(), ": "+store.ErrConflict.Error())
		return s.showLetters(w, r, it.Day, &formProblem{Form: form, Field: "status", Msg: inputMessage(langOf(r), msg), Values: r.PostForm})
	}
	return err
}

// lettersURL is the letters page of day, with a flash message.
func lettersURL(company string, day civil.Date, flash string) string {
	u := "/c/" + company + "/letters?date=" + day.String()
	if flash != "" {
		u += "&flash=" + url.QueryEscape(flash)
	}
	return u
}
