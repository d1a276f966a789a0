package web

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/app"
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
	Work      []app.WorkItem
	Approvals []app.WorkItem
	Collector string
	Prev      string
	Next      string
}

// worklistPerPage keeps the page light (each call carries its outcome form) and quick: the
// store reads only the page, in the worklist's order.
var worklistPerPage = pageSize

// worklistPage lists the day's calls and tasks, firmest and largest first, and what waits for
// approval, each with one-click outcomes; a page at a time (both lists move together).
func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	d := worklistData{Collector: r.URL.Query().Get("collector")}
	wl, err := s.app.Worklist(r.Context(), co, app.WorklistParams{Collector: d.Collector, Limit: worklistPerPage + 1, Offset: (page - 1) * worklistPerPage})
	if err != nil {
		return err
	}
	d.Work, d.Approvals = wl.Todo, wl.Approvals
	if len(d.Work) > worklistPerPage || len(d.Approvals) > worklistPerPage {
		d.Next = pageLink(r, page+1)
		d.Work, d.Approvals = d.Work[:min(len(d.Work), worklistPerPage)], d.Approvals[:min(len(d.Approvals), worklistPerPage)]
	}
	if page > 1 {
		d.Prev = pageLink(r, page-1)
	}
	s.render(w, r, "worklist", d)
	return nil
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
	s.dash.invalidate(co.ID)
	http.Redirect(w, r, "/c/"+co.Slug+"/worklist?flash=Done", http.StatusSeeOther)
	return nil
}
