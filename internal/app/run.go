package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// RunOptions tune the daily run.
type RunOptions struct {
	Day    civil.Date
	DryRun bool // decide and report, record nothing
	// ChunkSize is the width of a range of customer ids: the unit of work claimed by a process
	// and recorded in one transaction. 1,000 by default.
	ChunkSize int64
	// Lease is how long a claimed chunk stays with its process before another may take it
	// over (the first one crashed). 10 minutes by default.
	Lease  time.Duration
	Author string
	// Emit, when set, receives each customer's decision as it is made (and, unless DryRun,
	// recorded), so that a caller can print or stream it without holding the whole run.
	Emit func(dunning.Decision)
}

// RunResult counts what a run did.
type RunResult struct {
	RunID     int64      `json:"run_id,omitempty"`
	Day       civil.Date `json:"day"`
	DryRun    bool       `json:"dry_run"`
	Closed    string     `json:"closed,omitempty"` // why nothing goes out today (weekend, holiday)
	Customers int        `json:"customers"`        // accounts evaluated
	Actions   int        `json:"actions"`          // actions recorded (or, dry, that would be)
	Approvals int        `json:"awaiting_approval"`
	Events    int        `json:"events"`
	LeftOut   int        `json:"left_out"` // invoices that got nothing today, with a reason
	Chunks    int        `json:"chunks"`
	Skipped   int        `json:"chunks_skipped"` // claimed by another process
	Duration  string     `json:"duration"`

	// Penalties and limitation (penalties.go, limitation.go): actions that got their
	// penalty claim, actions left without it (a rate is missing), open invoices time-barred
	// within WarnMonths or already, and what a person must act on.
	PenaltiesAttached int          `json:"penalties_attached"`
	PenaltiesMissing  int          `json:"penalties_missing"`
	TimeBarredSoon    int          `json:"time_barred_soon"`
	TimeBarred        int          `json:"time_barred"`
	Warnings          []RunWarning `json:"warnings,omitempty"`
}

// policies is everything needed to pick a customer's policy.
type policies struct {
	byName    map[string]dunning.Policy
	byProfile map[receivable.Profile]string
	def       string
}

func (a *App) loadPolicies(ctx context.Context, companyID int64) (policies, error) {
	p := policies{byName: map[string]dunning.Policy{}}
	infos, err := a.Store.ListPolicies(ctx, companyID)
	if err != nil {
		return p, err
	}
	for _, in := range infos {
		pol, err := a.Store.Policy(ctx, companyID, in.Name)
		if err != nil {
			return p, err
		}
		p.byName[in.Name] = pol
		if in.Default {
			p.def = in.Name
		}
	}
	p.byProfile, err = a.Store.ProfilePolicies(ctx, companyID)
	return p, err
}

// Calendar is the company's working-day calendar.
func Calendar(co receivable.Company) *civil.Calendar { return civil.FrenchCalendar(false) }

// Run decides, for every customer of the company, what the collection process calls for on
// the day, and records it: actions queued (or awaiting approval) for their channel, calls and
// tasks on the worklist, superseded steps and broken promises in the history. Running the same
// day again adds nothing; two runs at once, in two processes, divide the customers between
// them and never record an action twice (the action's key is unique).
func (a *App) Run(ctx context.Context, co receivable.Company, opts RunOptions) (RunResult, error) {
	start := a.Now()
	if opts.Day.IsZero() {
		opts.Day = a.Today(co)
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 1000
	}
	if opts.Lease <= 0 {
		opts.Lease = 10 * time.Minute
	}
	if opts.Author == "" {
		opts.Author = "run"
	}
	res := RunResult{Day: opts.Day, DryRun: opts.DryRun}
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return res, err
	}
	maxID, err := a.Store.MaxCustomerID(ctx, co.ID)
	if err != nil {
		return res, err
	}
	pen, err := a.newRunPenalties(ctx, co)
	if err != nil {
		return res, err
	}
	run := store.Run{CompanyID: co.ID, Day: opts.Day, StartedAt: start, Host: hostname()}
	if !opts.DryRun {
		if err := a.Store.StartRun(ctx, &run); err != nil {
			return res, err
		}
		res.RunID = run.ID
	}
	cal := Calendar(co)
	for chunk := int64(0); chunk*opts.ChunkSize <= maxID; chunk++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if !opts.DryRun {
			ok, err := a.Store.ClaimChunk(ctx, co.ID, opts.Day, chunk, run.ID, a.Now(), start, a.Now().Add(-opts.Lease))
			if err != nil {
				return res, err
			}
			if !ok {
				res.Skipped++
				continue
			}
		}
		res.Chunks++
		if err := a.runChunk(ctx, co, opts, pols, cal, pen, run.ID, chunk, &res); err != nil {
			return res, fmt.Errorf("run %s, customers %d-%d: %w", opts.Day, chunk*opts.ChunkSize, (chunk+1)*opts.ChunkSize-1, err)
		}
	}
	pen.finish(a.Log, &res)
	res.Duration = a.Now().Sub(start).Round(time.Millisecond).String()
	if !cal.IsBusinessDay(opts.Day) {
		res.Closed = closedReason(cal, opts.Day)
	}
	if !opts.DryRun {
		run.FinishedAt = a.Now()
		stats, _ := json.Marshal(res)
		run.Stats = string(stats)
		if err := a.Store.FinishRun(ctx, run); err != nil {
			return res, err
		}
	}
	a.Log.Info("run finished", "company", co.Slug, "day", opts.Day.String(), "customers", res.Customers, "actions", res.Actions, "duration", res.Duration)
	return res, nil
}

func (a *App) runChunk(ctx context.Context, co receivable.Company, opts RunOptions, pols policies, cal *civil.Calendar, pen *runPenalties, runID, chunk int64, res *RunResult) error {
	lo, hi := chunk*opts.ChunkSize, (chunk+1)*opts.ChunkSize
	accounts, err := a.Store.LoadAccounts(ctx, co.ID, opts.Day, lo, hi)
	if err != nil {
		return err
	}
	decisions := make([]dunning.Decision, 0, len(accounts))
	for _, acct := range accounts {
		pol, err := dunning.Resolve(acct.Customer, pols.byName, pols.byProfile, pols.def)
		if err != nil {
			return err
		}
		d := dunning.Plan(acct, pol, opts.Day, cal)
		for i := range d.Actions {
			d.Actions[i].Currency = orCurrency(d.Actions[i].Currency, co.Currency)
		}
		res.Customers++
		res.LeftOut += len(d.LeftOut)
		decisions = append(decisions, d)
	}
	if err := pen.prepare(ctx, a.Store, accounts, decisions, lo, hi, opts.DryRun); err != nil {
		return err
	}
	if err := a.warnLimitation(ctx, co, opts.Day, accounts, res); err != nil {
		return err
	}
	record := func(q store.Queries) error {
		if !opts.DryRun {
			if err := pen.fill(ctx, q); err != nil {
				return err
			}
		}
		for _, d := range decisions {
			if len(d.Actions)+len(d.Events)+len(d.Superseded) == 0 {
				continue
			}
			if opts.DryRun {
				res.Actions += len(d.Actions)
				for _, ac := range d.Actions {
					if ac.NeedsApproval {
						res.Approvals++
					}
				}
			}
			res.Events += len(d.Events)
		}
		if opts.DryRun {
			return nil
		}
		recs, err := q.RecordDecisions(ctx, co.ID, runID, decisions, pen.claims, opts.Author)
		if err != nil {
			return err
		}
		pen.recorded(recs)
		res.Actions += len(recs)
		for _, r := range recs {
			if r.Status == dunning.StatusAwaitingApproval {
				res.Approvals++
			}
		}
		return nil
	}
	if opts.DryRun {
		if err := record(nil); err != nil {
			return err
		}
	} else {
		if err := a.Store.InTx(ctx, record); err != nil {
			return err
		}
		if err := a.Store.FinishChunk(ctx, co.ID, opts.Day, chunk, runID, a.Now()); err != nil {
			return err
		}
	}
	if opts.Emit != nil {
		for _, d := range decisions {
			opts.Emit(d)
		}
	}
	return nil
}

func closedReason(cal *civil.Calendar, day civil.Date) string {
	if h := cal.HolidayName(day); h != "" {
		return h
	}
	return day.Weekday().String()
}

func orCurrency(c, def string) string {
	if c == "" {
		return def
	}
	return c
}

func hostname() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", h, os.Getpid())
}
