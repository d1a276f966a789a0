package web

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

// The review queue of payment matching (lettrage): the bank payments relance could not
// allocate with certainty, each with the invoices proposed, the confidence and the reasons.
// A viewer reads it; a collector accepts, rejects, or undoes an allocation.
func init() {
	addRoute("GET /c/{company}/matches", func(s *Server) http.Handler { return s.page(auth.Viewer, s.matchesPage) })
	for _, verb := range []string{"accept", "reject", "undo"} {
		addRoute("POST /c/{company}/matches/{id}/"+verb, func(s *Server) http.Handler {
			return s.page(auth.Collector, func(w http.ResponseWriter, r *http.Request) error { return s.matchDecide(w, r, verb) })
		})
	}
	addFR(map[string]string{
		"Payment matching": "Lettrage des règlements", "To review": "À valider", "Allocated automatically": "Affectés automatiquement",
		"Accepted": "Acceptés", "Refused": "Refusés", "Payer": "Payeur", "Remittance": "Libellé du virement",
		"Proposed invoices": "Factures proposées", "Confidence": "Confiance", "Reasons": "Raisons", "Accept": "Accepter",
		"Undo": "Annuler", "on account": "en compte", "Nothing to review.": "Rien à valider.", "Decided by": "Décidé par",
		"Bank payments relance could not allocate with certainty wait here for a collector.": "Les règlements que relance n'a pu affecter avec certitude attendent ici la décision d'un chargé de recouvrement.",
		"Payment allocated.": "Règlement affecté.",
		"Proposal refused: the payment stays unallocated.":             "Proposition refusée : le règlement reste non affecté.",
		"Undone: the proposal is back in the review queue.":            "Annulé : la proposition revient dans la file à valider.",
		"Undo this allocation? The payment becomes unallocated again.": "Annuler cette affectation ? Le règlement redevient non affecté.",
		"Refuse this proposal? The payment stays unallocated.":         "Refuser cette proposition ? Le règlement reste non affecté.",
	})
}

var matchTabs = []struct{ Key, Label string }{{string(store.ProposalPending), "To review"}, {string(store.ProposalAuto), "Allocated automatically"},
	{string(store.ProposalAccepted), "Accepted"}, {string(store.ProposalRejected), "Refused"}, {"all", "All"}}

type matchesData struct {
	Status string
	Tabs   []struct{ Key, Label string }
	Items  []store.Proposal
	Prev   string
	Next   string
}

func (s *Server) matchesPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	status := r.URL.Query().Get("status")
	if status == "" {
		status = string(store.ProposalPending)
	}
	q := store.ProposalQuery{}
	if status != "all" {
		st, err := app.ParseProposalStatus(status)
		if err != nil {
			return badRequest(err.Error())
		}
		q.Status = st
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	q.Limit, q.Offset = pageSize+1, (page-1)*pageSize
	items, err := s.app.Proposals(r.Context(), co, q)
	if err != nil {
		return err
	}
	d := matchesData{Status: status, Tabs: matchTabs}
	if len(items) > pageSize {
		items, d.Next = items[:pageSize], pageLink(r, page+1)
	}
	if page > 1 {
		d.Prev = pageLink(r, page-1)
	}
	d.Items = items
	s.render(w, r, "matches", d)
	return nil
}

// matchDecide accepts, rejects or undoes a proposal of the company in the path; another
// company's proposal does not exist here (404), and a decision already taken is a conflict.
func (s *Server) matchDecide(w http.ResponseWriter, r *http.Request, verb string) error {
	co := companyOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	var flash string
	switch verb {
	case "accept":
		_, err = s.app.AcceptProposal(r.Context(), co, id, authorName(r))
		flash = "Payment allocated."
	case "reject":
		_, err = s.app.RejectProposal(r.Context(), co, id, authorName(r))
		flash = "Proposal refused: the payment stays unallocated."
	default:
		_, err = s.app.UndoProposal(r.Context(), co, id, authorName(r))
		flash = "Undone: the proposal is back in the review queue."
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/matches?flash="+urlQueryEscape(flash), http.StatusSeeOther)
	return nil
}
