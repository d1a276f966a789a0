package store

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
)

// DunningQueries store the collection process: policies, commitments, manual requests, the
// actions the run decides, and the run's division of work.
type DunningQueries interface {
	// SavePolicy creates or replaces the policy of that name; makeDefault makes it the
	// company's default.
	SavePolicy(ctx context.Context, companyID int64, p dunning.Policy, makeDefault bool) error
	Policy(ctx context.Context, companyID int64, name string) (dunning.Policy, error)
	ListPolicies(ctx context.Context, companyID int64) ([]PolicyInfo, error)
	// AssignProfilePolicy makes name the policy of the customers of that profile ("" removes it).
	AssignProfilePolicy(ctx context.Context, companyID int64, profile receivable.Profile, name string) error
	ProfilePolicies(ctx context.Context, companyID int64) (map[receivable.Profile]string, error)

	AddDispute(ctx context.Context, d *receivable.Dispute, author string) error
	ResolveDispute(ctx context.Context, companyID, id int64, day civil.Date, resolution string) error
	ListDisputes(ctx context.Context, q CommitmentQuery) ([]receivable.Dispute, error)
	AddPromise(ctx context.Context, p *receivable.Promise, author string) error
	ListPromises(ctx context.Context, q CommitmentQuery) ([]receivable.Promise, error)
	CancelPromise(ctx context.Context, companyID, id int64, day civil.Date) error
	AddPlan(ctx context.Context, p *receivable.PaymentPlan, author string) error
	ListPlans(ctx context.Context, q CommitmentQuery) ([]receivable.PaymentPlan, error)
	CancelPlan(ctx context.Context, companyID, id int64, day civil.Date) error
	AddRejectedDebit(ctx context.Context, companyID, invoiceID int64, day civil.Date, reason string) error
	AddRequest(ctx context.Context, companyID, customerID int64, r dunning.Request) error

	// RecordDecision stores what Plan decided for one customer: its actions (an action whose
	// key exists already is left alone: another run recorded it), the steps it superseded,
	// and its events with their effect on promises and plans. It returns the actions it
	// inserted.
	RecordDecision(ctx context.Context, companyID, runID int64, d dunning.Decision, author string) ([]ActionRecord, error)
	// RecordDecisions stores the decisions of many customers at once (a chunk of the run)
	// with a few multi-row statements; claims gives, by action key, the penalty claim (JSON)
	// to store with an action.
	RecordDecisions(ctx context.Context, companyID, runID int64, ds []dunning.Decision, claims map[string]string, author string) ([]ActionRecord, error)
	Action(ctx context.Context, companyID, id int64) (ActionRecord, error)
	// ListSuperseded lists the steps passed over on catch-up for a customer's invoices.
	ListSuperseded(ctx context.Context, companyID, customerID int64) ([]SupersededStep, error)
	ListActions(ctx context.Context, q ActionQuery) ([]ActionRecord, error)
	// SetActionStatus moves an action to status if it is in one of from (an approval can only
	// approve an action awaiting approval); ErrConflict otherwise.
	SetActionStatus(ctx context.Context, companyID, id int64, from []dunning.Status, to dunning.Status, note, author string) error

	// LoadAccounts loads the accounts of the company's customers with ids in [lo, hi) that have
	// open invoices, or a pending promise or running plan, as Plan needs them on day.
	LoadAccounts(ctx context.Context, companyID int64, day civil.Date, lo, hi int64) ([]dunning.Account, error)
	MaxCustomerID(ctx context.Context, companyID int64) (int64, error)
	StartRun(ctx context.Context, r *Run) error
	FinishRun(ctx context.Context, r Run) error
	// ClaimChunk takes chunk for the run at now: free, finished no later than this run started
	// (an earlier run: it is checked again, the action keys keep it idempotent), or claimed by
	// a run whose lease ran out (claimed before leaseCutoff). All times come from the caller's
	// clock, so that a test with a fixed clock sees the same order as production.
	ClaimChunk(ctx context.Context, companyID int64, day civil.Date, chunk, runID int64, now, runStart, leaseCutoff time.Time) (bool, error)
	FinishChunk(ctx context.Context, companyID int64, day civil.Date, chunk, runID int64, now time.Time) error
}

// PolicyInfo describes a stored policy for a list.
type PolicyInfo struct {
	Name        string               `json:"name"`
	Description string               `json:"description,omitempty"`
	Steps       int                  `json:"steps"`
	Default     bool                 `json:"default"`
	Profiles    []receivable.Profile `json:"profiles,omitempty"`
}

// CommitmentQuery filters disputes, promises and plans.
type CommitmentQuery struct {
	CompanyID  int64
	CustomerID int64
	OpenOnly   bool // open disputes, pending promises, running plans
}

// ActionQuery filters actions.
type ActionQuery struct {
	CompanyID  int64
	CustomerID int64
	Day        civil.Date // only that day
	UpTo       civil.Date // only up to that day
	Statuses   []dunning.Status
	Channels   []dunning.Channel
	Collector  string
	Order      ActionOrder
	Limit      int
	Offset     int
}

// ActionOrder is how ListActions sorts.
type ActionOrder int

const (
	// ByDay lists the latest day first.
	ByDay ActionOrder = iota
	// WorklistOrder lists in dunning.CompareWorklist's order, lateness counted on the query's
	// UpTo day (Day when UpTo is zero): the order a collector takes the work in, so that a
	// page of a long worklist is its first entries.
	WorklistOrder
)

// ActionRecord is a stored action: what the run decided and where it stands.
type ActionRecord struct {
	ID        int64          `json:"id"`
	RunID     int64          `json:"run_id,omitempty"`
	Status    dunning.Status `json:"status"`
	Note      string         `json:"note,omitempty"`
	Author    string         `json:"author,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	dunning.Action
}

// SupersededStep is a step passed over on catch-up: a later step was due and taken instead.
type SupersededStep struct {
	InvoiceID int64           `json:"invoice_id"`
	Number    string          `json:"number"`
	Step      string          `json:"step"`
	Phase     dunning.Phase   `json:"phase"`
	Channel   dunning.Channel `json:"channel"`
	Day       civil.Date      `json:"day"`
}

// Run is one daily run of a company.
type Run struct {
	ID         int64      `json:"id"`
	CompanyID  int64      `json:"-"`
	Day        civil.Date `json:"day"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt time.Time  `json:"finished_at"`
	Host       string     `json:"host"`
	Stats      string     `json:"stats"` // JSON
}
