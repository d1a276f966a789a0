package store

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
)

// RateQueries store what late-payment penalties and limitation dates are computed from, beyond
// the invoices: the rates users set or import on top of the embedded tables, the events that
// interrupt a claim's limitation period, each invoice's formal notice, the company's settings,
// and the penalties the run attaches to its actions.
type RateQueries interface {
	// SetRates stores the company's rates, each replacing the one of the same series and
	// half-year; callers wanting all or nothing run it in InTx.
	SetRates(ctx context.Context, companyID int64, rates []RateRecord) error
	// ListRates lists the company's own rates by series, then half-year (not the embedded
	// defaults: penalty.DefaultRates holds those).
	ListRates(ctx context.Context, companyID int64) ([]RateRecord, error)

	// AddInterruption records an event on one invoice of the company and sets its ID;
	// ErrConflict when the same kind is already recorded on that day, ErrNotFound when the
	// invoice is not the company's.
	AddInterruption(ctx context.Context, in *Interruption) error
	// ListInterruptions lists the recorded events of the invoices in scope, by date.
	ListInterruptions(ctx context.Context, scope InvoiceScope) ([]Interruption, error)

	// SetFormalNotice records the dates of an invoice's formal notice (mise en demeure). A
	// zero date, reference or action keeps what is stored, so that the sending, the first
	// presentation and the acknowledgement can be recorded as they become known.
	SetFormalNotice(ctx context.Context, n FormalNotice) error
	// ListFormalNotices lists the formal notices of the invoices in scope.
	ListFormalNotices(ctx context.Context, scope InvoiceScope) ([]FormalNotice, error)

	// ListAllocations lists the allocations made to the invoices in scope (payments and
	// credit notes), by date: penalties and limitation dates are computed from them.
	ListAllocations(ctx context.Context, scope InvoiceScope) ([]receivable.Allocation, error)

	// CompanySettings returns the company's settings as stored (key → value); a key never
	// set is absent, and the caller applies its default.
	CompanySettings(ctx context.Context, companyID int64) (map[string]string, error)
	// SetCompanySetting stores one setting; an empty value removes it.
	SetCompanySetting(ctx context.Context, companyID int64, key, value string) error

	// SetActionPenalties attaches a penalty claim (JSON, written by the app) to an action
	// still waiting to go out (queued or awaiting approval), replacing the one it had. Once
	// the action went out, what it said is proof and does not change: ErrConflict. ErrNotFound
	// when the action is not the company's.
	SetActionPenalties(ctx context.Context, companyID, actionID int64, claim string) error
	// ActionPenalties returns the claims of the actions asked for by id or by key, with the
	// action's status; an action without a claim comes with an empty Claim.
	ActionPenalties(ctx context.Context, q ActionPenaltyQuery) ([]ActionPenalty, error)
	// ActionsMissingPenalties lists the actions of the customers with ids in [lo, hi) that
	// ask for penalties, are still waiting to go out (queued or awaiting approval) and have
	// no claim yet: the run completes them once the rate they lacked is added.
	ActionsMissingPenalties(ctx context.Context, companyID, lo, hi int64) ([]ActionRecord, error)
}

// Company settings kept in the key/value table (company_settings). Values are text; the app
// parses them and applies the defaults.
const (
	// SettingDayCount is the day count of late interest: "actual/365" (default) or
	// "actual/actual".
	SettingDayCount = "penalty.day_count"
	// SettingConsumerInterestFrom is the date of a formal notice from which legal interest
	// runs against a consumer: "sent", "presented" (default: the first presentation, legal
	// note §6.3) or "acknowledged".
	SettingConsumerInterestFrom = "penalty.consumer_interest_from"
)

// RateRecord is a rate a user set or imported: the published value (penalty.Entry), how it
// got into relance (Origin: "set by …", "imported from …") and when.
type RateRecord struct {
	Entry     penalty.Entry
	Origin    string
	UpdatedAt time.Time
}

// InvoiceScope selects the invoices a query is about: one customer's, or the listed ones, or
// the listed ones of one customer. An empty scope (no customer, no ids) selects none.
type InvoiceScope struct {
	CompanyID  int64
	CustomerID int64
	InvoiceIDs []int64
}

// Interruption is an event recorded on an invoice that may restart its limitation period:
// an acknowledgement of debt, the service of an injonction de payer, a partial payment made
// outside relance's allocations.
type Interruption struct {
	ID            int64                    `json:"id"`
	CompanyID     int64                    `json:"-"`
	InvoiceID     int64                    `json:"invoice_id"`
	InvoiceNumber string                   `json:"invoice"`
	Kind          penalty.InterruptionKind `json:"kind"`
	Date          civil.Date               `json:"date"`
	Note          string                   `json:"note,omitempty"`
	Author        string                   `json:"author,omitempty"`
	CreatedAt     time.Time                `json:"created_at"`
}

// FormalNotice is the formal notice (mise en demeure) of an invoice: the day it was sent, the
// day the post first presented it, the day the debtor signed the acknowledgement of receipt,
// the registered letter's number, and the action that sent it when relance did. It never
// interrupts the limitation period; against a consumer, legal interest runs from one of its
// dates (SettingConsumerInterestFrom).
type FormalNotice struct {
	CompanyID    int64      `json:"-"`
	InvoiceID    int64      `json:"invoice_id"`
	Sent         civil.Date `json:"sent"`
	Presented    civil.Date `json:"presented"`
	Acknowledged civil.Date `json:"acknowledged"`
	Reference    string     `json:"reference,omitempty"`
	ActionID     int64      `json:"action_id,omitempty"`
}

// ActionPenaltyQuery asks for the claims of actions by id or by key (either or both).
type ActionPenaltyQuery struct {
	CompanyID int64
	IDs       []int64
	Keys      []string
}

// ActionPenalty is an action's penalty claim as stored.
type ActionPenalty struct {
	ActionID int64
	Key      string
	Status   dunning.Status
	Claim    string // JSON; empty when none was attached
}
