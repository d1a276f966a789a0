package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
)

func init() {
	addFR(map[string]string{
		"Calls and tasks": "Appels et tâches", "Awaiting approval": "En attente de validation", "Approve": "Valider",
		"Reject": "Refuser", "Done": "Fait", "Nothing to do today.": "Rien à faire aujourd'hui.", "Contact": "Contact",
		"Open the customer": "Ouvrir le client", "Call script": "Script d'appel", "Mark done": "Marquer fait",
		"Reject this action? It will not go out.": "Refuser cette action ? Elle ne partira pas.",
		"Invoices concerned":                      "Factures concernées", "Only mine": "Seulement les miens",
	})
}

type worklistData struct {
	Work      []worklistRow
	Approvals []worklistRow
	Collector string // the filter
	Prev      string
	Next      string
	CanAct    bool // a collector: the outcome forms are shown
	T         worklistLabels
}

// worklistRow is an entry with what the page writes of it formatted beforehand, and
// worklistLabels the page's words translated once: the page shows fifty entries, and
// each function a template calls costs it more than the entry's data.
type worklistRow struct {
	app.WorkItem
	Phase, Total, Invoices, Day, URL string
	Call                             bool
}

type worklistLabels struct {
	DaysLate, OpenCustomer, Contact, InvoicesConcerned, CallScript, Note, Reached, NoAnswerAgain, NoAnswerClose,
	More, MarkDone, Approve, Reject, RejectConfirm string
}

func newWorklistRows(items []app.WorkItem, lang, company string) []worklistRow {
	rows := make([]worklistRow, len(items))
	for i, it := range items {
		rows[i] = worklistRow{WorkItem: it, Phase: it.Phase.Label(lang), Total: it.Total.Format(lang), Invoices: strings.Join(it.Invoices, ", "),
			Day: it.Day.Format(lang), URL: "/c/" + company + "/customers/" + url.PathEscape(it.CustomerRef), Call: it.Channel == dunning.Call}
	}
	return rows
}

// worklistPerPage is what a collector takes in at a glance, and keeps the page quick to read
// again after each change: the store reads only the page, in the worklist's order.
var worklistPerPage = 25

// worklistPage lists the day's calls and tasks, firmest and largest first, and what waits for
// approval, each with one-click outcomes; a page at a time (both lists move together).
func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request) error {
	return s.keptPage(w, r, "worklist", "worklist", func() (any, error) { return s.worklistData(r) })
}

// worklistData reads the worklist's page of the request.
func (s *Server) worklistData(r *http.Request) (worklistData, error) {
	co, lang := companyOf(r), langOf(r)
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	d := worklistData{Collector: q.Get("collector"), CanAct: roleOf(r).Allows(auth.Collector)}
	wl, err := s.app.Worklist(r.Context(), co, app.WorklistParams{Collector: d.Collector, Limit: worklistPerPage + 1, Offset: (page - 1) * worklistPerPage})
	if err != nil {
		return d, err
	}
	if len(wl.Todo) > worklistPerPage || len(wl.Approvals) > worklistPerPage {
		d.Next = pageLink(r, page+1)
		wl.Todo, wl.Approvals = wl.Todo[:min(len(wl.Todo), worklistPerPage)], wl.Approvals[:min(len(wl.Approvals), worklistPerPage)]
	}
	if page > 1 {
		d.Prev = pageLink(r, page-1)
	}
	d.Work, d.Approvals = newWorklistRows(wl.Todo, lang, co.Slug), newWorklistRows(wl.Approvals, lang, co.Slug)
	d.T = worklistLabels{DaysLate: tr(lang, "days late"), OpenCustomer: tr(lang, "Open the customer"), Contact: tr(lang, "Contact"),
		InvoicesConcerned: tr(lang, "Invoices concerned"), CallScript: tr(lang, "Call script"), Note: tr(lang, "Note"),
		Reached: tr(lang, "Reached: record"), NoAnswerAgain: tr(lang, "No answer: call again"), NoAnswerClose: tr(lang, "No answer: close"),
		More: tr(lang, "A promise, a dispute, the right contact…"), MarkDone: tr(lang, "Mark done"), Approve: tr(lang, "Approve"),
		Reject: tr(lang, "Reject"), RejectConfirm: tr(lang, "Reject this action? It will not go out.")}
	return d, nil
}

// actionDone closes a call or task from the worklist.
func (s *Server) actionDone(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	if err := s.app.Store.SetActionStatus(r.Context(), co.ID, id, statusOK, dunning.StatusDone, r.FormValue("note"), authorName(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/worklist?flash=Done", http.StatusSeeOther)
	return nil
}
