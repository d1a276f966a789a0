package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}/customers"
	addAPI("GET", c, auth.Viewer, (*apiHandler).listCustomers)
	addAPI("POST", c, auth.Collector, (*apiHandler).createCustomer)
	addAPI("GET", c+"/{ref}", auth.Viewer, (*apiHandler).getCustomer)
	addAPI("PATCH", c+"/{ref}", auth.Collector, (*apiHandler).updateCustomer)
	addAPI("POST", c+"/{ref}/pause", auth.Collector, (*apiHandler).pauseCustomer)
	addAPI("POST", c+"/{ref}/resume", auth.Collector, (*apiHandler).resumeCustomer)
	addAPI("GET", c+"/{ref}/timeline", auth.Viewer, (*apiHandler).customerTimeline)
	addAPI("POST", c+"/{ref}/statement/send", auth.Collector, (*apiHandler).sendStatement)
}

// apiCustomer is a customer with its balances today, in the company's currency.
type apiCustomer struct {
	ID               int64              `json:"id"`
	Ref              string             `json:"ref"`
	Name             string             `json:"name"`
	SIREN            string             `json:"siren"`
	Kind             receivable.Kind    `json:"kind"`
	Address          receivable.Address `json:"address"`
	Language         string             `json:"language"`
	Profile          receivable.Profile `json:"profile"`
	CreditLimit      money.Cents        `json:"credit_limit_cents"`
	PaymentTermsDays int                `json:"payment_terms_days"`
	Collector        string             `json:"collector"`
	Policy           string             `json:"policy"`
	// PenaltyRate is the contractual late-penalty rate in percent ("12.15"); null when the
	// company's applies.
	PenaltyRate  *string     `json:"penalty_rate"`
	PausedUntil  civil.Date  `json:"paused_until"`
	PauseReason  string      `json:"pause_reason"`
	Currency     string      `json:"currency"`
	Open         money.Cents `json:"open_cents"`
	Overdue      money.Cents `json:"overdue_cents"`
	MaxDaysLate  int         `json:"max_days_late"`
	OpenInvoices int         `json:"open_invoices"`
}

func customerJSON(cu receivable.Customer, currency string) apiCustomer {
	out := apiCustomer{ID: cu.ID, Ref: cu.Ref, Name: cu.Name, SIREN: cu.SIREN, Kind: cu.Kind, Address: cu.Address,
		Language: cu.Language, Profile: cu.Profile, CreditLimit: cu.CreditLimit, PaymentTermsDays: cu.PaymentTermsDays,
		Collector: cu.Collector, Policy: cu.Policy, PausedUntil: cu.PausedUntil, PauseReason: cu.PauseReason, Currency: currency}
	if cu.PenaltyRate != 0 {
		rate := cu.PenaltyRate.String()
		out.PenaltyRate = &rate
	}
	return out
}

// apiCustomerDetail is one customer with its contacts and its open invoices.
type apiCustomerDetail struct {
	apiCustomer
	Contacts []apiContact `json:"contacts"`
	// Invoices are the open invoices, the oldest due first: at most maxLimit of them (the
	// balances count them all; /invoices?customer=REF pages through every one).
	Invoices []apiInvoice `json:"invoices"`
}

var customerSorts = []string{"name", "ref", "open", "overdue", "late"}

func (h *apiHandler) listCustomers(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "q", "profile", "collector", "min_days_late", "sort", "limit", "offset")
	q := store.CustomerQuery{CompanyID: co.ID, Search: p.str("q"), Collector: p.str("collector"), Day: h.app.Today(co),
		Profile: receivable.Profile(p.oneOf("profile", "", profileCodes()...)), MinDaysLate: p.int("min_days_late", 0, 0, 100000),
		Sort: p.oneOf("sort", "name", customerSorts...)}
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	q.Limit, q.Offset = pg.limit+1, pg.offset
	rows, err := h.app.Store.ListCustomers(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]apiCustomer, 0, len(rows))
	for _, s := range rows {
		c := customerJSON(s.Customer, co.Currency)
		c.Open, c.Overdue, c.MaxDaysLate, c.OpenInvoices = s.Open, s.Overdue, s.MaxDaysLate, s.OpenCount
		out = append(out, c)
	}
	return writeList(w, r, pg, out)
}

func profileCodes() []string {
	out := make([]string, len(receivable.Profiles))
	for i, p := range receivable.Profiles {
		out[i] = string(p)
	}
	return out
}

// customer reads the customer of the path: a 404 when the company has none of that reference.
func (h *apiHandler) customer(r *http.Request) (receivable.Customer, error) {
	return h.app.Store.CustomerByRef(r.Context(), companyOf(r).ID, r.PathValue("ref"))
}

func (h *apiHandler) getCustomer(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	d, err := h.customerDetail(r.Context(), companyOf(r), cu)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (h *apiHandler) customerDetail(ctx context.Context, co receivable.Company, cu receivable.Customer) (apiCustomerDetail, error) {
	d := apiCustomerDetail{apiCustomer: customerJSON(cu, co.Currency), Contacts: []apiContact{}, Invoices: []apiInvoice{}}
	contacts, err := h.app.Store.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		return d, err
	}
	for _, ct := range contacts {
		d.Contacts = append(d.Contacts, contactJSON(ct))
	}
	invs, err := h.app.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
	if err != nil {
		return d, err
	}
	day := h.app.Today(co)
	for _, inv := range invs {
		d.Open += inv.Open()
		d.OpenInvoices++
		if late := inv.DaysLate(day); late > 0 {
			d.Overdue += inv.Open()
			d.MaxDaysLate = max(d.MaxDaysLate, late)
		}
		if len(d.Invoices) < maxLimit {
			d.Invoices = append(d.Invoices, invoiceJSON(inv, day, co.Currency))
		}
	}
	return d, nil
}

// customerFields are the fields of a customer a request may set. A pointer left nil was not
// sent: an update keeps that field as it is.
type customerFields struct {
	Name             *string             `json:"name"`
	SIREN            *string             `json:"siren"`
	Kind             *string             `json:"kind"`
	Address          *receivable.Address `json:"address"`
	Language         *string             `json:"language"`
	Profile          *string             `json:"profile"`
	CreditLimit      *money.Cents        `json:"credit_limit_cents"`
	PaymentTermsDays *int                `json:"payment_terms_days"`
	Collector        *string             `json:"collector"`
	Policy           *string             `json:"policy"`
	PenaltyRate      *string             `json:"penalty_rate"`
}

type customerCreate struct {
	Ref string `json:"ref"`
	customerFields
	Contacts []contactFields `json:"contacts"`
}

// apply checks the fields sent and writes them into cu. Profile, policy and collector are
// checked here (the policy's existence by checkPolicy) but written by the caller: an update
// records their change in the timeline.
func (f customerFields) apply(cu *receivable.Customer) error {
	if f.Name != nil {
		if cu.Name = strings.TrimSpace(*f.Name); cu.Name == "" {
			return invalid("name", "name must not be empty")
		}
	}
	if f.SIREN != nil {
		s := strings.ReplaceAll(strings.TrimSpace(*f.SIREN), " ", "")
		if s != "" && (len(s) != 9 || strings.Trim(s, "0123456789") != "") {
			return invalid("siren", "siren %q: want the 9 digits of the SIREN number, or \"\"", *f.SIREN)
		}
		cu.SIREN = s
	}
	if f.Kind != nil {
		k := receivable.Kind(strings.TrimSpace(*f.Kind))
		if !slices.Contains([]receivable.Kind{receivable.B2B, receivable.B2C, receivable.Public}, k) {
			return invalid("kind", "kind %q: want b2b, b2c or public", *f.Kind)
		}
		cu.Kind = k
	}
	if f.Address != nil {
		a := *f.Address
		a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
		if a.Country == "" {
			a.Country = "FR"
		}
		if len(a.Country) != 2 || strings.Trim(a.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return invalid("address.country", "address.country %q: want an ISO 3166 two-letter code such as FR", f.Address.Country)
		}
		cu.Address = a
	}
	if f.Language != nil {
		if l := *f.Language; l != "fr" && l != "en" {
			return invalid("language", "language %q: want fr or en", l)
		}
		cu.Language = *f.Language
	}
	if f.Profile != nil && *f.Profile != "" && !slices.Contains(profileCodes(), *f.Profile) {
		return invalid("profile", "profile %q: want one of %s, or \"\"", *f.Profile, strings.Join(profileCodes(), ", "))
	}
	if f.CreditLimit != nil {
		if *f.CreditLimit < 0 {
			return invalid("credit_limit_cents", "credit_limit_cents must not be negative")
		}
		cu.CreditLimit = *f.CreditLimit
	}
	if f.PaymentTermsDays != nil {
		if d := *f.PaymentTermsDays; d < 0 || d > 365 {
			return invalid("payment_terms_days", "payment_terms_days %d: want 0 (the company's) to 365", d)
		}
		cu.PaymentTermsDays = *f.PaymentTermsDays
	}
	if f.Collector != nil {
		if _, err := app.CleanCollector(*f.Collector); err != nil {
			return renameFields(err, nil)
		}
	}
	if f.PenaltyRate != nil {
		cu.PenaltyRate = 0
		if s := strings.TrimSpace(*f.PenaltyRate); s != "" {
			rate, err := money.ParseRate(s)
			if err != nil || rate < 0 || rate > 100*money.RateScale {
				return invalid("penalty_rate", "penalty_rate %q: want a percentage such as \"12.15\", or \"\" for the company's", *f.PenaltyRate)
			}
			cu.PenaltyRate = rate
		}
	}
	return nil
}

// checkPolicy checks that the policy sent, if any, exists: the company's or a shipped one.
func (h *apiHandler) checkPolicy(ctx context.Context, co receivable.Company, name *string) error {
	if name == nil || *name == "" {
		return nil
	}
	if _, err := h.app.Policy(ctx, co, *name); errors.Is(err, store.ErrNotFound) {
		return invalid("policy", "no policy %q: name one of the company's policies, or \"\" for the one of the customer's profile", *name)
	} else if err != nil {
		return err
	}
	return nil
}

func (h *apiHandler) createCustomer(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	var in customerCreate
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	cu := receivable.Customer{CompanyID: co.ID, Ref: strings.TrimSpace(in.Ref), Kind: receivable.B2B, Language: co.Language,
		Address: receivable.Address{Country: "FR"}}
	switch {
	case cu.Ref == "":
		return invalid("ref", "ref, the customer's reference, is required")
	case len(cu.Ref) > 64 || strings.ContainsAny(cu.Ref, "/?#"):
		return invalid("ref", "ref %q: at most 64 characters, without / ? or #", cu.Ref)
	case in.Name == nil:
		return invalid("name", "name is required")
	}
	if err := in.apply(&cu); err != nil {
		return err
	}
	if err := h.checkPolicy(ctx, co, in.Policy); err != nil {
		return err
	}
	if in.Profile != nil {
		cu.Profile = receivable.Profile(*in.Profile)
	}
	if in.Policy != nil {
		cu.Policy = *in.Policy
	}
	if in.Collector != nil {
		cu.Collector, _ = app.CleanCollector(*in.Collector)
	}
	contacts := make([]receivable.Contact, len(in.Contacts))
	for i, cf := range in.Contacts {
		if err := cf.apply(&contacts[i]); err != nil {
			return prefixField(err, fmt.Sprintf("contacts[%d].", i))
		}
	}
	err := h.app.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.CreateCustomer(ctx, &cu); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return conflict("a customer with reference %q exists already", cu.Ref)
			}
			return err
		}
		for i := range contacts {
			contacts[i].CompanyID, contacts[i].CustomerID = co.ID, cu.ID
			if err := q.AddContact(ctx, &contacts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	d, err := h.customerDetail(ctx, co, cu)
	if err != nil {
		return err
	}
	return writeCreated(w, companyPath(r)+"/customers/"+url.PathEscape(cu.Ref), d)
}

// prefixField puts a field error inside its list item: "email" becomes "contacts[0].email".
func prefixField(err error, prefix string) error {
	var fe *fieldError
	if errors.As(err, &fe) && fe.field != "" {
		return &fieldError{fe.status, fe.code, prefix + fe.field, prefix + fe.msg}
	}
	return err
}

// updateCustomer changes the fields sent, and only those. A change of payer profile, policy
// or collector goes through its use case, which records it in the customer's timeline.
func (h *apiHandler) updateCustomer(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	var in customerFields
	if err := decodeJSON(w, r, &in, true); err != nil {
		return err
	}
	// Checked on a copy first, so that a refused field changes nothing.
	check := cu
	if err := in.apply(&check); err != nil {
		return err
	}
	if err := h.checkPolicy(ctx, co, in.Policy); err != nil {
		return err
	}
	err = h.app.Store.InTx(ctx, func(q store.Queries) error {
		// Read again in the transaction: a change made meanwhile to a field not sent stays.
		fresh, err := q.Customer(ctx, co.ID, cu.ID)
		if err != nil {
			return err
		}
		if err := in.apply(&fresh); err != nil {
			return err
		}
		return q.UpdateCustomer(ctx, fresh)
	})
	if err != nil {
		return err
	}
	author := authorName(r)
	if in.Profile != nil && receivable.Profile(*in.Profile) != cu.Profile {
		if _, err := h.app.SetProfile(ctx, co, cu.Ref, receivable.Profile(*in.Profile), author); err != nil {
			return renameFields(err, nil)
		}
	}
	if in.Policy != nil && *in.Policy != cu.Policy {
		if err := h.app.AssignPolicy(ctx, co, app.AssignPolicyParams{CustomerRef: cu.Ref, Name: *in.Policy}, author); err != nil {
			return renameFields(err, map[string]string{"customer": "policy"})
		}
	}
	if in.Collector != nil {
		if _, err := h.app.SetCollector(ctx, co, cu.Ref, *in.Collector, author); err != nil {
			return renameFields(err, nil)
		}
	}
	if cu, err = h.app.Store.Customer(ctx, co.ID, cu.ID); err != nil {
		return err
	}
	d, err := h.customerDetail(ctx, co, cu)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// pauseInput pauses the reminders of a customer or an invoice.
type pauseInput struct {
	Until  string `json:"until"`
	Reason string `json:"reason"`
}

func (h *apiHandler) pauseCustomer(w http.ResponseWriter, r *http.Request) error {
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	return h.pause(w, r, app.PauseTarget{CustomerRef: cu.Ref})
}

func (h *apiHandler) resumeCustomer(w http.ResponseWriter, r *http.Request) error {
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	return h.resume(w, r, app.PauseTarget{CustomerRef: cu.Ref})
}

func (h *apiHandler) pause(w http.ResponseWriter, r *http.Request, t app.PauseTarget) error {
	var in pauseInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	until, err := parseDate("until", in.Until, true)
	if err != nil {
		return err
	}
	res, err := h.app.Pause(r.Context(), companyOf(r), app.PauseParams{PauseTarget: t, Until: until, Reason: in.Reason}, authorName(r))
	if err != nil {
		return renameFields(err, nil)
	}
	return writeJSON(w, http.StatusOK, res)
}

func (h *apiHandler) resume(w http.ResponseWriter, r *http.Request, t app.PauseTarget) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	res, err := h.app.Resume(r.Context(), companyOf(r), t, authorName(r))
	if err != nil {
		return renameFields(err, nil)
	}
	return writeJSON(w, http.StatusOK, res)
}

// customerTimeline pages through everything that happened to the customer, newest first.
func (h *apiHandler) customerTimeline(w http.ResponseWriter, r *http.Request) error {
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	p := readParams(r, "limit", "offset")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	tl, err := h.app.History(r.Context(), companyOf(r), cu.Ref, app.HistoryParams{Reverse: true})
	if err != nil {
		return err
	}
	return writeList(w, r, pg, pageOf(tl.Entries, pg))
}

// sendStatement queues the customer's statement of account to go out now, outside the
// process (app.SendStatement): by e-mail to the dunning contact, else by letter to print from
// the outbox. A customer without open invoice, or without any address, is a 422.
func (h *apiHandler) sendStatement(w http.ResponseWriter, r *http.Request) error {
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	sent, err := h.app.SendStatement(r.Context(), companyOf(r), cu.Ref, authorName(r))
	if err != nil {
		// The customer is the path's, not a field of the request.
		return renameFields(err, map[string]string{"customer": ""})
	}
	return writeJSON(w, http.StatusOK, sent)
}
