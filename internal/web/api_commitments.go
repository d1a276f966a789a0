package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// What a debtor and a collector agreed or contested: disputes, promises to pay and payment
// plans. The use cases (app/commitments.go) record each change with its timeline entry and,
// for a promise or a plan, its written confirmation; this file only reads requests and
// answers.

func init() {
	const c = "/companies/{company}"
	addAPI("GET", c+"/disputes", auth.Viewer, (*apiHandler).listDisputes)
	addAPI("POST", c+"/disputes", auth.Collector, (*apiHandler).openDispute)
	addAPI("POST", c+"/disputes/{dispute}/resolve", auth.Collector, (*apiHandler).resolveDispute)
	addAPI("GET", c+"/promises", auth.Viewer, (*apiHandler).listPromises)
	addAPI("POST", c+"/promises", auth.Collector, (*apiHandler).addPromise)
	addAPI("POST", c+"/promises/{promise}/cancel", auth.Collector, (*apiHandler).cancelPromise)
	addAPI("GET", c+"/plans", auth.Viewer, (*apiHandler).listPlans)
	addAPI("POST", c+"/plans", auth.Collector, (*apiHandler).addPlan)
	addAPI("POST", c+"/plans/{plan}/cancel", auth.Collector, (*apiHandler).cancelPlan)
}

// apiPromise is a promise to pay with its currency, the company's.
type apiPromise struct {
	app.PromiseLine
	Currency string `json:"currency"`
}

// apiPlan is a payment plan with its currency, and its instalments with what was paid of
// each so far.
type apiPlan struct {
	app.PlanLine
	Currency string `json:"currency"`
}

// commitmentFilter reads the filters every commitment list takes.
func commitmentFilter(r *http.Request) (app.CommitmentFilter, page, error) {
	p := readParams(r, "customer", "open", "limit", "offset")
	f := app.CommitmentFilter{CustomerRef: p.str("customer"), OpenOnly: p.bool("open")}
	return f, p.page(), p.err
}

func (h *apiHandler) listDisputes(w http.ResponseWriter, r *http.Request) error {
	f, pg, err := commitmentFilter(r)
	if err != nil {
		return err
	}
	list, err := h.app.Disputes(r.Context(), companyOf(r), f)
	if err != nil {
		return customerFilterError(err, f.CustomerRef)
	}
	return writeList(w, r, pg, pageOf(list, pg))
}

type disputeInput struct {
	InvoiceNumber string `json:"invoice_number"`
	Reason        string `json:"reason"`
	Date          string `json:"date"`
}

func (h *apiHandler) openDispute(w http.ResponseWriter, r *http.Request) error {
	var in disputeInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	day, err := parseDate("date", in.Date, false)
	if err != nil {
		return err
	}
	d, err := h.app.OpenDispute(r.Context(), companyOf(r), app.DisputeParams{InvoiceNumber: in.InvoiceNumber, Reason: in.Reason, Day: day}, authorName(r))
	if err != nil {
		return refNotFound(renameFields(err, map[string]string{"invoice": "invoice_number"}), "invoice_number")
	}
	return writeCreated(w, "", d)
}

type resolveInput struct {
	Resolution string `json:"resolution"`
	Date       string `json:"date"`
}

func (h *apiHandler) resolveDispute(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := h.commitmentID(r, "dispute", func(ctx context.Context, q store.CommitmentQuery) ([]int64, error) {
		list, err := h.app.Store.ListDisputes(ctx, q)
		return ids(list, func(d receivable.Dispute) int64 { return d.ID }), err
	})
	if err != nil {
		return err
	}
	var in resolveInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	day, err := parseDate("date", in.Date, false)
	if err != nil {
		return err
	}
	d, err := h.app.ResolveDispute(r.Context(), co, id, app.ResolveParams{Resolution: in.Resolution, Day: day}, authorName(r))
	if err != nil {
		return renameFields(err, nil)
	}
	return writeJSON(w, http.StatusOK, d)
}

// commitmentID reads the id of the path and checks that the company has that dispute,
// promise or plan, before the body is read: another company's is a 404 whatever the body.
func (h *apiHandler) commitmentID(r *http.Request, name string, list func(context.Context, store.CommitmentQuery) ([]int64, error)) (int64, error) {
	id, err := pathID(r, name)
	if err != nil {
		return 0, err
	}
	all, err := list(r.Context(), store.CommitmentQuery{CompanyID: companyOf(r).ID})
	if err != nil {
		return 0, err
	}
	if !slices.Contains(all, id) {
		return 0, notFound()
	}
	return id, nil
}

func ids[T any](list []T, id func(T) int64) []int64 {
	out := make([]int64, len(list))
	for i, x := range list {
		out[i] = id(x)
	}
	return out
}

func (h *apiHandler) listPromises(w http.ResponseWriter, r *http.Request) error {
	f, pg, err := commitmentFilter(r)
	if err != nil {
		return err
	}
	co := companyOf(r)
	list, err := h.app.Promises(r.Context(), co, f)
	if err != nil {
		return customerFilterError(err, f.CustomerRef)
	}
	out := make([]apiPromise, 0, len(list))
	for _, p := range pageOf(list, pg) {
		out = append(out, apiPromise{p, co.Currency})
	}
	return writeList(w, r, pg, out)
}

type promiseInput struct {
	CustomerRef    string       `json:"customer_ref"`
	Date           string       `json:"date"`
	Amount         *money.Cents `json:"amount_cents"`
	InvoiceNumbers []string     `json:"invoice_numbers"`
	Via            string       `json:"via"`
	Note           string       `json:"note"`
	Made           string       `json:"made"`
	NoConfirmation bool         `json:"no_confirmation"`
}

var promiseFields = map[string]string{"customer": "customer_ref", "amount": "amount_cents", "invoice": "invoice_numbers"}

func (h *apiHandler) addPromise(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	var in promiseInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	p := app.PromiseParams{CustomerRef: in.CustomerRef, InvoiceNumbers: in.InvoiceNumbers, Via: in.Via, Note: in.Note, NoConfirmation: in.NoConfirmation}
	var err error
	if p.Date, err = parseDate("date", in.Date, true); err != nil {
		return err
	}
	if p.Made, err = parseDate("made", in.Made, false); err != nil {
		return err
	}
	if in.Amount == nil {
		return invalid("amount_cents", "amount_cents is required")
	}
	p.Amount = *in.Amount
	if err := h.knownCustomer(r, in.CustomerRef); err != nil {
		return err
	}
	line, err := h.app.AddPromise(r.Context(), co, p, authorName(r))
	if err != nil {
		return refNotFound(renameFields(err, promiseFields), "invoice_numbers")
	}
	return writeCreated(w, "", apiPromise{line, co.Currency})
}

// knownCustomer checks the customer a request body names, so that an unknown one is refused
// naming customer_ref; the use cases then look it up again in their transaction.
func (h *apiHandler) knownCustomer(r *http.Request, ref string) error {
	if ref == "" {
		return invalid("customer_ref", "customer_ref is required")
	}
	if _, err := h.app.Store.CustomerByRef(r.Context(), companyOf(r).ID, ref); err != nil {
		return refNotFound(fmt.Errorf("no customer with reference %q: %w", ref, err), "customer_ref")
	}
	return nil
}

func (h *apiHandler) cancelPromise(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := h.commitmentID(r, "promise", func(ctx context.Context, q store.CommitmentQuery) ([]int64, error) {
		list, err := h.app.Store.ListPromises(ctx, q)
		return ids(list, func(p receivable.Promise) int64 { return p.ID }), err
	})
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	line, err := h.app.CancelPromise(r.Context(), co, id, authorName(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiPromise{line, co.Currency})
}

func (h *apiHandler) listPlans(w http.ResponseWriter, r *http.Request) error {
	f, pg, err := commitmentFilter(r)
	if err != nil {
		return err
	}
	co := companyOf(r)
	list, err := h.app.Plans(r.Context(), co, f)
	if err != nil {
		return customerFilterError(err, f.CustomerRef)
	}
	out := make([]apiPlan, 0, len(list))
	paid := h.scheduler(r.Context(), co)
	for _, p := range pageOf(list, pg) {
		plan, err := paid(p)
		if err != nil {
			return err
		}
		out = append(out, plan)
	}
	return writeList(w, r, pg, out)
}

// scheduler fills each plan's instalments with what was paid of them, from the allocations to
// its invoices, reading each customer's allocations once.
func (h *apiHandler) scheduler(ctx context.Context, co receivable.Company) func(app.PlanLine) (apiPlan, error) {
	allocs := map[int64][]receivable.Allocation{}
	return func(p app.PlanLine) (apiPlan, error) {
		a, ok := allocs[p.CustomerID]
		if !ok {
			var err error
			if a, err = h.app.Store.ListAllocations(ctx, store.InvoiceScope{CompanyID: co.ID, CustomerID: p.CustomerID}); err != nil {
				return apiPlan{}, err
			}
			allocs[p.CustomerID] = a
		}
		p.Instalments = p.Schedule(a)
		return apiPlan{p, co.Currency}, nil
	}
}

type planInput struct {
	CustomerRef    string            `json:"customer_ref"`
	InvoiceNumbers []string          `json:"invoice_numbers"`
	Instalments    []instalmentInput `json:"instalments"`
	Note           string            `json:"note"`
	Created        string            `json:"created"`
	NoConfirmation bool              `json:"no_confirmation"`
}

type instalmentInput struct {
	Due    string       `json:"due"`
	Amount *money.Cents `json:"amount_cents"`
}

var planFields = map[string]string{"customer": "customer_ref", "invoice": "invoice_numbers", "instalment": "instalments"}

func (h *apiHandler) addPlan(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	var in planInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	p := app.PlanParams{CustomerRef: in.CustomerRef, InvoiceNumbers: in.InvoiceNumbers, Note: in.Note, NoConfirmation: in.NoConfirmation}
	var err error
	if p.Created, err = parseDate("created", in.Created, false); err != nil {
		return err
	}
	if len(in.Instalments) == 0 {
		return invalid("instalments", "a payment plan needs its instalments, the first one within %d days", receivable.ImmediatePaymentDays)
	}
	for i, in := range in.Instalments {
		field := "instalments[" + strconv.Itoa(i) + "]"
		due, err := parseDate(field+".due", in.Due, true)
		if err != nil {
			return err
		}
		if in.Amount == nil {
			return invalid(field+".amount_cents", "%s.amount_cents is required", field)
		}
		p.Instalments = append(p.Instalments, receivable.Instalment{Due: due, Amount: *in.Amount})
	}
	if err := h.knownCustomer(r, in.CustomerRef); err != nil {
		return err
	}
	line, err := h.app.AddPlan(r.Context(), co, p, authorName(r))
	if err != nil {
		return refNotFound(renameFields(err, planFields), "invoice_numbers")
	}
	return writeCreated(w, "", apiPlan{line, co.Currency})
}

func (h *apiHandler) cancelPlan(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := h.commitmentID(r, "plan", func(ctx context.Context, q store.CommitmentQuery) ([]int64, error) {
		list, err := h.app.Store.ListPlans(ctx, q)
		return ids(list, func(p receivable.PaymentPlan) int64 { return p.ID }), err
	})
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	line, err := h.app.CancelPlan(r.Context(), co, id, authorName(r))
	if err != nil {
		return err
	}
	plan, err := h.scheduler(r.Context(), co)(line)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, plan)
}
