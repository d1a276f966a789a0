package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}"
	addAPI("GET", c+"/actions", auth.Viewer, (*apiHandler).listActions)
	addAPI("GET", c+"/actions/{action}", auth.Viewer, (*apiHandler).getAction)
	addAPI("POST", c+"/actions/{action}/approve", auth.Collector, (*apiHandler).approveAction)
	addAPI("POST", c+"/actions/{action}/reject", auth.Collector, (*apiHandler).rejectAction)
	addAPI("POST", c+"/actions/{action}/done", auth.Collector, (*apiHandler).actionDone)
	addAPI("POST", c+"/actions/{action}/call", auth.Collector, (*apiHandler).logCall)
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

// callInput is what came of a call of the worklist: the outcomes of the worklist's form.
type callInput struct {
	// Outcome is reached, no_answer (the call stays on the worklist, to try again) or
	// no_answer_close (nobody answered, and no further attempt is wanted).
	Outcome      string            `json:"outcome"`
	Person       string            `json:"person"`
	Note         string            `json:"note"`
	Promise      *callPromiseInput `json:"promise"`
	Dispute      *callDisputeInput `json:"dispute"`
	RightContact *callContactInput `json:"right_contact"`
}

type callPromiseInput struct {
	Date           string       `json:"date"`
	Amount         *money.Cents `json:"amount_cents"`
	InvoiceNumbers []string     `json:"invoice_numbers"`
}

type callDisputeInput struct {
	InvoiceNumber string `json:"invoice_number"`
	Reason        string `json:"reason"`
}

type callContactInput struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

var callOutcomes = []string{"reached", "no_answer", "no_answer_close"}

// apiCallResult is what logging the call did: the action where it now stands, and the
// promise, dispute and contact it recorded (null when none).
type apiCallResult struct {
	Action    store.ActionRecord `json:"action"`
	PromiseID *int64             `json:"promise_id"`
	DisputeID *int64             `json:"dispute_id"`
	ContactID *int64             `json:"contact_id"`
	// Confirmation is how the promise is confirmed in writing: email, letter, or impossible
	// (no address of either kind); "" without a promise.
	Confirmation string `json:"confirmation"`
}

// callFields spell the use case's fields as the request does; "action" is the path's.
var callFields = map[string]string{"reached": "outcome", "action": "", "amount": "promise.amount_cents", "date": "promise.date",
	"invoice": "promise.invoice_numbers", "reason": "dispute.reason", "dispute": "dispute.invoice_number"}

// logCall records a call of the worklist through app.LogCall, in one transaction: the call in
// the customer's history, the action done (or left queued when nobody answered), the promise
// with its written confirmation, the dispute, the right contact.
func (h *apiHandler) logCall(w http.ResponseWriter, r *http.Request) error {
	act, err := h.action(r)
	if err != nil {
		return err
	}
	var in callInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	o, err := h.callOutcome(r, act, in)
	if err != nil {
		return err
	}
	res, err := h.app.LogCall(r.Context(), companyOf(r), o, authorName(r))
	if err != nil {
		// What is left unfound is a promised invoice: the dispute's was looked up before.
		return refNotFound(renameFields(err, callFields), "promise.invoice_numbers")
	}
	out := apiCallResult{PromiseID: nonZero(res.PromiseID), DisputeID: nonZero(res.DisputeID), ContactID: nonZero(res.ContactID),
		Confirmation: res.Confirmation}
	if out.Action, err = h.app.Store.Action(r.Context(), companyOf(r).ID, act.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// callOutcome reads the request into the use case's terms, checking what only the request
// can tell: the outcome given, the dates readable, the disputed invoice known (so that an
// unknown invoice is named as the dispute's, not the promise's).
func (h *apiHandler) callOutcome(r *http.Request, act store.ActionRecord, in callInput) (app.CallOutcome, error) {
	o := app.CallOutcome{ActionID: act.ID, Person: strings.TrimSpace(in.Person), Note: strings.TrimSpace(in.Note)}
	if act.Channel != dunning.Call {
		return o, invalid("", "action %d is a %s, not a call", act.ID, act.Channel)
	}
	if act.Status != dunning.StatusQueued {
		return o, conflict("action %d is %s: only a call still on the worklist is logged", act.ID, act.Status)
	}
	switch in.Outcome {
	case "reached":
		o.Reached = true
	case "no_answer":
	case "no_answer_close":
		o.Close = true
	case "":
		return o, invalid("outcome", "outcome is required: %s", strings.Join(callOutcomes, ", "))
	default:
		return o, invalid("outcome", "outcome %q: want %s", in.Outcome, strings.Join(callOutcomes, ", "))
	}
	if p := in.Promise; p != nil {
		d, err := parseDate("promise.date", p.Date, true)
		if err != nil {
			return o, err
		}
		o.Promise = &app.CallPromise{Date: d, InvoiceNumbers: p.InvoiceNumbers}
		if p.Amount != nil {
			o.Promise.Amount = *p.Amount
		}
	}
	if d := in.Dispute; d != nil {
		n := strings.TrimSpace(d.InvoiceNumber)
		if n == "" {
			return o, invalid("dispute.invoice_number", "dispute.invoice_number is required")
		}
		if _, err := h.app.Store.InvoiceByNumber(r.Context(), companyOf(r).ID, receivable.KindInvoice, n); err != nil {
			return o, refNotFound(fmt.Errorf("no invoice numbered %q: %w", n, err), "dispute.invoice_number")
		}
		o.Dispute = &app.CallDispute{InvoiceNumber: n, Reason: d.Reason}
	}
	if c := in.RightContact; c != nil {
		o.RightContact = &receivable.Contact{Name: strings.TrimSpace(c.Name), Role: strings.TrimSpace(c.Role),
			Email: strings.TrimSpace(c.Email), Phone: strings.TrimSpace(c.Phone)}
	}
	return o, nil
}

// nonZero is an id, or null for none.
func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
