package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/relance-app/relance/internal/store"
)

var stageInvoiceCols = []string{"line", "kind", "number", "customer_ref", "customer_name", "customer_email",
	"issue_date", "due_date", "amount", "currency", "external_id", "document"}

// ImportInvoices streams the rows into a staging table, then merges it with set-based SQL in
// the same transaction: a million rows are a few statements, not a million round trips.
func (db *DB) ImportInvoices(ctx context.Context, companyID int64, rows iter.Seq[store.InvoiceImport], check func() error) (store.ImportStats, error) {
	var st store.ImportStats
	co, err := db.Company(ctx, companyID)
	if err != nil {
		return st, err
	}
	err = db.stage(ctx, "stage_invoices", db.book.q("StageInvoices"), stageInvoiceCols,
		func(yield func([]any) bool) {
			for r := range rows {
				inv := r.Invoice
				if !yield([]any{r.Line, string(inv.Kind), inv.Number, r.CustomerRef, r.CustomerName, r.CustomerEmail,
					inv.IssueDate, inv.DueDate, int64(inv.Amount), orDefault(inv.Currency, co.Currency), inv.ExternalID, inv.Document}) {
					return
				}
			}
		},
		check,
		func(tx execer, n int64) error {
			st.Rows = int(n)
			steps := []struct {
				name string
				args []any
				into *int
			}{
				{"ImportNewCustomers", []any{companyID}, &st.CustomersCreated},
				{"ImportInvoiceEmails", []any{companyID}, nil},
				{"ImportUpdateInvoices", []any{companyID}, &st.Updated},
				{"ImportInsertInvoices", []any{companyID, "import"}, &st.Created},
			}
			for _, s := range steps {
				res, err := tx.ExecContext(ctx, db.book.q(s.name), s.args...)
				if err != nil {
					return db.mapErr(err, "import invoices: "+strings.ToLower(s.name))
				}
				if s.into != nil {
					k, _ := res.RowsAffected()
					*s.into = int(k)
				}
			}
			st.Unchanged = st.Rows - st.Created - st.Updated
			return nil
		})
	return st, err
}

// stage runs one import transaction on a dedicated connection: create the staging table,
// bulk-load rows, call check (nothing is merged if it fails), then merge.
func (db *DB) stage(ctx context.Context, table, cols string, names []string, rows func(yield func([]any) bool),
	check func() error, merge func(tx execer, n int64) error) error {
	c, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	for _, stmt := range strings.Split(db.d.stageTable(table, cols), "; ") {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create %s: %w", table, err)
		}
	}
	n, err := db.d.copyRows(ctx, c, tx, table, names, rows)
	if err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	if db.d.name() == "postgres" {
		if _, err := tx.ExecContext(ctx, "ANALYZE "+table); err != nil {
			return err
		}
	}
	if err := merge(tx, n); err != nil {
		return err
	}
	return tx.Commit()
}
