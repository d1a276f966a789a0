package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The customer page's actions: the forms of its "Actions" panel (a call, a promise, a dispute,
// a payment plan, a payment, a pause, the profile and the policy, the collector, a statement
// sent now) and the worklist's call outcomes. Each POST calls one use case and goes back to
// the customer page with a flash message; a refused input is shown on the customer page
// again, in the form it came from, with what was typed, and nothing is recorded.
func init() {
	handlers := map[string]func(s *Server, w http.ResponseWriter, r *http.Request) error{
		"call": (*Server).customerLogCall, "promise": (*Server).customerAddPromise, "dispute": (*Server).customerOpenDispute,
		"plan": (*Server).customerAddPlan, "payment": (*Server).customerRecordPayment, "pause": (*Server).customerPause,
		"resume": (*Server).customerResume, "profile": (*Server).customerSetProfile, "policy": (*Server).customerSetPolicy,
		"collector": (*Server).customerSetCollector, "statement": (*Server).customerSendStatement,
	}
	for name, h := range handlers {
		addRoute("POST /c/{company}/customers/{ref}/"+name, func(s *Server) http.Handler {
			return s.page(auth.Collector, func(w http.ResponseWriter, r *http.Request) error { return h(s, w, r) })
		})
	}
	addRoute("POST /c/{company}/actions/{id}/call", func(s *Server) http.Handler { return s.page(auth.Collector, s.worklistLogCall) })
	customerActionPartials = append(customerActionPartials, "customer_action_forms")
	customerSections = append(customerSections, customerActionsSection)
}

// formProblem is an input a use case (or the form's parsing) refused: the form it came from,
// the field at fault, the message in the page's language, and what was typed, to fill the
// form again.
type formProblem struct {
	Form   string
	Field  string
	Msg    string
	Values url.Values
}

// Label is the field at fault as people read it (English; the templates translate it).
func (p *formProblem) Label() string {
	if l, ok := fieldLabels[p.Field]; ok {
		return l
	}
	return p.Field
}

// fieldLabels name the fields the use cases report (app.InputError.Field) in the forms' words.
var fieldLabels = map[string]string{
	"amount": "Amount", "date": "Date", "reason": "Reason", "until": "Until", "invoice": "Invoices", "instalment": "Instalments",
	"reached": "Outcome", "customer": "Customer", "via": "Obtained by", "profile": "Payer profile", "step": "Step",
	"resolution": "Resolution", "dispute": "Dispute", "promise": "Promise", "policy": "Policy", "method": "Method",
	"collector": "Collector",
}

// problemOf turns a refused input into the problem shown on its form; ok is false for any
// other error, which the caller returns as it is.
func problemOf(r *http.Request, form string, err error) (*formProblem, bool) {
	var ie *app.InputError
	if !errors.As(err, &ie) {
		return nil, false
	}
	return &formProblem{Form: form, Field: ie.Field, Msg: inputMessage(langOf(r), ie.Error()), Values: r.PostForm}, true
}

// actionForm reads a posted form field by field; the first field it cannot read becomes the
// form's problem, and the use case is then not called.
type actionForm struct {
	r       *http.Request
	name    string
	problem *formProblem
}

func newActionForm(r *http.Request, name string) *actionForm {
	r.ParseForm()
	return &actionForm{r: r, name: name}
}

func (f *actionForm) fail(field, msg string) {
	if f.problem == nil {
		f.problem = &formProblem{Form: f.name, Field: field, Msg: tr(langOf(f.r), msg), Values: f.r.PostForm}
	}
}

func (f *actionForm) str(field string) string { return strings.TrimSpace(f.r.PostFormValue(field)) }

// list is a field given several times (a multiple select), without the empty values.
func (f *actionForm) list(field string) []string {
	var out []string
	for _, v := range f.r.PostForm[field] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date reads a date as a date input sends it, or as people write it (dd/mm/yyyy); empty is
// the zero date, for the use case to default or refuse.
func (f *actionForm) date(field string) civil.Date {
	s := f.str(field)
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.ParseLoose(s)
	if err != nil {
		f.fail(field, "not a date: write it dd/mm/yyyy")
	}
	return d
}

// amount reads an amount as people write it ("1 234,56"); empty is zero, for the use case
// to refuse with its own words.
func (f *actionForm) amount(field string) money.Cents {
	s := f.str(field)
	if s == "" {
		return 0
	}
	c, err := money.Parse(s)
	if err != nil {
		f.fail(field, "not an amount: write it like 1 234,56")
	}
	return c
}

// actionCustomer is the customer of the path, in the company of the path: a customer of
// another company is not found.
func (s *Server) actionCustomer(r *http.Request) (receivable.Customer, error) {
	return s.app.Store.CustomerByRef(r.Context(), companyOf(r).ID, r.PathValue("ref"))
}

// problemKey carries a form's problem to the customer page drawn again.
type problemKey struct{}

// callURLKey carries where the call form posts when the call came from the worklist.
type callURLKey struct{}

// showCustomerProblem draws the customer page again with the refused form open, its message
// and what was typed, answering 422 so that a browser and a test tell it from a success.
func (s *Server) showCustomerProblem(w http.ResponseWriter, r *http.Request, p *formProblem) error {
	r = r.WithContext(context.WithValue(r.Context(), problemKey{}, p))
	return s.customerPage(&statusOnWrite{ResponseWriter: w, status: http.StatusUnprocessableEntity}, r)
}

// customerFailed shows a refused input on its form; any other error is the page's error.
func (s *Server) customerFailed(w http.ResponseWriter, r *http.Request, form string, err error) error {
	if p, ok := problemOf(r, form, err); ok {
		return s.showCustomerProblem(w, r, p)
	}
	return err
}

// statusOnWrite sends its status with the first byte of the body, so that a page drawn by a
// handler that knows nothing of the status (customerPage) still answers with it, and an
// error found before anything is written keeps its own.
type statusOnWrite struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusOnWrite) WriteHeader(code int) {
	if !s.wrote {
		s.wrote = true
		s.ResponseWriter.WriteHeader(code)
	}
}

func (s *statusOnWrite) Write(b []byte) (int, error) {
	if !s.wrote {
		s.WriteHeader(s.status)
	}
	return s.ResponseWriter.Write(b)
}

// backToCustomer redirects to the customer page with a flash message (an English text of
// the catalog, translated when shown).
func (s *Server) backToCustomer(w http.ResponseWriter, r *http.Request, ref, flash string) error {
	co := companyOf(r)
	http.Redirect(w, r, "/c/"+co.Slug+"/customers/"+url.PathEscape(ref)+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
	return nil
}

// callOutcome reads the call form, the same on the customer page and on the worklist.
func callOutcome(f *actionForm) app.CallOutcome {
	o := app.CallOutcome{Person: f.str("person"), Note: f.str("note")}
	switch f.str("outcome") {
	case "no_answer":
	case "no_answer_close":
		o.Close = true
	default:
		o.Reached = true
	}
	if f.str("promise_date") != "" || f.str("promise_amount") != "" {
		o.Promise = &app.CallPromise{Date: f.date("promise_date"), Amount: f.amount("promise_amount"), InvoiceNumbers: f.list("promise_invoice")}
	}
	if f.str("dispute_invoice") != "" || f.str("dispute_reason") != "" {
		o.Dispute = &app.CallDispute{InvoiceNumber: f.str("dispute_invoice"), Reason: f.str("dispute_reason")}
	}
	ct := receivable.Contact{Name: f.str("contact_name"), Role: f.str("contact_role"), Email: f.str("contact_email"), Phone: f.str("contact_phone")}
	if ct != (receivable.Contact{}) {
		o.RightContact = &ct
	}
	return o
}

// callFlash says what recording the call did.
func callFlash(res app.CallResult) string {
	switch {
	case res.PromiseID != 0:
		return confirmationFlash("promise", res.Confirmation)
	case res.Status == dunning.StatusQueued:
		return "No answer: the call stays on the worklist."
	case res.DisputeID != 0:
		return "Call recorded; the dispute stops the reminders of that invoice."
	}
	return "Call recorded."
}

// confirmationFlash says how an agreement is confirmed in writing, as the seeds want.
func confirmationFlash(what, channel string) string {
	prefix := "Promise recorded"
	if what == "plan" {
		prefix = "Payment plan recorded"
	}
	switch dunning.Channel(channel) {
	case dunning.Email:
		return prefix + "; its written confirmation goes out by e-mail."
	case dunning.Letter:
		return prefix + "; its written confirmation goes out by letter (print it from the outbox)."
	case app.NoConfirmation:
		return prefix + ", but it cannot be confirmed in writing: the customer has neither an e-mail nor a postal address."
	}
	return prefix + "."
}

func (s *Server) customerLogCall(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "call")
	o := callOutcome(f)
	o.CustomerRef = cu.Ref
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	res, err := s.app.LogCall(r.Context(), companyOf(r), o, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "call", err)
	}
	return s.backToCustomer(w, r, cu.Ref, callFlash(res))
}

// worklistLogCall records the outcome of a call of the worklist and goes back to the
// worklist. A refused input is shown in the call form of the customer page, which posts here
// again, so that the worklist entry is the one closed.
func (s *Server) worklistLogCall(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	act, err := s.app.Store.Action(r.Context(), co.ID, id)
	if err != nil {
		return err
	}
	f := newActionForm(r, "call")
	o := callOutcome(f)
	o.ActionID = act.ID
	var res app.CallResult
	if f.problem == nil {
		res, err = s.app.LogCall(r.Context(), co, o, authorName(r))
		if err == nil {
			http.Redirect(w, r, "/c/"+co.Slug+"/worklist?flash="+url.QueryEscape(callFlash(res)), http.StatusSeeOther)
			return nil
		}
		var ok bool
		if f.problem, ok = problemOf(r, "call", err); !ok {
			return err
		}
	}
	r.SetPathValue("ref", act.CustomerRef)
	r = r.WithContext(context.WithValue(r.Context(), callURLKey{}, r.URL.Path))
	return s.showCustomerProblem(w, r, f.problem)
}

func (s *Server) customerAddPromise(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "promise")
	p := app.PromiseParams{CustomerRef: cu.Ref, Date: f.date("date"), Amount: f.amount("amount"), InvoiceNumbers: f.list("invoice"),
		Via: f.str("via"), Note: f.str("note")}
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	res, err := s.app.AddPromise(r.Context(), companyOf(r), p, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "promise", err)
	}
	return s.backToCustomer(w, r, cu.Ref, confirmationFlash("promise", res.Confirmation))
}

func (s *Server) customerOpenDispute(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "dispute")
	number := f.str("invoice")
	// OpenDispute knows invoices by number in the whole company: this page disputes only the
	// customer's own.
	if inv, err := s.app.Store.InvoiceByNumber(r.Context(), cu.CompanyID, receivable.KindInvoice, number); err != nil || inv.CustomerID != cu.ID {
		f.fail("invoice", "choose one of this customer's invoices")
	}
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	if _, err := s.app.OpenDispute(r.Context(), companyOf(r), app.DisputeParams{InvoiceNumber: number, Reason: f.str("reason")}, authorName(r)); err != nil {
		return s.customerFailed(w, r, "dispute", err)
	}
	return s.backToCustomer(w, r, cu.Ref, "Dispute opened: the reminders of that invoice stop until it is resolved.")
}

func (s *Server) customerAddPlan(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "plan")
	p := app.PlanParams{CustomerRef: cu.Ref, InvoiceNumbers: f.list("invoice"), Instalments: instalments(f), Note: f.str("note")}
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	res, err := s.app.AddPlan(r.Context(), companyOf(r), p, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "plan", err)
	}
	return s.backToCustomer(w, r, cu.Ref, confirmationFlash("plan", res.Confirmation))
}

// instalments reads the plan's lines, one instalment each: DATE=AMOUNT (or DATE;AMOUNT).
func instalments(f *actionForm) []receivable.Instalment {
	var out []receivable.Instalment
	lang := langOf(f.r)
	for i, line := range strings.Split(f.r.PostFormValue("instalments"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		date, amount, ok := strings.Cut(line, "=")
		if !ok {
			date, amount, ok = strings.Cut(line, ";")
		}
		d, derr := civil.ParseLoose(strings.TrimSpace(date))
		c, aerr := money.Parse(amount)
		if !ok || derr != nil || aerr != nil || c <= 0 {
			f.fail("instalment", fmt.Sprintf(tr(lang, "line %d: write DATE=AMOUNT, such as %s"), i+1, "27/11/2026=500,00"))
			return nil
		}
		out = append(out, receivable.Instalment{Due: d, Amount: c})
	}
	if len(out) == 0 {
		f.fail("instalment", "write at least one instalment, DATE=AMOUNT, the first within 7 days")
	}
	return out
}

func (s *Server) customerRecordPayment(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "payment")
	p := app.PaymentParams{CustomerRef: cu.Ref, Date: f.date("date"), Amount: f.amount("amount"), Method: f.str("method"),
		Reference: f.str("reference"), InvoiceNumbers: f.list("invoice")}
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	res, err := s.app.RecordPayment(r.Context(), companyOf(r), p, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "payment", err)
	}
	if res.OnAccount > 0 {
		return s.backToCustomer(w, r, cu.Ref, "Payment recorded; what the invoices did not take stays on the account as a credit.")
	}
	return s.backToCustomer(w, r, cu.Ref, "Payment recorded.")
}

func (s *Server) customerPause(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "pause")
	p := app.PauseParams{PauseTarget: app.PauseTarget{CustomerRef: cu.Ref}, Until: f.date("until"), Reason: f.str("reason")}
	if f.problem != nil {
		return s.showCustomerProblem(w, r, f.problem)
	}
	if _, err := s.app.Pause(r.Context(), companyOf(r), p, authorName(r)); err != nil {
		return s.customerFailed(w, r, "pause", err)
	}
	return s.backToCustomer(w, r, cu.Ref, "Reminders paused.")
}

func (s *Server) customerResume(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	res, err := s.app.Resume(r.Context(), companyOf(r), app.PauseTarget{CustomerRef: cu.Ref}, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "pause", err)
	}
	if !res.Changed {
		return s.backToCustomer(w, r, cu.Ref, "Nothing was paused.")
	}
	return s.backToCustomer(w, r, cu.Ref, "Reminders resumed.")
}

func (s *Server) customerSetProfile(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "profile")
	if _, err := s.app.SetProfile(r.Context(), companyOf(r), cu.Ref, receivable.Profile(f.str("profile")), authorName(r)); err != nil {
		return s.customerFailed(w, r, "profile", err)
	}
	return s.backToCustomer(w, r, cu.Ref, "Payer profile changed.")
}

func (s *Server) customerSetPolicy(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	f := newActionForm(r, "policy")
	err = s.app.AssignPolicy(r.Context(), companyOf(r), app.AssignPolicyParams{CustomerRef: cu.Ref, Name: f.str("policy")}, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "policy", err)
	}
	return s.backToCustomer(w, r, cu.Ref, "Policy changed.")
}

// customerSetCollector names who follows the account (a name or an e-mail address), or
// nobody when the field is left empty.
func (s *Server) customerSetCollector(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	newActionForm(r, "collector")
	cu, err = s.app.SetCollector(r.Context(), companyOf(r), cu.Ref, r.PostFormValue("collector"), authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "collector", err)
	}
	if cu.Collector == "" {
		return s.backToCustomer(w, r, cu.Ref, "Collector removed.")
	}
	return s.backToCustomer(w, r, cu.Ref, "Collector changed.")
}

func (s *Server) customerSendStatement(w http.ResponseWriter, r *http.Request) error {
	cu, err := s.actionCustomer(r)
	if err != nil {
		return err
	}
	newActionForm(r, "statement")
	res, err := s.app.SendStatement(r.Context(), companyOf(r), cu.Ref, authorName(r))
	if err != nil {
		return s.customerFailed(w, r, "statement", err)
	}
	switch {
	case !res.Queued:
		return s.backToCustomer(w, r, cu.Ref, "That statement was queued a moment ago.")
	case res.Channel == dunning.Letter:
		return s.backToCustomer(w, r, cu.Ref, "Statement queued as a letter: print it from the outbox.")
	}
	return s.backToCustomer(w, r, cu.Ref, "Statement queued: the e-mail goes out within a minute.")
}

// customerActionsView is what the action forms show: the choices, and the form refused, if
// any, with what was typed.
type customerActionsView struct {
	Today    civil.Date
	Invoices []receivable.Invoice // the customer's open invoices
	Profiles []receivable.Profile
	Policies []app.PolicyEntry
	Vias     []formChoice
	Methods  []formChoice
	Contact  receivable.Contact // who reminders go to
	Users    []store.Member     // the company's users, whose e-mail addresses the collector field suggests
	PlanHint string             // an example of the plan's lines
	CallURL  string             // where the call form posts: the worklist entry's, when it came from there
	OpenCall bool               // the call form is shown unfolded: the worklist sent here to record a call
	formState
}

// formChoice is an option of a select: the code sent and its label (English, translated).
type formChoice struct{ Code, Label string }

// paymentMethods are the ways of paying, stored in the words the imports store (the payment
// statistics recognise direct debits by them).
var paymentMethods = []formChoice{{"virement", "Transfer"}, {"chèque", "Cheque"}, {"prélèvement", "Direct debit"},
	{"LCR", "Bill of exchange (LCR)"}, {"CB", "Card"}, {"espèces", "Cash"}}

// promiseVias are the ways a promise is obtained (app.PromiseVias).
var promiseVias = []formChoice{{"call", "Phone call"}, {"email", "E-mail"}, {"letter", "Letter"}, {"meeting", "Meeting"}}

// formState is the refused form of a page, if any, with what was typed: the pages that
// have forms embed it, for their templates to unfold that form and fill it again.
type formState struct{ Problem *formProblem }

// Err is the problem of the form named, or nil.
func (v formState) Err(form string) *formProblem {
	if v.Problem != nil && v.Problem.Form == form {
		return v.Problem
	}
	return nil
}

// Open says whether a form is shown unfolded: the one refused.
func (v formState) Open(form string) bool { return v.Err(form) != nil }

// Bad says whether the field is the one at fault (the use cases name "date" or "dispute" the
// fields the call form calls "promise_date" or "dispute_invoice").
func (v formState) Bad(form, field string) bool {
	p := v.Err(form)
	return p != nil && (p.Field == field || strings.HasSuffix(field, "_"+p.Field) || strings.HasPrefix(field, p.Field+"_"))
}

// Val is what was typed in the field of a refused form.
func (v formState) Val(form, field string) string {
	if p := v.Err(form); p != nil {
		return p.Values.Get(field)
	}
	return ""
}

// Has says whether a value was chosen in a field of a refused form (a multiple select).
func (v formState) Has(form, field, value string) bool {
	if p := v.Err(form); p != nil {
		return slices.Contains(p.Values[field], value)
	}
	return false
}

// customerActionsSection prepares the action forms of the customer page; a viewer sees none,
// and costs nothing.
func customerActionsSection(s *Server, r *http.Request, cu receivable.Customer, d *customerData) error {
	if !roleOf(r).Allows(auth.Collector) {
		return nil
	}
	co := companyOf(r)
	pols, err := s.app.Policies(r.Context(), co)
	if err != nil {
		return err
	}
	users, err := s.app.Store.ListUsers(r.Context(), co.ID)
	if err != nil {
		return err
	}
	users = slices.DeleteFunc(users, func(u store.Member) bool { return u.Disabled })
	contacts := d.Contacts
	ct, _ := receivable.DunningContact(contacts)
	today := s.app.Today(co)
	v := customerActionsView{Today: today, Invoices: d.Invoices, Profiles: receivable.Profiles, Policies: pols, Vias: promiseVias,
		Methods: paymentMethods, Contact: ct, Users: users}
	v.PlanHint = fmt.Sprintf("%s=500,00\n%s=750,00", today.AddDays(3).Format("fr"), today.AddDays(33).Format("fr"))
	v.Problem, _ = r.Context().Value(problemKey{}).(*formProblem)
	v.CallURL, _ = r.Context().Value(callURLKey{}).(string)
	if id, err := strconv.ParseInt(r.URL.Query().Get("call"), 10, 64); err == nil && v.CallURL == "" {
		// From the worklist: the call form records that entry's outcome, and closes it.
		if act, err := s.app.Store.Action(r.Context(), co.ID, id); err == nil && act.CustomerID == cu.ID &&
			act.Channel == dunning.Call && act.Status == dunning.StatusQueued {
			v.CallURL, v.OpenCall = fmt.Sprintf("/c/%s/actions/%d/call", co.Slug, id), true
		}
	}
	d.Extra["actions"] = v
	return nil
}

// inputMessage is a use case's refusal in the page's language. The use cases speak English
// (the CLI and the API show their words); the fixed ones are in the catalog, the ones that
// carry a value are matched here.
func inputMessage(lang, msg string) string {
	if lang != "fr" {
		return msg
	}
	if t := tr(lang, msg); t != msg {
		return t
	}
	for _, p := range inputPatterns {
		if m := p.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, 0, len(m)-1)
			for _, a := range m[1:] {
				if d, err := civil.Parse(a); err == nil {
					a = d.Format("fr")
				}
				args = append(args, a)
			}
			return fmt.Sprintf(p.fr, args...)
		}
	}
	return msg
}

var inputPatterns = []struct {
	re *regexp.Regexp
	fr string
}{
	{regexp.MustCompile(`^payment plan: first instalment due (\S+), more than (\d+) days after the plan \((\S+)\)`),
		"échéancier : première échéance le %s, plus de %s jours après l'accord (%s) : un échéancier commence par un paiement partiel immédiat"},
	{regexp.MustCompile(`^payment plan, instalment (\d+): amount (\S+) must be positive$`), "échéancier, échéance %s : le montant %s doit être positif"},
	{regexp.MustCompile(`^payment plan, instalment (\d+): due (\S+), before the plan \((\S+)\)$`), "échéancier, échéance %s : le %s, avant l'accord (%s)"},
	{regexp.MustCompile(`^payment plan, instalment (\d+): due (\S+), not after instalment (\d+) \((\S+)\)$`),
		"échéancier, échéance %s : le %s, pas après l'échéance %s (%s) : écrivez les échéances dans l'ordre"},
	{regexp.MustCompile(`^promised date (\S+) is before the promise \((\S+)\)$`), "la date promise, %s, précède la promesse (%s)"},
	{regexp.MustCompile(`^pause until (\S+): that day has passed \(today is (\S+)\)$`), "pause jusqu'au %s : ce jour est passé (nous sommes le %s)"},
	{regexp.MustCompile(`^payment dated (\S+): that day has not come yet \(today is (\S+)\)$`), "règlement daté du %s : ce jour n'est pas encore arrivé (nous sommes le %s)"},
	{regexp.MustCompile(`^invoice (\S+) is settled already: name the invoices this payment pays, or none$`),
		"la facture %s est déjà réglée : choisissez les factures que ce règlement paie, ou aucune"},
	{regexp.MustCompile(`^invoice (\S+) is settled: nothing to plan$`), "la facture %s est réglée : rien à échelonner"},
	{regexp.MustCompile(`^invoice (\S+) is settled: there is nothing to remind$`), "la facture %s est réglée : il n'y a rien à relancer"},
	{regexp.MustCompile(`^invoice (\S+) given twice$`), "la facture %s est donnée deux fois"},
	{regexp.MustCompile(`^invoice (\S+) is not (\S+)'s$`), "la facture %s n'est pas celle du client %s"},
	{regexp.MustCompile(`^invoice (\S+) is customer (\S+)'s, not (\S+)'s$`), "la facture %s est celle du client %s, pas du client %s"},
	{regexp.MustCompile(`^dispute (\d+) was opened on (\S+): it cannot be resolved before$`), "le litige %s a été ouvert le %s : il ne peut être résolu avant"},
	{regexp.MustCompile(`^customer (\S+) has no open invoice: there is no statement to send$`), "le client %s n'a aucune facture ouverte : il n'y a pas de relevé à envoyer"},
	{regexp.MustCompile(`^customer (\S+) has neither a deliverable e-mail address nor a postal address: add one first$`),
		"le client %s n'a ni adresse e-mail valide ni adresse postale : ajoutez-en une d'abord"},
}

func init() {
	// The use cases' fixed refusals, and this file's own.
	addFR(map[string]string{
		"a promise or a dispute needs someone on the line: mark the call reached": "une promesse ou un litige suppose quelqu'un au bout du fil : indiquez l'appel comme abouti",
		"a customer reference is required":                                        "la référence du client est obligatoire",
		"an invoice number is required":                                           "choisissez une facture",
		"a dispute needs its reason (what the debtor contests)":                   "un litige a besoin de son motif (ce que le débiteur conteste)",
		"say how the dispute was resolved (credit note, proof sent, withdrawn…)":  "dites comment le litige a été résolu (avoir, justificatif envoyé, abandon…)",
		"a promise needs a positive amount":                                       "une promesse a besoin d'un montant positif",
		"a promise needs the date the debtor will pay by":                         "une promesse a besoin de la date à laquelle le débiteur paiera",
		"a payment plan covers at least one invoice":                              "un échéancier porte sur au moins une facture",
		"payment plan: no instalment":                                             "échéancier : aucune échéance",
		"a pause needs an end date":                                               "une pause a besoin d'une date de fin",
		"a pause needs its reason":                                                "une pause a besoin de son motif",
		"a payment needs a positive amount":                                       "un règlement a besoin d'un montant positif",
		"not a date: write it dd/mm/yyyy":                                         "date illisible : écrivez-la jj/mm/aaaa",
		"not an amount: write it like 1 234,56":                                   "montant illisible : écrivez-le comme 1 234,56",
		"choose one of this customer's invoices":                                  "choisissez une facture de ce client",
		"line %d: write DATE=AMOUNT, such as %s":                                  "ligne %d : écrivez DATE=MONTANT, par exemple %s",
		"write at least one instalment, DATE=AMOUNT, the first within 7 days":     "écrivez au moins une échéance, DATE=MONTANT, la première sous 7 jours",
		"choose the step":                                                         "choisissez l'étape",
		"a collector has at most 200 characters: a name or an e-mail address":     "un gestionnaire tient en 200 caractères au plus : un nom ou une adresse e-mail",
		"a collector is written on one line":                                      "un gestionnaire s'écrit sur une seule ligne",
	})
}

func init() {
	// The forms, and what their flash messages say.
	addFR(map[string]string{
		"Log a call": "Noter un appel", "Who answered": "Interlocuteur", "Promise to pay": "Promesse de règlement", "Date": "Date",
		"Dispute": "Litige", "Invoice": "Facture", "Reason": "Motif", "The right contact, who can unblock payment": "Le bon interlocuteur, qui peut débloquer le paiement",
		"Name": "Nom", "Role": "Rôle", "Phone": "Téléphone", "Note": "Note", "Reached: record": "Joint : enregistrer",
		"No answer": "Pas de réponse", "No answer: call again": "Pas de réponse : rappeler", "No answer: close": "Pas de réponse : clore",
		"A promise, a dispute, the right contact…": "Une promesse, un litige, le bon interlocuteur…",
		"Record a promise":                         "Noter une promesse", "Will pay by": "Paiement promis le", "Invoices": "Factures",
		"none: the whole account": "aucune : tout le compte", "Obtained by": "Obtenue par", "Record the promise": "Enregistrer la promesse",
		"Its written confirmation is queued with it: an e-mail to the dunning contact, else a letter.": "Sa confirmation écrite part avec elle : un e-mail à l'interlocuteur de relance, sinon un courrier.",
		"Open a dispute": "Ouvrir un litige", "Open the dispute": "Ouvrir le litige",
		"The reminders of that invoice stop until the dispute is resolved.": "Les relances de cette facture s'arrêtent jusqu'à la résolution du litige.",
		"Set up a payment plan": "Mettre en place un échéancier", "Instalments, one a line: DATE=AMOUNT": "Échéances, une par ligne : DATE=MONTANT",
		"The first instalment falls within 7 days: a plan starts with an immediate partial payment. Its written confirmation is queued with it.": "La première échéance tombe sous 7 jours : un échéancier commence par un paiement partiel immédiat. Sa confirmation écrite part avec lui.",
		"Record the plan": "Enregistrer l'échéancier", "Record a payment": "Enregistrer un règlement", "Received on": "Reçu le",
		"Method": "Mode", "Reference": "Référence", "Invoices paid": "Factures réglées", "none: the oldest first": "aucune : les plus anciennes d'abord",
		"What the invoices do not take stays on the account as a credit.": "Ce que les factures ne prennent pas reste au crédit du compte.",
		"Record the payment": "Enregistrer le règlement", "Paused until": "En pause jusqu'au", "Pause the reminders": "Suspendre les relances",
		"Resume the reminders": "Reprendre les relances", "Until (included)": "Jusqu'au (inclus)", "Change the pause": "Modifier la pause",
		"Pause": "Suspendre", "Payer profile and policy": "Profil de payeur et scénario", "Payer profile": "Profil de payeur", "none": "aucun",
		"Change the profile": "Changer le profil", "Policy": "Scénario", "the profile's, else the company's default": "celui du profil, sinon celui de la société",
		"Change the policy": "Changer le scénario", "Send a statement now": "Envoyer un relevé maintenant", "by e-mail to": "par e-mail à",
		"by letter": "par courrier", "Nothing was recorded.": "Rien n'a été enregistré.", "Amount": "Montant", "Until": "Jusqu'au",
		"Outcome": "Issue de l'appel", "Customer": "Client", "Step": "Étape", "Resolution": "Résolution", "Promise": "Promesse",
		"Instalments": "Échéances", "A promise is confirmed in writing to the customer.": "Une promesse est confirmée par écrit au client.",
		"A collector records calls, promises, disputes, plans and payments here.": "Un gestionnaire note ici appels, promesses, litiges, échéanciers et règlements.",
		"A collector pauses, disputes, skips or forces a step here.":              "Un gestionnaire suspend, ouvre un litige, passe ou force une étape ici.",
		"Transfer": "Virement", "Cheque": "Chèque", "Direct debit": "Prélèvement", "Bill of exchange (LCR)": "Lettre de change (LCR)",
		"Card": "Carte bancaire", "Cash": "Espèces", "Phone call": "Appel", "Letter": "Lettre", "Meeting": "Rendez-vous",

		"Promise recorded; its written confirmation goes out by e-mail.":                                                    "Promesse enregistrée ; sa confirmation écrite part par e-mail.",
		"Promise recorded; its written confirmation goes out by letter (print it from the outbox).":                         "Promesse enregistrée ; sa confirmation écrite part par courrier (à imprimer depuis les envois).",
		"Promise recorded, but it cannot be confirmed in writing: the customer has neither an e-mail nor a postal address.": "Promesse enregistrée, mais elle ne peut être confirmée par écrit : le client n'a ni e-mail ni adresse postale.",
		"Promise recorded.": "Promesse enregistrée.",
		"Payment plan recorded; its written confirmation goes out by e-mail.":                                                    "Échéancier enregistré ; sa confirmation écrite part par e-mail.",
		"Payment plan recorded; its written confirmation goes out by letter (print it from the outbox).":                         "Échéancier enregistré ; sa confirmation écrite part par courrier (à imprimer depuis les envois).",
		"Payment plan recorded, but it cannot be confirmed in writing: the customer has neither an e-mail nor a postal address.": "Échéancier enregistré, mais il ne peut être confirmé par écrit : le client n'a ni e-mail ni adresse postale.",
		"Payment plan recorded.":                                          "Échéancier enregistré.",
		"No answer: the call stays on the worklist.":                      "Pas de réponse : l'appel reste à traiter.",
		"Call recorded; the dispute stops the reminders of that invoice.": "Appel enregistré ; le litige arrête les relances de cette facture.",
		"Call recorded.": "Appel enregistré.",
		"Dispute opened: the reminders of that invoice stop until it is resolved.":           "Litige ouvert : les relances de cette facture s'arrêtent jusqu'à sa résolution.",
		"Payment recorded; what the invoices did not take stays on the account as a credit.": "Règlement enregistré ; ce que les factures n'ont pas pris reste au crédit du compte.",
		"Payment recorded.":      "Règlement enregistré.",
		"Reminders paused.":      "Relances suspendues.",
		"Reminders resumed.":     "Relances reprises.",
		"Nothing was paused.":    "Rien n'était suspendu.",
		"Payer profile changed.": "Profil de payeur modifié.",
		"Policy changed.":        "Scénario modifié.",
		"Collector changed.":     "Gestionnaire modifié.",
		"Collector removed.":     "Gestionnaire retiré.",
		"Change the collector":   "Changer de gestionnaire",
		"Who follows this account: a name, or an e-mail address, to which the replies to the reminders then go. Empty: nobody.": "Qui suit ce compte : un nom, ou une adresse e-mail, à laquelle vont alors les réponses aux relances. Vide : personne.",
		"That statement was queued a moment ago.":                 "Ce relevé vient d'être mis en file d'envoi.",
		"Statement queued as a letter: print it from the outbox.": "Relevé mis en file comme courrier : imprimez-le depuis les envois.",
		"Statement queued: the e-mail goes out within a minute.":  "Relevé mis en file : l'e-mail part dans la minute.",
	})
	// Kinds of the timeline events these actions record, missing from the shared catalog.
	addFR(map[string]string{
		"event:dispute_open": "Litige ouvert", "event:dispute_resolve": "Litige résolu", "event:promise_cancel": "Promesse retirée",
		"event:plan_cancel": "Échéancier arrêté", "event:policy_assign": "Scénario affecté", "event:profile": "Profil de payeur",
		"event:statement": "Relevé de compte", "event:debit_rejected": "Prélèvement rejeté", "event:confirmation": "Confirmation écrite",
		"event:collector": "Gestionnaire",
	})
}
