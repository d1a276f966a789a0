package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newLimitationCmd) }

// limitationOptions are the flags of `relance limitation`.
type limitationOptions struct {
	due, performed, date, format, lang string
	consumer, public                   bool
	interruptions                      []string
	invoice                            string // an invoice of the database instead

	in  penalty.LimitationInput
	day civil.Date
}

func newLimitationCmd(e *env) *cobra.Command {
	o := &limitationOptions{}
	cmd := &cobra.Command{
		Use:     "limitation",
		Aliases: []string{"prescription"},
		Short:   "Print the date a claim becomes time-barred, and why",
		Long: `Prints the last day on which a claim can still be brought to court and the first day it
is time-barred: 5 years from the due date between businesses, 2 years against a consumer,
restarted by an acknowledgement of debt, a partial payment or the service of an injonction de
payer. A formal notice does not interrupt the period (Cass. com. 18 May 2022); it is accepted
and shown as such.

With --invoice NUMBER, the claim is an invoice of the database: its customer's kind, its due
date, the payments allocated to it and the events recorded with relance invoice interrupt.`,
		Example: `  relance limitation --due 2021-03-31
  relance limitation --due 2021-03-31 --interruption partial_payment=2023-06-15 --interruption formal_notice=2024-01-10
  relance limitation --due 2025-02-28 --consumer --performed 2025-01-20
  relance limitation --invoice FA-2021-0042`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.invoice != "" {
				return runInvoiceLimitation(cmd, e, o)
			}
			if err := o.Validate(civil.Today(e.now(), app.Location(receivable.Company{}))); err != nil {
				return err
			}
			return runLimitation(e.stdout, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.due, "due", "", "due date of the claim, yyyy-mm-dd (required)")
	f.BoolVar(&o.consumer, "consumer", false, "the debtor is a consumer (2 years)")
	f.BoolVar(&o.public, "public", false, "the debtor is a public body")
	f.StringVar(&o.performed, "performed", "", "with --consumer: day the goods or services were delivered or completed")
	f.StringArrayVar(&o.interruptions, "interruption", nil, "KIND=DATE, KIND one of acknowledgement, partial_payment, injunction_service, formal_notice (repeatable)")
	f.StringVar(&o.date, "date", "", "say where the claim stands on this day (default today)")
	f.StringVar(&o.format, "format", formatTable, "table or json")
	f.StringVar(&o.lang, "lang", "fr", "language of the text: fr or en")
	f.StringVar(&o.invoice, "invoice", "", "the invoice of the database with this number, with its recorded interruptions")
	return cmd
}

// Validate checks the flags and builds the input; every problem is a usage error naming its
// flag.
func (o *limitationOptions) Validate(today civil.Date) error {
	usage := func(flag string, err error) error { return usageError{fmt.Errorf("--%s: %w", flag, err)} }
	if err := checkFormat(o.format, formatTable, formatJSON); err != nil {
		return err
	}
	if o.lang != "fr" && o.lang != "en" {
		return usage("lang", fmt.Errorf("%q: want fr or en", o.lang))
	}
	if o.due == "" {
		return usageError{errors.New("--due is required")}
	}
	var err error
	if o.in.DueDate, err = civil.ParseLoose(o.due); err != nil {
		return usage("due", err)
	}
	o.in.Kind = receivable.B2B
	switch {
	case o.consumer && o.public:
		return usageError{errors.New("--consumer and --public exclude each other")}
	case o.consumer:
		o.in.Kind = receivable.B2C
	case o.public:
		o.in.Kind = receivable.Public
	}
	if o.performed != "" {
		if !o.consumer {
			return usage("performed", errors.New("only counts against a consumer: add --consumer"))
		}
		if o.in.Performed, err = civil.ParseLoose(o.performed); err != nil {
			return usage("performed", err)
		}
	}
	for _, s := range o.interruptions {
		ks, ds, ok := strings.Cut(s, "=")
		if !ok {
			return usage("interruption", fmt.Errorf("%q: want KIND=DATE, e.g. acknowledgement=2024-03-01", s))
		}
		kind, err := penalty.ParseInterruptionKind(ks)
		if err != nil {
			return usage("interruption", err)
		}
		day, err := civil.ParseLoose(ds)
		if err != nil {
			return usage("interruption", err)
		}
		o.in.Interruptions = append(o.in.Interruptions, penalty.Interruption{Kind: kind, Date: day})
	}
	o.day = today
	if o.date != "" {
		if o.day, err = civil.ParseLoose(o.date); err != nil {
			return usage("date", err)
		}
	}
	return nil
}

func runLimitation(w io.Writer, o *limitationOptions) error {
	l, err := penalty.LimitationOf(o.in)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(w, struct {
			penalty.Limitation
			Day                 civil.Date `json:"day"`
			Barred              bool       `json:"barred"`
			BarredWithin6Months bool       `json:"barred_within_6_months"`
		}{l, o.day, l.Barred(o.day), l.BarredWithin(o.day, 6)})
	}
	return l.WriteText(w, o.lang, o.day)
}

// runInvoiceLimitation prints the limitation dates of an invoice of the database.
func runInvoiceLimitation(cmd *cobra.Command, e *env, o *limitationOptions) error {
	if err := checkFormat(o.format, formatTable, formatJSON); err != nil {
		return err
	}
	if o.lang != "fr" && o.lang != "en" {
		return usageError{fmt.Errorf("--lang %q: want fr or en", o.lang)}
	}
	if o.due != "" || o.performed != "" || o.consumer || o.public || len(o.interruptions) > 0 {
		return usageError{errors.New("--invoice takes the due date, the debtor and the interruptions from the database: --due, --performed, --consumer, --public and --interruption do not go with it")}
	}
	a, co, err := e.openCompany(cmd.Context())
	if err != nil {
		return err
	}
	defer a.Store.Close()
	day, err := e.parseDay(o.date, app.Location(co))
	if err != nil {
		return err
	}
	il, err := a.InvoiceLimitation(cmd.Context(), co, o.invoice)
	if err != nil {
		return err
	}
	l := il.Limitation
	if o.format == formatJSON {
		return writeJSON(e.stdout, struct {
			app.InvoiceLimitation
			Day                 civil.Date `json:"day"`
			Barred              bool       `json:"barred"`
			BarredWithin6Months bool       `json:"barred_within_6_months"`
		}{il, day, l.Barred(day), l.BarredWithin(day, app.WarnMonths)})
	}
	fmt.Fprintf(e.stdout, "%s %s — %s %s — %s\n", enFr(o.lang, "Invoice", "Facture"), il.Invoice.Number,
		enFr(o.lang, "customer", "client"), il.CustomerRef, enFr(o.lang, "due "+il.Invoice.DueDate.String(), "échéance le "+il.Invoice.DueDate.Format("fr")))
	if err := l.WriteText(e.stdout, o.lang, day); err != nil {
		return err
	}
	for _, r := range il.Interruptions {
		if r.Note != "" {
			fmt.Fprintf(e.stdout, "  %s %s (%s): %s\n", r.Kind, r.Date, r.Author, r.Note)
		}
	}
	return nil
}

func enFr(lang, en, fr string) string {
	if lang == "en" {
		return en
	}
	return fr
}

func init() { register(newInvoiceCmd) }

// newInvoiceCmd holds the commands on one invoice; `relance invoices` lists them.
func newInvoiceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "invoice",
		Aliases: []string{"facture"},
		Short:   "Act on one invoice: record an event that interrupts its limitation period",
	}
	cmd.AddCommand(newInvoiceInterruptCmd(e))
	return cmd
}

func newInvoiceInterruptCmd(e *env) *cobra.Command {
	var number, kind, date, note string
	cmd := &cobra.Command{
		Use:   "interrupt",
		Short: "Record an acknowledgement of debt, an injonction de payer served or a partial payment",
		Long: `Records an event that restarts the invoice's limitation period (C. civ. 2240, 2241) and notes
it in the customer's history:

  acknowledgement     the debtor acknowledged the debt in writing
  injunction_served   an injonction de payer was served (signifiée) — filing it does not count
  partial_payment     a payment made outside relance (allocated payments count already)

A formal notice does not interrupt the period (Cass. com. 18 May 2022) and is refused.`,
		Example: `  relance invoice interrupt --invoice FA-2021-0042 --kind acknowledgement --date 2024-06-01 --note "courrier du client"`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if number == "" || kind == "" || date == "" {
				return usageError{errors.New("--invoice, --kind and --date are required")}
			}
			k, err := parseInterruptionKind(kind)
			if err != nil {
				return usageError{fmt.Errorf("--kind: %w", err)}
			}
			day, err := civil.ParseLoose(date)
			if err != nil {
				return usageError{fmt.Errorf("--date: %w", err)}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			in, err := a.RecordInterruption(cmd.Context(), co, number, k, day, note, author())
			if err != nil {
				return err
			}
			il, err := a.InvoiceLimitation(cmd.Context(), co, number)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Recorded %s of %s on invoice %s. Time-barred from %s (last day for action: %s).\n",
				in.Kind, in.Date, number, il.Limitation.BarredFrom, il.Limitation.LastDay)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&number, "invoice", "", "invoice number (required)")
	f.StringVar(&kind, "kind", "", "acknowledgement, injunction_served or partial_payment (required)")
	f.StringVar(&date, "date", "", "date of the event, yyyy-mm-dd (required)")
	f.StringVar(&note, "note", "", "what it is and where the proof is kept")
	return cmd
}

// parseInterruptionKind reads the kinds the command offers; a formal notice is passed on,
// for the use case to refuse with its reason.
func parseInterruptionKind(s string) (penalty.InterruptionKind, error) {
	switch strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "-", "_"))) {
	case "injunction_served", "injunction_service", "injonction_signifiee":
		return penalty.InjunctionService, nil
	}
	k, err := penalty.ParseInterruptionKind(s)
	if err != nil {
		return "", fmt.Errorf("unknown kind %q: want acknowledgement, injunction_served or partial_payment", s)
	}
	return k, nil
}

// listTimeBarred prints the open invoices whose claim becomes time-barred before the day
// given: `relance invoices list --time-barred-before D`.
func listTimeBarred(ctx context.Context, e *env, a *app.App, co receivable.Company, before, format string) error {
	day, err := civil.ParseLoose(before)
	if err != nil {
		return usageError{fmt.Errorf("--time-barred-before: %w", err)}
	}
	ls, err := a.TimeBarredBefore(ctx, co, day)
	if err != nil {
		return err
	}
	type line struct {
		Number      string      `json:"number"`
		CustomerRef string      `json:"customer_ref"`
		Kind        string      `json:"customer_kind"`
		DueDate     civil.Date  `json:"due_date"`
		Open        money.Cents `json:"open_cents"`
		Currency    string      `json:"currency"`
		LastDay     civil.Date  `json:"last_day"`
		BarredFrom  civil.Date  `json:"time_barred_from"`
		Interrupted int         `json:"interruptions"`
	}
	lines := []line{}
	for _, l := range ls {
		lines = append(lines, line{l.Invoice.Number, l.CustomerRef, string(l.Kind), l.Invoice.DueDate, l.Invoice.Open(),
			l.Invoice.Currency, l.Limitation.LastDay, l.Limitation.BarredFrom, len(l.Limitation.Applied)})
	}
	if format == formatJSON {
		return writeJSON(e.stdout, lines)
	}
	amount := func(c money.Cents) string { return c.Format(co.Language) }
	if format == formatCSV {
		amount = money.Cents.String
	}
	header := []string{"number", "customer_ref", "customer_kind", "due_date", "open", "currency", "last_day", "time_barred_from", "interruptions"}
	var rows [][]string
	for _, l := range lines {
		rows = append(rows, []string{l.Number, l.CustomerRef, l.Kind, l.DueDate.String(), amount(l.Open), l.Currency,
			l.LastDay.String(), l.BarredFrom.String(), fmt.Sprint(l.Interrupted)})
	}
	if format == formatCSV {
		return writeCSV(e.stdout, header, rows)
	}
	return writeTable(e.stdout, header, rows)
}

// writeRunWarnings prints what the run found that a person must act on: every missing rate,
// and the count of time-barred invoices; with explain, each invoice. `relance run` calls it
// after its summary.
func writeRunWarnings(w io.Writer, res app.RunResult, explain bool) {
	if res.PenaltiesAttached > 0 {
		fmt.Fprintf(w, "Penalties attached to %d actions.\n", res.PenaltiesAttached)
	}
	if res.TimeBarredSoon+res.TimeBarred > 0 {
		fmt.Fprintf(w, "Limitation: %d open invoices become time-barred within %d months, %d are time-barred already",
			res.TimeBarredSoon, app.WarnMonths, res.TimeBarred)
		if !explain {
			fmt.Fprint(w, " (--explain lists them)")
		}
		fmt.Fprintln(w, ".")
	}
	for _, x := range res.Warnings {
		if explain || (x.Kind != app.WarnTimeBarredSoon && x.Kind != app.WarnTimeBarred) {
			who := strings.TrimSpace(x.CustomerRef + " " + x.Invoice)
			if who != "" {
				who += ": "
			}
			fmt.Fprintf(w, "warning: %s%s\n", who, x.Message)
		}
	}
}
