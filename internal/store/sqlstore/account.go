package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// LoadAccounts loads, for customers with ids in [lo, hi), everything Plan reads. It runs one
// query per kind of record for the whole range — not one per customer — so a run over 100,000
// customers costs a few thousand queries, and memory holds one range at a time.
func (c *conn) LoadAccounts(ctx context.Context, companyID int64, day civil.Date, lo, hi int64) ([]dunning.Account, error) {
	byID := map[int64]*dunning.Account{}
	historyIDs := map[*dunning.Account]int64{}         // the id of each account's last history entry
	supersededDay := map[*dunning.Account]civil.Date{} // the day of its last superseded entry
	var order []int64
	get := func(id int64) *dunning.Account { return byID[id] }
	q := c.chunkQueries()
	each := func(name string, args []any, scan func(*sql.Rows) error) error {
		rows, err := c.r.QueryContext(ctx, q(name), args...)
		if err != nil {
			return c.mapErr(err, strings.ToLower(name))
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return c.mapErr(err, strings.ToLower(name))
			}
		}
		return c.mapErr(rows.Err(), strings.ToLower(name))
	}
	args := []any{companyID, lo, hi}
	customers := map[int64]receivable.Customer{}
	if err := each("AccountCustomers", args, func(r *sql.Rows) error {
		cu, err := scanCustomer(r)
		customers[cu.ID] = cu
		return err
	}); err != nil {
		return nil, err
	}
	// An account exists for a customer with open invoices, or with a pending promise or a
	// running plan (whose outcome must be decided even when its invoices are settled).
	ensure := func(id int64) *dunning.Account {
		if a := byID[id]; a != nil {
			return a
		}
		cu, ok := customers[id]
		if !ok {
			return nil
		}
		a := &dunning.Account{Customer: cu}
		byID[id] = a
		order = append(order, id)
		return a
	}
	steps := []struct {
		name string
		args []any
		scan func(*sql.Rows) error
	}{
		{"AccountInvoices", args, func(r *sql.Rows) error {
			inv, err := scanInvoice(r)
			if a := ensure(inv.CustomerID); a != nil && err == nil {
				a.Invoices = append(a.Invoices, inv)
			}
			return err
		}},
		{"AccountPromises", args, func(r *sql.Rows) error {
			p, err := scanPromise(r)
			if a := ensure(p.CustomerID); a != nil && err == nil {
				a.Promises = append(a.Promises, p)
			}
			return err
		}},
		{"AccountPlans", args, func(r *sql.Rows) error {
			p, err := scanPlan(r)
			if a := ensure(p.CustomerID); a != nil && err == nil {
				a.Plans = append(a.Plans, p)
			}
			return err
		}},
		{"AccountContacts", args, func(r *sql.Rows) error {
			var ct receivable.Contact
			err := r.Scan(&ct.ID, &ct.CompanyID, &ct.CustomerID, &ct.Name, &ct.Role, &ct.Email, &ct.Phone, &ct.Dunning, &ct.Undeliverable)
			if a := get(ct.CustomerID); a != nil {
				a.Contacts = append(a.Contacts, ct)
			}
			return err
		}},
		{"AccountCredit", args, func(r *sql.Rows) error {
			var id, credit int64
			err := r.Scan(&id, &credit)
			if a := get(id); a != nil {
				a.Credit = moneyCents(credit)
			}
			return err
		}},
		{"AccountDisputes", append(args[:3:3], day), func(r *sql.Rows) error {
			d, err := scanDispute(r)
			if a := get(d.CustomerID); a != nil {
				a.Disputes = append(a.Disputes, d)
			}
			return err
		}},
		{"AccountAllocations", args, func(r *sql.Rows) error {
			var cid int64
			var al receivable.Allocation
			var amount int64
			err := r.Scan(&cid, &al.ID, &al.InvoiceID, &al.PaymentID, &al.CreditNoteID, &amount, &al.Date)
			al.CompanyID, al.Amount = companyID, moneyCents(amount)
			if a := get(cid); a != nil {
				a.Allocations = append(a.Allocations, al)
			}
			return err
		}},
		{"AccountRejectedDebits", args, func(r *sql.Rows) error {
			var cid, iid int64
			err := r.Scan(&cid, &iid)
			if a := get(cid); a != nil {
				a.RejectedDebits = append(a.RejectedDebits, iid)
			}
			return err
		}},
		{"AccountHistory", args, func(r *sql.Rows) error {
			var cid, aid, iid int64
			var pa dunning.PastAction
			var ch, phase, status, step string
			err := r.Scan(&cid, &aid, &pa.Day, &ch, &pa.Step, &phase, &status, &iid, &step)
			a := get(cid)
			if a == nil || err != nil {
				return err
			}
			// Rows of one action are consecutive: they share its id.
			if n := len(a.History); n > 0 && historyIDs[a] == aid {
				if iid != 0 {
					a.History[n-1].Invoices = append(a.History[n-1].Invoices, dunning.PastInvoice{ID: iid, Step: step})
				}
				return nil
			}
			pa.Channel, pa.Phase, pa.Status = dunning.Channel(ch), dunning.Phase(phase), dunning.Status(status)
			if iid != 0 {
				pa.Invoices = []dunning.PastInvoice{{ID: iid, Step: step}}
			}
			a.History = append(a.History, pa)
			historyIDs[a] = aid
			return nil
		}},
		{"AccountSuperseded", args, func(r *sql.Rows) error {
			// Steps passed over on catch-up are history as skipped steps of their invoices,
			// one entry per customer and day (the decision reads only the day, the status
			// and each invoice's step; one entry a row cost a run a million allocations).
			var cid, iid int64
			var step string
			var day civil.Date
			err := r.Scan(&cid, &iid, &step, &day)
			a := get(cid)
			if a == nil || err != nil {
				return err
			}
			pi := dunning.PastInvoice{ID: iid, Step: step}
			if n := len(a.History); n > 0 && supersededDay[a] == day && a.History[n-1].Status == dunning.StatusSkipped && a.History[n-1].Day == day {
				a.History[n-1].Invoices = append(a.History[n-1].Invoices, pi)
				return nil
			}
			a.History = append(a.History, dunning.PastAction{Day: day, Status: dunning.StatusSkipped, Invoices: []dunning.PastInvoice{pi}})
			supersededDay[a] = day
			return nil
		}},
		{"AccountRequests", args, func(r *sql.Rows) error {
			var cid int64
			var rq dunning.Request
			var kind string
			err := r.Scan(&cid, &kind, &rq.InvoiceID, &rq.Step, &rq.Day, &rq.By, &rq.Reason)
			rq.Kind = dunning.RequestKind(kind)
			if a := get(cid); a != nil {
				a.Requests = append(a.Requests, rq)
			}
			return err
		}},
	}
	for _, s := range steps {
		if err := each(s.name, s.args, s.scan); err != nil {
			return nil, err
		}
	}
	out := make([]dunning.Account, 0, len(order))
	for _, id := range sortedIDs(order) {
		out = append(out, *byID[id])
	}
	return out, nil
}

// chunkQueries returns the named queries of a chunk of customers with their fragments filled
// in: the columns of each kind of row, and the tables read by customer range (CustomerInvoices,
// CustomerPayments, CustomerActions: SQLite is told which index serves the range).
func (c *conn) chunkQueries() func(name string) string {
	r := strings.NewReplacer("{{CustomerColumns}}", c.book.q("CustomerColumns"), "{{InvoiceColumns}}", c.invoiceColumns(),
		"{{InvoiceFrom}}", c.book.q("InvoiceFrom"), "{{Allocated}}", c.book.q("Allocated"),
		"{{DisputeColumns}}", c.book.q("DisputeColumns"), "{{PromiseColumns}}", c.book.q("PromiseColumns"),
		"{{PlanColumns}}", c.book.q("PlanColumns"), "{{ActionColumns}}", c.book.q("ActionColumns"),
		"{{CustomerInvoices}}", c.book.q("CustomerInvoices"), "{{CustomerPayments}}", c.book.q("CustomerPayments"),
		"{{CustomerActions}}", c.book.q("CustomerActions"))
	return func(name string) string { return r.Replace(c.book.q(name)) }
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// MaxCustomerID is the highest customer id of the company (0 when it has none).
func (c *conn) MaxCustomerID(ctx context.Context, companyID int64) (int64, error) {
	var id int64
	err := c.r.QueryRowContext(ctx, c.book.q("MaxCustomerID"), companyID).Scan(&id)
	return id, c.mapErr(err, "max customer id")
}

// StartRun records the start of a run.
func (c *conn) StartRun(ctx context.Context, r *store.Run) error {
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	id, err := c.insertID(ctx, "start run", c.book.q("StartRun"), r.CompanyID, r.Day, r.StartedAt.UnixNano(), r.Host)
	r.ID = id
	return err
}

// FinishRun records the end of a run and its figures.
func (c *conn) FinishRun(ctx context.Context, r store.Run) error {
	return c.execOne(ctx, "finish run", c.book.q("FinishRun"), r.CompanyID, r.ID, r.FinishedAt.UnixNano(), orDefault(r.Stats, "{}"))
}

// ClaimChunk takes a chunk of customers for a run; see store.DunningQueries.
func (c *conn) ClaimChunk(ctx context.Context, companyID int64, day civil.Date, chunk, runID int64, now, runStart, leaseCutoff time.Time) (bool, error) {
	var got int64
	err := c.w.QueryRowContext(ctx, c.book.q("ClaimChunk"), companyID, day, chunk, runID, now.UnixNano(),
		runStart.UnixNano(), leaseCutoff.UnixNano()).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, c.mapErr(err, "claim chunk")
}

// FinishChunk marks the run's chunk done.
func (c *conn) FinishChunk(ctx context.Context, companyID int64, day civil.Date, chunk, runID int64, now time.Time) error {
	_, err := c.w.ExecContext(ctx, c.book.q("FinishChunk"), companyID, day, chunk, runID, now.UnixNano())
	return c.mapErr(err, "finish chunk")
}
