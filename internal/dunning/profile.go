package dunning

import (
	"fmt"

	"github.com/relance-app/relance/internal/receivable"
)

// PaymentStats sums up how a customer paid over a period (the store computes it, say over
// the last twelve months), for SuggestProfile.
type PaymentStats struct {
	InvoicesPaid        int  `json:"invoices_paid"`         // invoices settled in the period
	PaidLate            int  `json:"paid_late"`             // of those, settled after their due date
	AvgDaysLate         int  `json:"avg_days_late"`         // average days late at settlement (on time or early counts 0)
	BrokenPromises      int  `json:"broken_promises"`       // promises to pay broken
	DisputesOpened      int  `json:"disputes_opened"`       // disputes the customer opened
	Payments            int  `json:"payments"`              // payments received
	DirectDebitPayments int  `json:"direct_debit_payments"` // of those, by direct debit or LCR
	RejectedDebits      int  `json:"rejected_debits"`       // direct debits rejected
	LongOverdue         int  `json:"long_overdue"`          // invoices still open more than LongOverdueDays past due
	Public              bool `json:"public"`                // the customer is a public body
}

// The thresholds of SuggestProfile.
const (
	// MinHistory is how many paid invoices it takes before lateness says something.
	MinHistory = 3
	// LongOverdueDays is when an unpaid invoice stops looking like an oversight.
	LongOverdueDays = 60
	// InsolventSignals: broken promises or rejected debits that, with a long overdue invoice,
	// say the customer cannot pay.
	InsolventSignals = 2
	// DisputeMin and DisputeSharePct: at least this many disputes, on at least this share of
	// the invoices paid.
	DisputeMin      = 2
	DisputeSharePct = 20
	// DirectDebitSharePct of the payments by direct debit, with at most one rejection, is an
	// automatic payer.
	DirectDebitSharePct = 80
	// BadPayerLatePct of invoices paid late by BadPayerAvgDays on average, or BadPayerBroken
	// broken promises, is a bad payer.
	BadPayerLatePct = 50
	BadPayerAvgDays = 30
	BadPayerBroken  = 2
	// AdministrativeLatePct of a public body's invoices paid late is an administrative payer:
	// its delays come from its processing circuit.
	AdministrativeLatePct = 30
	// GoodPayerLatePct and GoodPayerAvgDays: at most this share paid late, at most this many
	// days on average, no broken promise and nothing long overdue is a good payer.
	GoodPayerLatePct = 10
	GoodPayerAvgDays = 3
)

// ProfileReason is one reason for a suggestion, with a stable code and both labels.
type ProfileReason struct {
	Code string `json:"code"`
	FR   string `json:"fr"`
	EN   string `json:"en"`
}

// Label is the reason in French or English.
func (r ProfileReason) Label(lang string) string {
	if lang == "en" {
		return r.EN
	}
	return r.FR
}

// SuggestProfile proposes a payer profile from a customer's history, and says why. The first
// rule that matches wins, in this order (thresholds above):
//
//   - insolvent: an invoice more than 60 days overdue, and 2 broken promises or 2 rejected debits;
//   - dispute_prone: at least 2 disputes, on at least 20% of the invoices paid;
//   - automatic: at least 80% of at least 3 payments by direct debit, at most 1 rejected;
//   - administrative: a public body with at least 30% of its invoices paid late;
//   - bad_payer: at least 50% paid late by 30 days or more on average, or 2 broken promises;
//   - good_payer: at most 10% paid late, 3 days on average, no broken promise, nothing long overdue;
//   - careless: late more often or longer than a good payer, not enough to be a bad payer.
//
// The rules on lateness need MinHistory paid invoices; with fewer, and no other sign, the
// profile is empty: too little history to say.
func SuggestProfile(s PaymentStats) (receivable.Profile, []ProfileReason) {
	pct := func(n, of int) int {
		if of <= 0 {
			return 0
		}
		return n * 100 / of
	}
	latePct := pct(s.PaidLate, s.InvoicesPaid)
	r := func(code, fr, en string, args ...any) ProfileReason {
		return ProfileReason{Code: code, FR: fmt.Sprintf(fr, args...), EN: fmt.Sprintf(en, args...)}
	}
	longOverdue := r("long_overdue", "%d facture(s) impayée(s) depuis plus de %d jours", "%d invoice(s) unpaid for more than %d days", s.LongOverdue, LongOverdueDays)
	broken := r("broken_promises", "%d promesse(s) de règlement non tenue(s)", "%d broken promise(s) to pay", s.BrokenPromises)
	rejected := r("rejected_debits", "%d prélèvement(s) rejeté(s)", "%d rejected direct debit(s)", s.RejectedDebits)
	late := r("paid_late", "%d%% des factures réglées en retard (%d sur %d), %d jours en moyenne", "%d%% of invoices paid late (%d of %d), %d days on average", latePct, s.PaidLate, s.InvoicesPaid, s.AvgDaysLate)

	if s.LongOverdue > 0 && (s.BrokenPromises >= InsolventSignals || s.RejectedDebits >= InsolventSignals) {
		why := []ProfileReason{longOverdue}
		if s.BrokenPromises >= InsolventSignals {
			why = append(why, broken)
		}
		if s.RejectedDebits >= InsolventSignals {
			why = append(why, rejected)
		}
		return receivable.Insolvent, why
	}
	if s.DisputesOpened >= DisputeMin && pct(s.DisputesOpened, max(s.InvoicesPaid, 1)) >= DisputeSharePct {
		return receivable.DisputeProne, []ProfileReason{r("disputes", "%d litige(s) ouvert(s) pour %d facture(s) réglée(s)", "%d dispute(s) opened for %d invoice(s) paid", s.DisputesOpened, s.InvoicesPaid)}
	}
	if s.Payments >= MinHistory && pct(s.DirectDebitPayments, s.Payments) >= DirectDebitSharePct && s.RejectedDebits <= 1 {
		return receivable.Automatic, []ProfileReason{r("direct_debit", "%d%% des règlements par prélèvement (%d sur %d)", "%d%% of payments by direct debit (%d of %d)", pct(s.DirectDebitPayments, s.Payments), s.DirectDebitPayments, s.Payments)}
	}
	history := s.InvoicesPaid >= MinHistory
	if history && s.Public && latePct >= AdministrativeLatePct {
		return receivable.Administrative, []ProfileReason{r("public_body", "organisme public", "public body"), late}
	}
	if s.BrokenPromises >= BadPayerBroken {
		return receivable.BadPayer, []ProfileReason{broken}
	}
	if history && latePct >= BadPayerLatePct && s.AvgDaysLate >= BadPayerAvgDays {
		return receivable.BadPayer, []ProfileReason{late}
	}
	if !history {
		return "", []ProfileReason{r("little_history", "trop peu d'historique (%d facture(s) réglée(s), %d nécessaires)", "too little history (%d invoice(s) paid, %d needed)", s.InvoicesPaid, MinHistory)}
	}
	if latePct <= GoodPayerLatePct && s.AvgDaysLate <= GoodPayerAvgDays && s.BrokenPromises == 0 && s.LongOverdue == 0 {
		return receivable.GoodPayer, []ProfileReason{late}
	}
	why := []ProfileReason{late}
	if s.LongOverdue > 0 {
		why = append(why, longOverdue)
	}
	if s.BrokenPromises > 0 {
		why = append(why, broken)
	}
	return receivable.Careless, why
}
