package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// RateTable is the company's rate table: the embedded defaults (penalty.DefaultRates)
// overlaid with the rates its users set or imported. Every computation of penalties in
// relance uses it, so that a rate added with `relance rates set` counts everywhere at once.
func (a *App) RateTable(ctx context.Context, co receivable.Company) (penalty.Table, error) {
	recs, err := a.Store.ListRates(ctx, co.ID)
	if err != nil {
		return penalty.Table{}, err
	}
	entries := make([]penalty.Entry, len(recs))
	for i, r := range recs {
		entries[i] = r.Entry
	}
	return penalty.DefaultRates().WithEntries(entries...), nil
}

// RateRow is one rate of the company's table with where it comes from: "embedded" for the
// tables relance ships, else how a user added it ("set by alice", "imported from taux.csv").
type RateRow struct {
	penalty.Entry
	Origin    string    `json:"origin"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Replaces is the embedded value a user's rate replaces, if any.
	Replaces *penalty.Entry `json:"replaces,omitempty"`
}

// MarshalJSON writes the entry's fields (rate as decimal text) beside the row's own.
func (r RateRow) MarshalJSON() ([]byte, error) {
	e, err := json.Marshal(r.Entry)
	if err != nil {
		return nil, err
	}
	type extra struct {
		Origin    string         `json:"origin"`
		UpdatedAt time.Time      `json:"updated_at,omitzero"`
		Replaces  *penalty.Entry `json:"replaces,omitempty"`
	}
	x, err := json.Marshal(extra{r.Origin, r.UpdatedAt, r.Replaces})
	if err != nil {
		return nil, err
	}
	return append(append(e[:len(e)-1], ','), x[1:]...), nil
}

// Rates lists the company's table, by series then half-year: what `relance rates list` shows.
func (a *App) Rates(ctx context.Context, co receivable.Company) ([]RateRow, error) {
	recs, err := a.Store.ListRates(ctx, co.ID)
	if err != nil {
		return nil, err
	}
	defaults := penalty.DefaultRates()
	own := map[string]store.RateRecord{}
	for _, r := range recs {
		own[string(r.Entry.Series)+" "+r.Entry.Semester.String()] = r
	}
	table, err := a.RateTable(ctx, co)
	if err != nil {
		return nil, err
	}
	out := []RateRow{}
	for _, e := range table.Entries() {
		row := RateRow{Entry: e, Origin: "embedded"}
		if r, ok := own[string(e.Series)+" "+e.Semester.String()]; ok {
			row.Origin, row.UpdatedAt = r.Origin, r.UpdatedAt
			if d, err := defaults.Lookup(e.Series, e.Semester); err == nil {
				row.Replaces = &d
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// SetRate stores one rate a user read in its publication, replacing the company's rate or
// the embedded one for that series and half-year; it returns the row it replaced, if any.
func (a *App) SetRate(ctx context.Context, co receivable.Company, e penalty.Entry, author string) (RateRow, bool, error) {
	if err := checkEntry(e); err != nil {
		return RateRow{}, false, err
	}
	rows, err := a.Rates(ctx, co)
	if err != nil {
		return RateRow{}, false, err
	}
	var prev RateRow
	var had bool
	for _, r := range rows {
		if r.Series == e.Series && r.Semester == e.Semester {
			prev, had = r, true
		}
	}
	if e.Source == "" {
		e.Source = "set by a user"
	}
	rec := store.RateRecord{Entry: e, Origin: "set by " + orDefault(author, "a user")}
	if err := a.Store.SetRates(ctx, co.ID, []store.RateRecord{rec}); err != nil {
		return prev, had, err
	}
	a.Log.Info("rate set", "company", co.Slug, "series", string(e.Series), "semester", e.Semester.String(), "rate", e.Rate.String())
	return prev, had, nil
}

// ImportRates reads a rates file in one of the layouts penalty.ReadRatesCSV reads and stores
// every rate in one transaction: a bad line stores nothing, and the error names the file and
// the line. It returns the number of rates stored.
func (a *App) ImportRates(ctx context.Context, co receivable.Company, name string, r io.Reader, author string) (int, error) {
	entries, err := penalty.ReadRatesCSV(r)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(entries) == 0 {
		return 0, fmt.Errorf("%s: no rate in the file", name)
	}
	base := filepath.Base(name)
	recs := make([]store.RateRecord, len(entries))
	for i, e := range entries {
		if err := checkEntry(e); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if e.Source == "imported from a CSV file" {
			e.Source = "imported from " + base
		}
		recs[i] = store.RateRecord{Entry: e, Origin: "imported from " + base + " by " + orDefault(author, "a user")}
	}
	err = a.Store.InTx(ctx, func(q store.Queries) error { return q.SetRates(ctx, co.ID, recs) })
	if err != nil {
		return 0, err
	}
	return len(recs), nil
}

// checkEntry refuses what cannot be a published rate. Negative rates exist (the German base
// rate was -0.88 % from 2016 to 2022); beyond 100 % it is a typing error.
func checkEntry(e penalty.Entry) error {
	if _, err := penalty.ParseSeries(string(e.Series)); err != nil {
		return err
	}
	if e.Semester.IsZero() {
		return errors.New("no half-year")
	}
	if e.Rate > 100*money.RateScale || e.Rate < -100*money.RateScale {
		return fmt.Errorf("%s %s: rate %s%% is out of range", e.Series, e.Semester, e.Rate)
	}
	return nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// NoticeDate says which date of a formal notice starts legal interest against a consumer.
type NoticeDate string

// The dates a formal notice can count from. The law does not settle between sending and
// first presentation (legal note §6.3, open question 3); relance takes the first
// presentation by default, the cautious choice.
const (
	NoticeSent         NoticeDate = "sent"
	NoticePresented    NoticeDate = "presented"
	NoticeAcknowledged NoticeDate = "acknowledged"
)

// ParseNoticeDate reads sent, presented or acknowledged (and their French names); empty is
// presented.
func ParseNoticeDate(s string) (NoticeDate, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "presented", "presentation", "first_presentation", "présentation":
		return NoticePresented, nil
	case "sent", "sending", "envoi":
		return NoticeSent, nil
	case "acknowledged", "acknowledgement", "ar", "accusé", "signature":
		return NoticeAcknowledged, nil
	}
	return "", fmt.Errorf("unknown formal-notice date %q: want sent, presented or acknowledged", s)
}

// PenaltySettings are the company's choices for computing interest.
type PenaltySettings struct {
	DayCount             penalty.DayCount `json:"day_count"`
	ConsumerInterestFrom NoticeDate       `json:"consumer_interest_from"`
}

// PenaltySettings reads the company's settings, with their defaults: actual/365 and the first
// presentation of the formal notice.
func (a *App) PenaltySettings(ctx context.Context, co receivable.Company) (PenaltySettings, error) {
	m, err := a.Store.CompanySettings(ctx, co.ID)
	if err != nil {
		return PenaltySettings{}, err
	}
	var s PenaltySettings
	if s.DayCount, err = penalty.ParseDayCount(m[store.SettingDayCount]); err != nil {
		return s, fmt.Errorf("setting %s: %w", store.SettingDayCount, err)
	}
	if s.ConsumerInterestFrom, err = ParseNoticeDate(m[store.SettingConsumerInterestFrom]); err != nil {
		return s, fmt.Errorf("setting %s: %w", store.SettingConsumerInterestFrom, err)
	}
	return s, nil
}

// SetPenaltySettings stores the settings; a zero field is left as it is.
func (a *App) SetPenaltySettings(ctx context.Context, co receivable.Company, s PenaltySettings) error {
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if s.DayCount != "" {
			dc, err := penalty.ParseDayCount(string(s.DayCount))
			if err != nil {
				return err
			}
			if err := q.SetCompanySetting(ctx, co.ID, store.SettingDayCount, string(dc)); err != nil {
				return err
			}
		}
		if s.ConsumerInterestFrom != "" {
			nd, err := ParseNoticeDate(string(s.ConsumerInterestFrom))
			if err != nil {
				return err
			}
			return q.SetCompanySetting(ctx, co.ID, store.SettingConsumerInterestFrom, string(nd))
		}
		return nil
	})
}

// terms are the terms of cu under the company's settings.
func (s PenaltySettings) terms(co receivable.Company, cu receivable.Customer) penalty.Terms {
	t := penalty.TermsFor(co, cu)
	if s.DayCount != "" {
		t.DayCount = s.DayCount
	}
	return t
}

// noticeDate is the day legal interest counts from: the date the setting names, else a
// later one that is known (a notice acknowledged was presented by then); never an earlier
// one, which would claim interest the company did not choose to claim.
func (s PenaltySettings) noticeDate(n store.FormalNotice) civil.Date {
	order := []civil.Date{n.Sent, n.Presented, n.Acknowledged}
	from := map[NoticeDate]int{NoticeSent: 0, NoticePresented: 1, NoticeAcknowledged: 2}[s.ConsumerInterestFrom]
	if s.ConsumerInterestFrom == "" {
		from = 1
	}
	for _, d := range order[from:] {
		if !d.IsZero() {
			return d
		}
	}
	return civil.Date{}
}

// invoiceInput builds the computation's input for one invoice from its allocations and, for
// a consumer, its formal notice.
func (s PenaltySettings) invoiceInput(inv receivable.Invoice, allocs []receivable.Allocation, notice store.FormalNotice) penalty.Invoice {
	in := penalty.InvoiceOf(inv, allocs)
	in.NoticeDate = s.noticeDate(notice)
	return in
}

// StatementOptions choose what a customer's statement of claim covers.
type StatementOptions struct {
	// Day is the day of the statement; interest runs to it.
	Day civil.Date
	// PaidLateSince, when set, adds the invoices paid in full after their due date on or
	// after that day: their interest and indemnity are still owed (for 5 years), but relance
	// does not record whether penalties were paid (allocations go to principal), so it
	// cannot tell which were claimed and settled already. The user chooses from when,
	// typically the last settlement of penalties with this customer.
	PaidLateSince civil.Date
}

// CustomerStatement builds the statement of claim (décompte) of the customer with reference
// ref: its invoices open and past due on the day — an invoice not yet due is not claimable —
// and, if asked, those paid late since a date; for each, the principal, the payments from
// the allocations, the interest lines and the indemnity, then the totals. A rate missing from
// the company's table fails the statement with a *penalty.MissingRateError naming it.
func (a *App) CustomerStatement(ctx context.Context, co receivable.Company, ref string, opts StatementOptions) (penalty.Statement, receivable.Customer, error) {
	cu, err := a.Store.CustomerByRef(ctx, co.ID, ref)
	if errors.Is(err, store.ErrNotFound) {
		return penalty.Statement{}, cu, fmt.Errorf("no customer with reference %q", ref)
	}
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	day := opts.Day
	if day.IsZero() {
		day = a.Today(co)
	}
	invs, err := a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, Kind: receivable.KindInvoice})
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	scope := store.InvoiceScope{CompanyID: co.ID, CustomerID: cu.ID}
	allocs, err := a.Store.ListAllocations(ctx, scope)
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	notices, err := a.noticesByInvoice(ctx, scope)
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	settings, err := a.PenaltySettings(ctx, co)
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	rates, err := a.RateTable(ctx, co)
	if err != nil {
		return penalty.Statement{}, cu, err
	}
	byInvoice := map[int64][]receivable.Allocation{}
	for _, al := range allocs {
		byInvoice[al.InvoiceID] = append(byInvoice[al.InvoiceID], al)
	}
	in := penalty.StatementInput{CustomerRef: cu.Ref, CustomerName: cu.Name, Terms: settings.terms(co, cu), Day: day}
	for _, inv := range invs {
		if statementCovers(inv, byInvoice[inv.ID], day, opts.PaidLateSince) {
			in.Invoices = append(in.Invoices, settings.invoiceInput(inv, byInvoice[inv.ID], notices[inv.ID]))
		}
	}
	st, err := penalty.BuildStatement(in, rates)
	if err == nil && st.Currency == "" {
		st.Currency = co.Currency
	}
	return st, cu, err
}

// statementCovers says whether inv belongs in a statement on day: open and past due, or
// paid in full late, on or after since.
func statementCovers(inv receivable.Invoice, allocs []receivable.Allocation, day, since civil.Date) bool {
	if !inv.DueDate.Before(day) {
		return false
	}
	var paid money.Cents
	var paidOn civil.Date
	for _, al := range allocs {
		if al.Date.After(day) {
			continue
		}
		paid += al.Amount
		if paid >= inv.Amount && paidOn.IsZero() {
			paidOn = al.Date
		}
	}
	if paid < inv.Amount {
		return true
	}
	return !since.IsZero() && paidOn.After(inv.DueDate) && !paidOn.Before(since)
}

// noticesByInvoice indexes the formal notices of the invoices in scope.
func (a *App) noticesByInvoice(ctx context.Context, scope store.InvoiceScope) (map[int64]store.FormalNotice, error) {
	ns, err := a.Store.ListFormalNotices(ctx, scope)
	out := make(map[int64]store.FormalNotice, len(ns))
	for _, n := range ns {
		out[n.InvoiceID] = n
	}
	return out, err
}

// StatementDocument lays the statement of claim out as a letter: the company as sender, the
// customer in the envelope window, then for each invoice a table of its principal, payments,
// interest lines and indemnity, the totals, and the rules applied. The warnings meant for the
// user (an unconfirmed rate…) are not in it: they are for checking before sending, not for
// the debtor. lang is "fr" or "en".
func StatementDocument(co receivable.Company, cu receivable.Customer, st penalty.Statement, lang string) letter.Document {
	w := func(en, fr string) string {
		if lang == "en" {
			return en
		}
		return fr
	}
	amt := func(c money.Cents) string { return c.FormatCurrency(st.Currency, lang) }
	date := func(d civil.Date) string { return d.Format(lang) }
	sender := letter.Party{Name: co.DisplayName(), Lines: co.Address.Lines()}
	for _, x := range [][2]string{{"SIREN ", co.SIREN}, {w("VAT ", "TVA "), co.VATNumber}, {"", co.Phone}, {"", co.Email}} {
		if x[1] != "" {
			sender.Extra = append(sender.Extra, x[0]+x[1])
		}
	}
	doc := letter.Document{
		Lang:       lang,
		Sender:     sender,
		Recipient:  letter.Party{Name: cu.Name, Lines: cu.Address.Lines()},
		Place:      co.Address.City,
		Date:       st.Day,
		References: []letter.Reference{{Label: w("Customer no.", "Client n°"), Value: cu.Ref}},
		Subject:    w("Statement of claim on ", "Décompte de la créance au ") + date(st.Day),
		Footer:     strings.Join(append([]string{co.DisplayName()}, append(siren(co), co.Address.Lines()...)...), " — "),
	}
	doc.Body = append(doc.Body, letter.Paragraph{Text: w(
		"Statement of the sums owed on "+date(st.Day)+" for the invoices below: principal still due, late-payment interest and flat recovery indemnity.",
		"Décompte arrêté au "+date(st.Day)+" des sommes dues au titre des factures ci-dessous : principal restant dû, intérêts de retard et indemnité forfaitaire pour frais de recouvrement.")})
	cols := []letter.Column{{Title: w("Item", "Élément"), Align: "L", Width: 0.26}, {Title: w("From", "Du"), Align: "C", Width: 0.14},
		{Title: w("To", "Au"), Align: "C", Width: 0.14}, {Title: w("Days", "Jours"), Align: "R", Width: 0.07},
		{Title: w("Rate", "Taux"), Align: "R", Width: 0.09}, {Title: w("Base", "Base"), Align: "R", Width: 0.15}, {Title: w("Amount", "Montant"), Align: "R", Width: 0.15}}
	for _, it := range st.Invoices {
		head := w("Invoice ", "Facture ") + it.Invoice
		if !it.IssueDate.IsZero() {
			head += w(" of ", " du ") + date(it.IssueDate)
		}
		head += w(", due ", ", échéance le ") + date(it.DueDate)
		if !it.PaidDate.IsZero() {
			head += w(", paid on ", ", réglée le ") + date(it.PaidDate)
		}
		doc.Body = append(doc.Body, letter.Heading{Text: head})
		rows := [][]string{{w("Principal", "Principal TTC"), "", "", "", "", "", amt(it.Principal)}}
		for _, p := range it.Payments {
			rows = append(rows, []string{w("Payment of ", "Règlement du ") + date(p.Date), "", "", "", "", "", amt(-p.Amount)})
		}
		for _, l := range it.Lines {
			days := fmt.Sprint(l.Days)
			if l.Divisor != 365 {
				days += fmt.Sprintf("/%d", l.Divisor)
			}
			rows = append(rows, []string{w("Late interest", "Intérêts de retard"), date(l.From), date(l.To), days, l.Rate.Format(lang), amt(l.Base), amt(l.Amount)})
		}
		if it.Indemnity != 0 {
			rows = append(rows, []string{w("Flat indemnity", "Indemnité forfaitaire"), "", "", "", "", "", amt(it.Indemnity)})
		}
		doc.Body = append(doc.Body, letter.Table{Columns: cols, Rows: rows, Total: []string{w("Balance due", "Solde dû"), "", "", "", "", "", amt(it.Balance)}})
	}
	doc.Body = append(doc.Body, letter.Heading{Text: w("Totals", "Récapitulatif")}, letter.Table{
		Columns: []letter.Column{{Title: "", Align: "L", Width: 0.7}, {Title: w("Amount", "Montant"), Align: "R", Width: 0.3}},
		Rows: [][]string{
			{w("Principal", "Principal TTC"), amt(st.Principal)},
			{w("Payments received", "Règlements reçus"), amt(-st.Paid)},
			{w("Principal outstanding", "Principal restant dû"), amt(st.Outstanding)},
			{w("Late interest", "Intérêts de retard"), amt(st.Interest)},
			{w("Flat recovery indemnities", "Indemnités forfaitaires de recouvrement"), amt(st.Indemnity)},
		},
		Total: []string{w("Total due on ", "Total dû au ") + date(st.Day), amt(st.Balance)},
	})
	if len(st.Notes) > 0 {
		doc.Body = append(doc.Body, letter.Heading{Text: w("Basis of the computation", "Fondement du calcul")})
		for _, n := range st.Notes {
			doc.Body = append(doc.Body, letter.Paragraph{Text: n.In(lang)})
		}
	}
	return doc
}

func siren(co receivable.Company) []string {
	if co.SIREN == "" {
		return nil
	}
	return []string{"SIREN " + co.SIREN}
}

// PenaltyClaim is what the run attaches to an action whose step shows penalties (the level-2
// letter, the formal notice…): each invoice's late interest and indemnity on the action's
// day, and their totals, for the letter or the call script to show. A consumer's invoices
// carry no penalties and no indemnity; legal interest only once a formal notice is recorded.
// An action whose penalties could not all be computed (a rate missing) has no claim at all:
// an incomplete sum must not reach a letter; the run warns, and a later run completes it
// while it waits to go out.
type PenaltyClaim struct {
	Day       civil.Date       `json:"day"`
	Currency  string           `json:"currency"`
	Invoices  []penalty.Result `json:"invoices"`
	Interest  money.Cents      `json:"interest_cents"`
	Indemnity money.Cents      `json:"indemnity_cents"`
	Total     money.Cents      `json:"total_cents"`
}

// ActionPenalties reads the claim the run attached to an action; false when it has none.
func (a *App) ActionPenalties(ctx context.Context, co receivable.Company, actionID int64) (PenaltyClaim, bool, error) {
	ps, err := a.Store.ActionPenalties(ctx, store.ActionPenaltyQuery{CompanyID: co.ID, IDs: []int64{actionID}})
	if err != nil || len(ps) == 0 || ps[0].Claim == "" {
		return PenaltyClaim{}, false, err
	}
	var c PenaltyClaim
	if err := json.Unmarshal([]byte(ps[0].Claim), &c); err != nil {
		return c, false, fmt.Errorf("penalties of action %d: %w", actionID, err)
	}
	return c, true, nil
}

// runPenalties computes the claims of one run's actions. It is loaded once per run (the rate
// table and the settings) and used chunk by chunk: prepare reads, before the chunk's
// transaction; attach and fill write, inside it.
type runPenalties struct {
	co       receivable.Company
	rates    penalty.Table
	settings PenaltySettings
	// For the chunk being recorded: the complete claims (JSON) of its new actions by key, and
	// those of actions recorded earlier without their penalties, by id.
	claims  map[string]string
	earlier map[int64]string
	// For the whole run.
	missing  map[string]int    // "ecb_mro 2026-H2" → actions left without their penalties
	advice   map[string]string // the same → how to add it
	order    []string
	failed   []RunWarning
	attached int
}

func (a *App) newRunPenalties(ctx context.Context, co receivable.Company) (*runPenalties, error) {
	rates, err := a.RateTable(ctx, co)
	if err != nil {
		return nil, err
	}
	settings, err := a.PenaltySettings(ctx, co)
	if err != nil {
		return nil, err
	}
	return &runPenalties{co: co, rates: rates, settings: settings, missing: map[string]int{}, advice: map[string]string{}}, nil
}

// prepare computes the claims of the chunk's new actions that ask for penalties and, unless
// dry, of the actions of its customers recorded earlier without them (a rate was missing) and
// still waiting to go out. It only reads, and one failed computation never fails the run: the
// action is recorded without penalties and the run warns.
func (rp *runPenalties) prepare(ctx context.Context, st store.Queries, accounts []dunning.Account, decisions []dunning.Decision, lo, hi int64, dry bool) error {
	rp.claims, rp.earlier = map[string]string{}, map[int64]string{}
	var jobs []store.ActionRecord // ID 0: a new action
	for _, d := range decisions {
		for _, ac := range d.Actions {
			if ac.Penalties {
				jobs = append(jobs, store.ActionRecord{Action: ac})
			}
		}
	}
	if !dry {
		waiting, err := st.ActionsMissingPenalties(ctx, rp.co.ID, lo, hi)
		if err != nil {
			return err
		}
		jobs = append(jobs, waiting...)
	}
	if len(jobs) == 0 {
		return nil
	}
	in, err := rp.load(ctx, st, accounts, jobs)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		cu, ok := in.customers[j.CustomerID]
		if !ok {
			continue
		}
		claim, ok := rp.compute(cu, j.Action, in)
		if !ok {
			continue
		}
		b, err := json.Marshal(claim)
		if err != nil {
			return err
		}
		if j.ID == 0 {
			rp.claims[j.Key] = string(b)
		} else {
			rp.earlier[j.ID] = string(b)
		}
	}
	return nil
}

// claimInput is what the chunk's claims are computed from.
type claimInput struct {
	customers map[int64]receivable.Customer
	invoices  map[int64]receivable.Invoice
	allocs    map[int64][]receivable.Allocation
	notices   map[int64]store.FormalNotice
}

// load gathers the customers, invoices, allocations and formal notices of the jobs: from the
// chunk's accounts when they hold them (open invoices), else from the store (an action
// recorded earlier may list an invoice paid since).
func (rp *runPenalties) load(ctx context.Context, st store.Queries, accounts []dunning.Account, jobs []store.ActionRecord) (claimInput, error) {
	in := claimInput{customers: map[int64]receivable.Customer{}, invoices: map[int64]receivable.Invoice{},
		allocs: map[int64][]receivable.Allocation{}, notices: map[int64]store.FormalNotice{}}
	for _, acct := range accounts {
		in.customers[acct.Customer.ID] = acct.Customer
		for _, inv := range acct.Invoices {
			in.invoices[inv.ID] = inv
		}
	}
	var ids []int64
	for _, j := range jobs {
		if _, ok := in.customers[j.CustomerID]; !ok {
			cu, err := st.Customer(ctx, rp.co.ID, j.CustomerID)
			if err != nil {
				return in, err
			}
			in.customers[cu.ID] = cu
		}
		for _, l := range j.Invoices {
			ids = append(ids, l.ID)
			if _, ok := in.invoices[l.ID]; ok {
				continue
			}
			inv, err := st.Invoice(ctx, rp.co.ID, l.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue // deleted since: nothing to claim
			}
			if err != nil {
				return in, err
			}
			in.invoices[inv.ID] = inv
		}
	}
	scope := store.InvoiceScope{CompanyID: rp.co.ID, InvoiceIDs: ids}
	allocs, err := st.ListAllocations(ctx, scope)
	if err != nil {
		return in, err
	}
	for _, al := range allocs {
		in.allocs[al.InvoiceID] = append(in.allocs[al.InvoiceID], al)
	}
	ns, err := st.ListFormalNotices(ctx, scope)
	for _, n := range ns {
		in.notices[n.InvoiceID] = n
	}
	return in, err
}

// compute is the claim of one action on the action's day; false when an invoice's penalties
// could not be computed, the missing rates then being counted for the run's warnings.
func (rp *runPenalties) compute(cu receivable.Customer, ac dunning.Action, in claimInput) (PenaltyClaim, bool) {
	claim := PenaltyClaim{Day: ac.Day, Currency: ac.Currency, Invoices: []penalty.Result{}}
	var missingRates, errs []string
	terms := rp.settings.terms(rp.co, cu)
	for _, l := range ac.Invoices {
		inv, ok := in.invoices[l.ID]
		if !ok {
			continue
		}
		res, err := penalty.Compute(rp.settings.invoiceInput(inv, in.allocs[inv.ID], in.notices[inv.ID]), terms, ac.Day, rp.rates)
		var missing *penalty.MissingRateError
		switch {
		case errors.As(err, &missing):
			name := string(missing.Series) + " " + missing.Semester.String()
			if !slices.Contains(missingRates, name) {
				missingRates = append(missingRates, name)
			}
			if _, seen := rp.advice[name]; !seen {
				rp.advice[name] = missing.Error()
				rp.order = append(rp.order, name)
			}
		case err != nil:
			errs = append(errs, fmt.Sprintf("invoice %s: %v", inv.Number, err))
		default:
			if claim.Currency == "" {
				claim.Currency = res.Currency
			}
			if res.Currency != claim.Currency {
				errs = append(errs, fmt.Sprintf("invoice %s is in %s, the action in %s", inv.Number, res.Currency, claim.Currency))
				continue
			}
			claim.Invoices = append(claim.Invoices, res)
			claim.Interest += res.Interest
			claim.Indemnity += res.Indemnity
		}
	}
	claim.Total = claim.Interest + claim.Indemnity
	for _, name := range missingRates {
		rp.missing[name]++
	}
	if len(errs) > 0 && len(missingRates) == 0 {
		rp.failed = append(rp.failed, RunWarning{Kind: WarnPenalties, CustomerRef: cu.Ref,
			Message: fmt.Sprintf("penalties of %s on %s not computed: %s", ac.Step, ac.Day, strings.Join(errs, "; "))})
	}
	return claim, len(missingRates)+len(errs) == 0
}

// fill attaches their claims to the actions recorded earlier without them, in the chunk's
// transaction; one that went out meanwhile keeps what it said.
func (rp *runPenalties) fill(ctx context.Context, q store.Queries) error {
	for id, claim := range rp.earlier {
		err := q.SetActionPenalties(ctx, rp.co.ID, id, claim)
		if errors.Is(err, store.ErrConflict) {
			continue
		}
		if err != nil {
			return err
		}
		rp.attached++
	}
	return nil
}

// recorded counts the claims stored with the actions the chunk just recorded (the store
// writes them with the actions: an action whose claim is not complete has none).
func (rp *runPenalties) recorded(recs []store.ActionRecord) {
	for _, r := range recs {
		if _, ok := rp.claims[r.Key]; ok {
			rp.attached++
		}
	}
}

// finish reports each missing rate once, with the number of actions left without their
// penalties, in the run's result and in the log.
func (rp *runPenalties) finish(log *slog.Logger, res *RunResult) {
	res.PenaltiesAttached = rp.attached
	for _, name := range rp.order {
		n := rp.missing[name]
		res.PenaltiesMissing += n
		res.Warnings = append(res.Warnings, RunWarning{Kind: WarnMissingRate, Rate: name,
			Message: fmt.Sprintf("%s; %d actions wait for their penalties, which the next run adds once the rate is set", rp.advice[name], n)})
		log.Warn("rate missing for penalties", "company", rp.co.Slug, "rate", name, "actions", n)
	}
	for _, w := range rp.failed {
		log.Warn("penalties not computed", "company", rp.co.Slug, "customer", w.CustomerRef, "error", w.Message)
	}
	res.Warnings = append(res.Warnings, rp.failed...)
}
