package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
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
	Work      []store.ActionRecord
	Approvals []store.ActionRecord
	Collector string
}

// worklistPage lists the day's calls and tasks, firmest and largest first, and what waits for
// approval, each with one-click outcomes.
func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	day := s.app.Today(co)
	collector := r.URL.Query().Get("collector")
	work, err := s.app.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, UpTo: day, Collector: collector,
		Statuses: []dunning.Status{dunning.StatusQueued}, Channels: []dunning.Channel{dunning.Call, dunning.Task}, Limit: 500})
	if err != nil {
		return err
	}
	slices.SortStableFunc(work, func(a, b store.ActionRecord) int { return dunning.CompareWorklist(a.Action, b.Action) })
	approvals, err := s.app.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Collector: collector,
		Statuses: []dunning.Status{dunning.StatusAwaitingApproval}, Limit: 500})
	if err != nil {
		return err
	}
	s.render(w, r, "worklist", worklistData{Work: work, Approvals: approvals, Collector: collector})
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
