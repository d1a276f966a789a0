package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// WarnMonths is how long before a claim becomes time-barred the run warns: time enough to
// obtain an acknowledgement of debt or to serve an injonction de payer.
const WarnMonths = 6

// RunWarning is something the daily run found that a person must act on.
type RunWarning struct {
	Kind        string `json:"kind"` // one of the Warn… kinds
	CustomerRef string `json:"customer_ref,omitempty"`
	Invoice     string `json:"invoice,omitempty"`
	// Rate names a missing rate: "ecb_mro 2026-H2".
	Rate string `json:"rate,omitempty"`
	// Date is, for a limitation warning, the first day the claim is time-barred.
	Date    civil.Date `json:"date,omitzero"`
	Message string     `json:"message"`
}

// The kinds of run warnings.
const (
	WarnMissingRate    = "missing_rate"     // penalties not computed: add the rate
	WarnPenalties      = "penalties"        // penalties not computed for another reason
	WarnTimeBarredSoon = "time_barred_soon" // an open invoice becomes time-barred within WarnMonths
	WarnTimeBarred     = "time_barred"      // an open invoice is time-barred already
)

// InvoiceLimitation is an invoice's limitation dates from what relance holds: the recorded
// interruptions, the payments allocated to it (each a partial payment, which acknowledges the
// debt) and its formal notice (shown, never counted).
type InvoiceLimitation struct {
	Invoice       receivable.Invoice   `json:"invoice"`
	CustomerRef   string               `json:"customer_ref"`
	Kind          receivable.Kind      `json:"customer_kind"`
	Limitation    penalty.Limitation   `json:"limitation"`
	Interruptions []store.Interruption `json:"recorded"`
}

// limitationOf computes the limitation of inv for a debtor of kind.
func limitationOf(kind receivable.Kind, inv receivable.Invoice, allocs []receivable.Allocation, recorded []store.Interruption, notice store.FormalNotice) (penalty.Limitation, error) {
	in := penalty.LimitationInput{Kind: kind, DueDate: inv.DueDate}
	for _, al := range allocs {
		// A credit note is the creditor's act, not the debtor's acknowledgement.
		if al.InvoiceID == inv.ID && al.PaymentID != 0 {
			in.Interruptions = append(in.Interruptions, penalty.Interruption{Kind: penalty.PartialPayment, Date: al.Date})
		}
	}
	for _, r := range recorded {
		if r.InvoiceID == inv.ID {
			in.Interruptions = append(in.Interruptions, penalty.Interruption{Kind: r.Kind, Date: r.Date})
		}
	}
	// Passed so that the working says it does not interrupt (Cass. com. 18 mai 2022).
	for _, d := range []civil.Date{notice.Sent, notice.Presented, notice.Acknowledged} {
		if !d.IsZero() {
			in.Interruptions = append(in.Interruptions, penalty.Interruption{Kind: penalty.FormalNotice, Date: d})
			break
		}
	}
	return penalty.LimitationOf(in)
}

// InvoiceLimitation computes the limitation dates of the invoice numbered number.
func (a *App) InvoiceLimitation(ctx context.Context, co receivable.Company, number string) (InvoiceLimitation, error) {
	inv, err := a.invoiceByNumber(ctx, co, number)
	if err != nil {
		return InvoiceLimitation{}, err
	}
	out, err := a.limitations(ctx, co, []receivable.Invoice{inv})
	if err != nil {
		return InvoiceLimitation{}, err
	}
	return out[0], nil
}

func (a *App) invoiceByNumber(ctx context.Context, co receivable.Company, number string) (receivable.Invoice, error) {
	inv, err := a.Store.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, number)
	if errors.Is(err, store.ErrNotFound) {
		return inv, fmt.Errorf("no invoice numbered %q", number)
	}
	return inv, err
}

// limitations computes the limitation dates of invs, with a few queries for all of them.
func (a *App) limitations(ctx context.Context, co receivable.Company, invs []receivable.Invoice) ([]InvoiceLimitation, error) {
	ids := make([]int64, len(invs))
	for i, inv := range invs {
		ids[i] = inv.ID
	}
	scope := store.InvoiceScope{CompanyID: co.ID, InvoiceIDs: ids}
	allocs, err := a.Store.ListAllocations(ctx, scope)
	if err != nil {
		return nil, err
	}
	recorded, err := a.Store.ListInterruptions(ctx, scope)
	if err != nil {
		return nil, err
	}
	allocsOf := map[int64][]receivable.Allocation{}
	for _, al := range allocs {
		allocsOf[al.InvoiceID] = append(allocsOf[al.InvoiceID], al)
	}
	recordedOf := map[int64][]store.Interruption{}
	for _, r := range recorded {
		recordedOf[r.InvoiceID] = append(recordedOf[r.InvoiceID], r)
	}
	notices, err := a.noticesByInvoice(ctx, scope)
	if err != nil {
		return nil, err
	}
	customers := map[int64]receivable.Customer{}
	out := make([]InvoiceLimitation, 0, len(invs))
	for _, inv := range invs {
		cu, ok := customers[inv.CustomerID]
		if !ok {
			if cu, err = a.Store.Customer(ctx, co.ID, inv.CustomerID); err != nil {
				return nil, err
			}
			customers[cu.ID] = cu
		}
		mine := recordedOf[inv.ID]
		if mine == nil {
			mine = []store.Interruption{}
		}
		l, err := limitationOf(cu.Kind, inv, allocsOf[inv.ID], mine, notices[inv.ID])
		if err != nil {
			return nil, fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
		out = append(out, InvoiceLimitation{Invoice: inv, CustomerRef: cu.Ref, Kind: cu.Kind, Limitation: l, Interruptions: mine})
	}
	return out, nil
}

// TimeBarredBefore lists the open invoices whose claim becomes time-barred before day (those
// barred already included), the soonest first. Interruptions only ever move the date later,
// so only invoices due long enough ago for the shortest period (2 years against a consumer)
// are examined.
func (a *App) TimeBarredBefore(ctx context.Context, co receivable.Company, day civil.Date) ([]InvoiceLimitation, error) {
	// A little slack around 29 February; the exact test is below.
	cutoff := day.AddYears(-2).AddDays(2)
	invs, err := a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, OpenOnly: true, DueBefore: cutoff})
	if err != nil || len(invs) == 0 {
		return []InvoiceLimitation{}, err
	}
	all, err := a.limitations(ctx, co, invs)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(l InvoiceLimitation) bool { return !l.Limitation.BarredFrom.Before(day) })
	slices.SortStableFunc(out, func(x, y InvoiceLimitation) int { return x.Limitation.BarredFrom.Compare(y.Limitation.BarredFrom) })
	return out, nil
}

// RecordInterruption records an event that interrupts the limitation period of the invoice
// numbered number — an acknowledgement of debt, the service of an injonction de payer, or a
// partial payment made outside relance (allocated payments count without being recorded) —
// with a note in the customer's timeline, in one transaction. A formal notice is refused: it
// does not interrupt (Cass. com. 18 mai 2022 n° 20-23.204).
func (a *App) RecordInterruption(ctx context.Context, co receivable.Company, number string, kind penalty.InterruptionKind, day civil.Date, note, author string) (store.Interruption, error) {
	switch kind {
	case penalty.Acknowledgement, penalty.InjunctionService, penalty.PartialPayment:
	case penalty.FormalNotice:
		return store.Interruption{}, errors.New("a formal notice does not interrupt the limitation period (Cass. com. 18 May 2022 n° 20-23.204): only an acknowledgement of debt, a partial payment or the service of an injonction de payer does")
	default:
		return store.Interruption{}, fmt.Errorf("unknown interruption %q: want acknowledgement, injunction_served or partial_payment", kind)
	}
	if day.IsZero() {
		return store.Interruption{}, errors.New("the interruption needs a date")
	}
	if today := a.Today(co); day.After(today) {
		return store.Interruption{}, fmt.Errorf("the date %s is after today (%s): record an event once it has happened", day, today)
	}
	inv, err := a.invoiceByNumber(ctx, co, number)
	if err != nil {
		return store.Interruption{}, err
	}
	in := store.Interruption{CompanyID: co.ID, InvoiceID: inv.ID, InvoiceNumber: inv.Number, Kind: kind, Date: day,
		Note: strings.TrimSpace(note), Author: author}
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.AddInterruption(ctx, &in); err != nil {
			return err
		}
		summary := fmt.Sprintf("Prescription interrompue : %s du %s (facture %s)", interruptionFR(kind), day.Format("fr"), inv.Number)
		if in.Note != "" {
			summary += " — " + in.Note
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: inv.CustomerID, InvoiceID: inv.ID, Day: day,
			Kind: "limitation_interruption", Actor: author, Summary: summary,
			Data: fmt.Sprintf(`{"interruption_id":%d,"kind":%q}`, in.ID, kind)})
	})
	return in, err
}

func interruptionFR(k penalty.InterruptionKind) string {
	switch k {
	case penalty.Acknowledgement:
		return "reconnaissance de dette"
	case penalty.InjunctionService:
		return "signification de l'injonction de payer"
	}
	return "paiement partiel"
}

// warnLimitation adds to the run's result the open invoices of the chunk's accounts that are
// time-barred, or become so within WarnMonths. Only the invoices due long enough ago are
// looked at closely: interruptions only move the date later.
func (a *App) warnLimitation(ctx context.Context, co receivable.Company, day civil.Date, accounts []dunning.Account, res *RunResult) error {
	horizon := day.AddMonths(WarnMonths)
	var invs []receivable.Invoice
	for _, acct := range accounts {
		years := 5
		if acct.Customer.Kind == receivable.B2C {
			years = 2
		}
		for _, inv := range acct.Invoices {
			if !inv.DueDate.IsZero() && !inv.DueDate.AddYears(years).AddDays(1).After(horizon) {
				invs = append(invs, inv)
			}
		}
	}
	if len(invs) == 0 {
		return nil
	}
	ls, err := a.limitations(ctx, co, invs)
	if err != nil {
		return err
	}
	for _, l := range ls {
		w := RunWarning{CustomerRef: l.CustomerRef, Invoice: l.Invoice.Number, Date: l.Limitation.BarredFrom}
		switch {
		case l.Limitation.Barred(day):
			res.TimeBarred++
			w.Kind = WarnTimeBarred
			w.Message = fmt.Sprintf("invoice %s is time-barred since %s: a court would dismiss the claim", l.Invoice.Number, l.Limitation.BarredFrom)
		case l.Limitation.BarredWithin(day, WarnMonths):
			res.TimeBarredSoon++
			w.Kind = WarnTimeBarredSoon
			w.Message = fmt.Sprintf("invoice %s becomes time-barred on %s (%d days): obtain an acknowledgement of debt or serve an injonction de payer before then",
				l.Invoice.Number, l.Limitation.BarredFrom, l.Limitation.BarredFrom.Sub(day))
		default:
			continue
		}
		res.Warnings = append(res.Warnings, w)
	}
	return nil
}
