package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/penalty"
)

// runCustomerStatement prints the statement of claim of --customer, from the database.
func runCustomerStatement(cmd *cobra.Command, e *env, o *penaltiesOptions) error {
	if err := checkFormat(o.format, formatTable, formatJSON, formatCSV, "pdf"); err != nil {
		return err
	}
	if o.lang != "fr" && o.lang != "en" {
		return usageError{fmt.Errorf("--lang %q: want fr or en", o.lang)}
	}
	for flag, v := range map[string]string{"amount": o.amount, "due": o.due, "paid": o.paid, "rate": o.rate, "notice": o.notice} {
		if v != "" {
			return usageError{fmt.Errorf("--%s computes one invoice: it does not go with --customer, which takes the invoices from the database", flag)}
		}
	}
	if o.format == "pdf" && o.out == "" {
		return usageError{errors.New("--format pdf needs --out FILE.pdf")}
	}
	var opts app.StatementOptions
	if o.paidLateSince != "" {
		d, err := civil.ParseLoose(o.paidLateSince)
		if err != nil {
			return usageError{fmt.Errorf("--paid-late-since: %w", err)}
		}
		opts.PaidLateSince = d
	}
	ctx := cmd.Context()
	a, co, err := e.openCompany(ctx)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	if opts.Day, err = e.parseDay(o.date, app.Location(co)); err != nil {
		return err
	}
	st, cu, err := a.CustomerStatement(ctx, co, o.customer, opts)
	if err != nil {
		return err
	}
	if len(st.Invoices) == 0 && o.format != formatJSON {
		fmt.Fprintf(e.stderr, "Nothing to claim from %s on %s: no invoice open and past due.\n", o.customer, opts.Day)
		return nil
	}
	// Rendered in memory first, so that a failure leaves no half-written file.
	var b bytes.Buffer
	switch o.format {
	case formatJSON:
		err = writeJSON(&b, st)
	case formatCSV:
		err = st.WriteCSV(&b)
	case "pdf":
		if len(cu.Address.Lines()) == 0 {
			return fmt.Errorf("customer %s has no postal address, which a letter needs: add it (relance import customers) and print again", cu.Ref)
		}
		err = letter.Render(&b, app.StatementDocument(co, cu, st, o.lang))
	default:
		err = st.WriteText(&b, o.lang)
	}
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = e.stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(o.out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Wrote %s\n", o.out)
	return nil
}

// rateTable is the company's rate table when the --db database holds a company, else the
// embedded one: `relance penalties` works without a database, and with one it uses the rates
// the user added. A database that cannot be read is not an error here, only a note, since
// the embedded table may well be enough.
func (e *env) rateTable(ctx context.Context) (penalty.Table, error) {
	if path, ok := sqlitePath(e.dbURL); ok {
		if _, err := os.Stat(path); err != nil {
			return penalty.DefaultRates(), nil // no database yet; do not create one
		}
	}
	a, co, err := e.openCompany(ctx)
	if errors.Is(err, app.ErrNoCompany) {
		return penalty.DefaultRates(), nil
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "relance: using the embedded rates only: %v\n", err)
		return penalty.DefaultRates(), nil
	}
	defer a.Store.Close()
	return a.RateTable(ctx, co)
}

// sqlitePath is the file an SQLite URL names (see openStore).
func sqlitePath(url string) (string, bool) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"), true
	case !strings.Contains(url, "://") && url != "":
		return url, true
	}
	return "", false
}
