package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}"
	addAPI("GET", c+"/actions", auth.Viewer, (*apiHandler).listActions)
	addAPI("GET", c+"/actions/{action}", auth.Viewer, (*apiHandler).getAction)
	addAPI("POST", c+"/actions/{action}/approve", auth.Collector, (*apiHandler).approveAction)
	addAPI("POST", c+"/actions/{action}/reject", auth.Collector, (*apiHandler).rejectAction)
	addAPI("POST", c+"/actions/{action}/done", auth.Collector, (*apiHandler).actionDone)
	addAPI("GET", c+"/worklist", auth.Viewer, (*apiHandler).worklist)
}

var (
	actionStatuses = []string{string(dunning.StatusQueued), string(dunning.StatusAwaitingApproval), string(dunning.StatusSent),
		string(dunning.StatusDone), string(dunning.StatusSkipped), string(dunning.StatusCancelled), string(dunning.StatusFailed)}
	actionChannels = []string{string(dunning.Email), string(dunning.Letter), string(dunning.RegisteredLetter), string(dunning.Call), string(dunning.Task)}
)

// listActions lists what the runs decided, as store.ActionRecord (the run's action with where
// it stands), filtered by status, channel, day and customer.
func (h *apiHandler) listActions(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "status", "channel", "day", "customer", "limit", "offset")
	q := store.ActionQuery{CompanyID: co.ID, Day: p.date("day")}
	for _, s := range p.listOf("status", actionStatuses...) {
		q.Statuses = append(q.Statuses, dunning.Status(s))
	}
	for _, c := range p.listOf("channel", actionChannels...) {
		q.Channels = append(q.Channels, dunning.Channel(c))
	}
	ref := p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	var err error
	if q.CustomerID, err = h.customerFilter(r, ref); err != nil {
		return err
	}
	q.Limit, q.Offset = pg.limit+1, pg.offset
	list, err := h.app.Store.ListActions(r.Context(), q)
	if err != nil {
		return err
	}
	return writeList(w, r, pg, list)
}

// action reads the action of the path within the company.
func (h *apiHandler) action(r *http.Request) (store.ActionRecord, error) {
	id, err := pathID(r, "action")
	if err != nil {
		return store.ActionRecord{}, err
	}
	return h.app.Store.Action(r.Context(), companyOf(r).ID, id)
}

func (h *apiHandler) getAction(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	act, err := h.action(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, act)
}

// approveAction lets an action awaiting approval go out (409 when it awaits none).
func (h *apiHandler) approveAction(w http.ResponseWriter, r *http.Request) error {
	act, err := h.action(r)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	if act.Status != dunning.StatusAwaitingApproval {
		return conflict("action %d is %s, not awaiting approval", act.ID, act.Status)
	}
	if err := h.app.Approve(r.Context(), companyOf(r), act.ID, authorName(r)); err != nil {
		return err
	}
	return h.writeAction(w, r, act.ID)
}

type rejectInput struct {
	Reason string `json:"reason"`
}

// rejectAction cancels an action awaiting approval: its message never goes out.
func (h *apiHandler) rejectAction(w http.ResponseWriter, r *http.Request) error {
	act, err := h.action(r)
	if err != nil {
		return err
	}
	var in rejectInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if act.Status != dunning.StatusAwaitingApproval {
		return conflict("action %d is %s, not awaiting approval", act.ID, act.Status)
	}
	if err := h.app.Reject(r.Context(), companyOf(r), act.ID, authorName(r), in.Reason); err != nil {
		return err
	}
	return h.writeAction(w, r, act.ID)
}

type doneInput struct {
	Note string `json:"note"`
}

// actionDone closes a call or a task of the worklist, with what came of it.
func (h *apiHandler) actionDone(w http.ResponseWriter, r *http.Request) error {
	act, err := h.action(r)
	if err != nil {
		return err
	}
	var in doneInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if act.Channel != dunning.Call && act.Channel != dunning.Task {
		return invalid("", "action %d is a %s: only a call or a task is done by hand; a message is sent by the outbox", act.ID, act.Channel)
	}
	if act.Status != dunning.StatusQueued {
		return conflict("action %d is %s: only a queued call or task can be marked done", act.ID, act.Status)
	}
	co := companyOf(r)
	if err := h.app.Store.SetActionStatus(r.Context(), co.ID, act.ID, []dunning.Status{dunning.StatusQueued}, dunning.StatusDone, in.Note, authorName(r)); err != nil {
		return err
	}
	return h.writeAction(w, r, act.ID)
}

func (h *apiHandler) writeAction(w http.ResponseWriter, r *http.Request, id int64) error {
	act, err := h.app.Store.Action(r.Context(), companyOf(r).ID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, act)
}

// worklist is the day's work: calls and tasks to do, firmest and largest first, and the
// actions awaiting approval.
func (h *apiHandler) worklist(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "day", "collector")
	wp := app.WorklistParams{Day: p.date("day"), Collector: p.str("collector")}
	if p.err != nil {
		return p.err
	}
	wl, err := h.app.Worklist(r.Context(), companyOf(r), wp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wl)
}
