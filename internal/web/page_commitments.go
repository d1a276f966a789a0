package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The lists of what debtors contested or agreed — disputes, promises to pay, payment plans —
// with where each stands, and the hand actions on them: resolve a dispute, withdraw a promise,
// end a plan. The customer page shows the open ones of its customer, with the same actions.
func init() {
	const v, c = auth.Viewer, auth.Collector
	for _, kind := range []string{"disputes", "promises", "plans"} {
		addRoute("GET /c/{company}/"+kind, func(s *Server) http.Handler {
			return s.page(v, func(w http.ResponseWriter, r *http.Request) error { return s.showCommitments(w, r, kind, nil) })
		})
	}
	addRoute("POST /c/{company}/disputes/{id}/resolve", func(s *Server) http.Handler { return s.page(c, s.disputeResolve) })
	addRoute("POST /c/{company}/promises/{id}/cancel", func(s *Server) http.Handler { return s.page(c, s.promiseCancel) })
	addRoute("POST /c/{company}/plans/{id}/cancel", func(s *Server) http.Handler { return s.page(c, s.planCancel) })
	customerSectionPartials = append(customerSectionPartials, "customer_commitments")
	customerSections = append(customerSections, customerCommitmentsSection)
	addFR(map[string]string{
		"Open disputes": "Litiges ouverts", "Resolved disputes": "Litiges résolus", "Awaited": "Attendue", "Kept": "Tenue",
		"Broken": "Non tenue", "Withdrawn": "Retirée", "Running": "En cours", "Defaulted": "Défaillant", "Stopped": "Arrêté",
		"Will pay by": "Paiement promis le", "Made": "Faite le", "Obtained by": "Obtenue par", "Withdraw": "Retirer",
		"End the plan": "Arrêter l'échéancier", "Instalments": "Échéances", "Created": "Créé le", "Late": "En retard",
		"Partly paid": "Payée en partie", "To come": "À venir", "Paid on": "Payée le", "All customers": "Tous les clients",
		"Nothing here.": "Rien ici.", "Dispute resolved: the reminders of that invoice resume.": "Litige résolu : les relances de cette facture reprennent.",
		"Promise withdrawn.": "Promesse retirée.", "Payment plan ended: its invoices are reminded again.": "Échéancier arrêté : ses factures sont de nouveau relancées.",
		"Withdraw this promise? It no longer holds the reminders.":   "Retirer cette promesse ? Elle ne suspend plus les relances.",
		"End this plan? Its invoices are reminded again from today.": "Arrêter cet échéancier ? Ses factures sont relancées dès aujourd'hui.",
		"Commitments": "Engagements", "Note": "Note", "Invoices": "Factures", "whole account": "tout le compte",
		"Pending promises": "Promesses en attente", "Running plans": "Échéanciers en cours", "See all": "Tout voir",
		"Phone call": "Appel", "Meeting": "Rendez-vous", "Resolve": "Résoudre", "Resolution": "Résolution",
	})
}

// promiseRow is a promise with its status as people read it.
type promiseRow struct {
	app.PromiseLine
	Label string
}

var promiseLabels = map[receivable.PromiseStatus]string{receivable.PromisePending: "Awaited", receivable.PromiseKept: "Kept",
	receivable.PromiseBroken: "Broken", receivable.PromiseCancelled: "Withdrawn"}

func promiseRowOf(p app.PromiseLine) promiseRow {
	return promiseRow{PromiseLine: p, Label: promiseLabels[p.Status]}
}

// planRow is a payment plan with each instalment's state on the day.
type planRow struct {
	app.PlanLine
	Label       string
	Instalments []instalmentRow
}

type instalmentRow struct {
	receivable.Instalment
	State string // Paid, Partly paid, Late or To come (English, translated)
}

var planLabels = map[string]string{app.PlanRunning: "Running", app.PlanDefaulted: "Defaulted", app.PlanCancelled: "Stopped"}

// planRows fills the instalments of the plans from the allocations to their invoices.
func (s *Server) planRows(r *http.Request, plans []app.PlanLine) ([]planRow, error) {
	co := companyOf(r)
	var ids []int64
	for _, p := range plans {
		ids = append(ids, p.InvoiceIDs...)
	}
	var allocs []receivable.Allocation
	if len(ids) > 0 {
		var err error
		if allocs, err = s.app.Store.ListAllocations(r.Context(), store.InvoiceScope{CompanyID: co.ID, InvoiceIDs: ids}); err != nil {
			return nil, err
		}
	}
	day := s.app.Today(co)
	out := make([]planRow, 0, len(plans))
	for _, p := range plans {
		row := planRow{PlanLine: p, Label: planLabels[p.Status]}
		for _, in := range p.Schedule(allocs) {
			row.Instalments = append(row.Instalments, instalmentRow{Instalment: in, State: instalmentState(in, day)})
		}
		out = append(out, row)
	}
	return out, nil
}

func instalmentState(in receivable.Instalment, day civil.Date) string {
	switch {
	case in.Paid >= in.Amount:
		return "Paid"
	case in.Due.Before(day):
		return "Late"
	case in.Paid > 0:
		return "Partly paid"
	}
	return "To come"
}

// commitmentsView is one of the three lists.
type commitmentsView struct {
	Kind     string // disputes, promises or plans
	Status   string
	Tabs     []formChoice
	Customer string // the reference the list is narrowed to, if any
	Disputes []app.DisputeLine
	Promises []promiseRow
	Plans    []planRow
	Prev     string
	Next     string
	formState
}

var commitmentTabs = map[string][]formChoice{
	"disputes": {{"open", "Open disputes"}, {"resolved", "Resolved disputes"}, {"all", "All"}},
	"promises": {{"pending", "Awaited"}, {"kept", "Kept"}, {"broken", "Broken"}, {"cancelled", "Withdrawn"}, {"all", "All"}},
	"plans":    {{app.PlanRunning, "Running"}, {app.PlanDefaulted, "Defaulted"}, {app.PlanCancelled, "Stopped"}, {"all", "All"}},
}

// showCommitments draws a list, its first tab by default; with a problem (a resolution
// missing), the refused form comes back with a 422. The filters are read from the query or
// from the form that posted, so that a refused form keeps its tab.
func (s *Server) showCommitments(w http.ResponseWriter, r *http.Request, kind string, p *formProblem) error {
	co := companyOf(r)
	ctx := r.Context()
	v := commitmentsView{Kind: kind, Status: r.FormValue("status"), Tabs: commitmentTabs[kind], Customer: r.FormValue("customer")}
	if !slices.ContainsFunc(v.Tabs, func(t formChoice) bool { return t.Code == v.Status }) {
		v.Status = v.Tabs[0].Code
	}
	v.Problem = p
	f := app.CommitmentFilter{CustomerRef: v.Customer, OpenOnly: v.Status == v.Tabs[0].Code}
	var n int
	switch kind {
	case "disputes":
		list, err := s.app.Disputes(ctx, co, f)
		if err != nil {
			return err
		}
		if v.Status == "resolved" {
			list = slices.DeleteFunc(list, func(d app.DisputeLine) bool { return d.Open })
		}
		v.Disputes, n = list, len(list)
	case "promises":
		list, err := s.app.Promises(ctx, co, f)
		if err != nil {
			return err
		}
		for _, p := range list {
			if v.Status == "all" || string(p.Status) == v.Status {
				v.Promises = append(v.Promises, promiseRowOf(p))
			}
		}
		n = len(v.Promises)
	case "plans":
		list, err := s.app.Plans(ctx, co, f)
		if err != nil {
			return err
		}
		list = slices.DeleteFunc(list, func(p app.PlanLine) bool { return v.Status != "all" && p.Status != v.Status })
		from, to := pageBounds(r, len(list))
		rows, err := s.planRows(r, list[from:to])
		if err != nil {
			return err
		}
		v.Plans, n = rows, len(list)
	}
	// The lists come whole from the use cases; a page shows pageSize of them.
	from, to := pageBounds(r, n)
	switch kind {
	case "disputes":
		v.Disputes = v.Disputes[from:to]
	case "promises":
		v.Promises = v.Promises[from:to]
	}
	page := from/pageSize + 1
	if to < n {
		v.Next = commitmentsLink(r, kind, v, page+1)
	}
	if page > 1 {
		v.Prev = commitmentsLink(r, kind, v, page-1)
	}
	if p != nil {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, kind, v)
		return nil
	}
	s.render(w, r, kind, v)
	return nil
}

// pageBounds are the indexes of the page asked for in a list of n.
func pageBounds(r *http.Request, n int) (int, int) {
	page, _ := strconv.Atoi(r.FormValue("page"))
	from := min(max(page-1, 0)*pageSize, n)
	return from, min(from+pageSize, n)
}

func commitmentsLink(r *http.Request, kind string, v commitmentsView, page int) string {
	q := url.Values{"status": {v.Status}, "page": {strconv.Itoa(page)}}
	if v.Customer != "" {
		q.Set("customer", v.Customer)
	}
	return "/c/" + companyOf(r).Slug + "/" + kind + "?" + q.Encode()
}

// backFromCommitment goes back where the form was: the customer page, the invoice page, or
// the list with its filters. The places come from the company's own records, never from the
// form, which only says which kind of place.
func (s *Server) backFromCommitment(w http.ResponseWriter, r *http.Request, kind, customerRef string, invoiceID int64, flash string) error {
	co := companyOf(r)
	u := "/c/" + co.Slug + "/"
	switch r.FormValue("from") {
	case "customer":
		u += "customers/" + url.PathEscape(customerRef) + "?"
	case "invoice":
		u += "invoices/" + strconv.FormatInt(invoiceID, 10) + "?"
	default:
		q := url.Values{"status": {r.FormValue("status")}}
		if c := r.FormValue("customer"); c != "" {
			q.Set("customer", c)
		}
		u += kind + "?" + q.Encode() + "&"
	}
	http.Redirect(w, r, u+"flash="+url.QueryEscape(flash), http.StatusSeeOther)
	return nil
}

func idOfPath(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, notFound()
	}
	return id, nil
}

// disputeResolve closes a dispute. The dispute is looked up in the company first, so that
// another company's dispute is not found whatever the form says.
func (s *Server) disputeResolve(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := idOfPath(r)
	if err != nil {
		return err
	}
	all, err := s.app.Store.ListDisputes(r.Context(), store.CommitmentQuery{CompanyID: co.ID})
	if err != nil {
		return err
	}
	i := slices.IndexFunc(all, func(d receivable.Dispute) bool { return d.ID == id })
	if i < 0 {
		return notFound()
	}
	d := all[i]
	f := newActionForm(r, "resolve-"+strconv.FormatInt(id, 10))
	line, err := s.app.ResolveDispute(r.Context(), co, id, app.ResolveParams{Resolution: f.str("resolution")}, authorName(r))
	if err == nil {
		return s.backFromCommitment(w, r, "disputes", line.CustomerRef, line.InvoiceID, "Dispute resolved: the reminders of that invoice resume.")
	}
	p, ok := problemOf(r, f.name, err)
	if !ok {
		return err
	}
	switch r.FormValue("from") {
	case "invoice":
		inv, err := s.app.Store.Invoice(r.Context(), co.ID, d.InvoiceID)
		if err != nil {
			return err
		}
		return s.showInvoice(w, r, inv, p)
	case "customer":
		cu, err := s.app.Store.Customer(r.Context(), co.ID, d.CustomerID)
		if err != nil {
			return err
		}
		r.SetPathValue("ref", cu.Ref)
		return s.showCustomerProblem(w, r, p)
	}
	return s.showCommitments(w, r, "disputes", p)
}

func (s *Server) promiseCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := idOfPath(r)
	if err != nil {
		return err
	}
	line, err := s.app.CancelPromise(r.Context(), companyOf(r), id, authorName(r))
	if err != nil {
		return err
	}
	return s.backFromCommitment(w, r, "promises", line.CustomerRef, 0, "Promise withdrawn.")
}

func (s *Server) planCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := idOfPath(r)
	if err != nil {
		return err
	}
	line, err := s.app.CancelPlan(r.Context(), companyOf(r), id, authorName(r))
	if err != nil {
		return err
	}
	return s.backFromCommitment(w, r, "plans", line.CustomerRef, 0, "Payment plan ended: its invoices are reminded again.")
}

// customerCommitments is the customer page's section: its open disputes, pending promises
// and running plans.
type customerCommitments struct {
	Disputes []app.DisputeLine
	Promises []promiseRow
	Plans    []planRow
	formState
}

func customerCommitmentsSection(s *Server, r *http.Request, cu receivable.Customer, d *customerData) error {
	co := companyOf(r)
	f := app.CommitmentFilter{CustomerRef: cu.Ref, OpenOnly: true}
	var v customerCommitments
	var err error
	if v.Disputes, err = s.app.Disputes(r.Context(), co, f); err != nil {
		return err
	}
	promises, err := s.app.Promises(r.Context(), co, f)
	if err != nil {
		return err
	}
	for _, p := range promises {
		v.Promises = append(v.Promises, promiseRowOf(p))
	}
	plans, err := s.app.Plans(r.Context(), co, f)
	if err != nil {
		return err
	}
	if v.Plans, err = s.planRows(r, plans); err != nil {
		return err
	}
	v.Problem, _ = r.Context().Value(problemKey{}).(*formProblem)
	d.Extra["commitments"] = v
	return nil
}
