package cli

import (
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

func init() { register(newPenaltiesCmd) }

// penaltiesOptions are the flags of `relance penalties`, read as typed, then checked and
// turned into the computation's input by Validate.
type penaltiesOptions struct {
	amount, due, paid, date, rate, country, notice, dayCount, format, lang string
	consumer, public                                                       bool
	payments                                                               []string
	// A customer's statement of claim (penalties_customer.go).
	customer, out, paidLateSince string

	inv   penalty.Invoice
	terms penalty.Terms
	day   civil.Date
}

func newPenaltiesCmd(e *env) *cobra.Command {
	o := &penaltiesOptions{}
	cmd := &cobra.Command{
		Use:     "penalties",
		Aliases: []string{"penalites"},
		Short:   "Compute the late-payment interest and indemnity of an invoice, or a customer's statement of claim",
		Long: `Computes what an invoice paid late owes on top of its amount, with the embedded rate
tables: French late-payment penalties between businesses (ECB rate + 10 points per half-year, or
a stipulated rate), the 40 EUR indemnity, legal interest from the formal notice for a consumer,
moratorium interest for a public buyer, and the rules of BE, DE, ES, IT, NL, GB and the
euro-area baseline. Without --paid, interest runs to --date (default today).

With --customer REF, prints the customer's statement of claim (décompte) from the database:
its invoices open and past due on --date, with the payments allocated to them, each interest
period, the indemnities and the total due; --paid-late-since D adds the invoices paid in full
late since D, whose penalties are still owed. --format pdf --out FILE prints it as a letter.

The rates are the company's when a database holds one (the embedded tables, plus those added
with relance rates set), else the embedded tables. A rate missing (for example the ECB rate of
a half-year not yet published) stops the computation with the command that adds it.`,
		Example: `  relance penalties --amount 15000.00 --due 2018-04-15 --paid 2018-05-15 --rate 15
  relance penalties --amount 8400 --due 2025-01-31 --payment 2025-02-28=4000 --date 2025-04-30
  relance penalties --amount 1200 --due 2025-06-30 --consumer --notice 2025-09-30 --format json
  relance penalties --customer C0042 --date 2026-11-30 --format pdf --out decompte-C0042.pdf`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.customer != "" {
				return runCustomerStatement(cmd, e, o)
			}
			if err := o.Validate(civil.Today(e.now(), app.Location(receivable.Company{}))); err != nil {
				return err
			}
			rates, err := e.rateTable(cmd.Context())
			if err != nil {
				return err
			}
			return runPenalties(e.stdout, o, rates)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.amount, "amount", "", "invoice amount including VAT, e.g. 15000.00 (required)")
	f.StringVar(&o.due, "due", "", "due date on the invoice, yyyy-mm-dd (required)")
	f.StringVar(&o.paid, "paid", "", "date the invoice was paid in full (funds received)")
	f.StringVar(&o.date, "date", "", "compute on this day (default: --paid, else today)")
	f.StringVar(&o.rate, "rate", "", "stipulated late-payment rate in %, e.g. 15 (default: the statutory rate)")
	f.StringVar(&o.country, "country", "FR", "law that governs late payment: FR, BE, DE, ES, IT, NL, GB or another euro-area code")
	f.BoolVar(&o.consumer, "consumer", false, "the debtor is a consumer (legal interest from the formal notice only)")
	f.BoolVar(&o.public, "public", false, "the debtor is a French public buyer (moratorium interest)")
	f.StringVar(&o.notice, "notice", "", "date of the formal notice (mise en demeure), with --consumer")
	f.StringVar(&o.dayCount, "day-count", string(penalty.Actual365), "actual/365 or actual/actual")
	f.StringArrayVar(&o.payments, "payment", nil, "partial payment DATE=AMOUNT, e.g. 2025-02-28=4000,00 (repeatable)")
	f.StringVar(&o.format, "format", formatTable, "table or json; with --customer also csv or pdf")
	f.StringVar(&o.lang, "lang", "fr", "language of the table: fr or en")
	f.StringVar(&o.customer, "customer", "", "print this customer's statement of claim (reference), from the database")
	f.StringVar(&o.paidLateSince, "paid-late-since", "", "with --customer: add the invoices paid late since this day")
	f.StringVar(&o.out, "out", "", "with --customer: write to this file (required for pdf)")
	return cmd
}

// Validate checks the flags and builds the invoice, the terms and the day; every problem is a
// usage error naming its flag.
func (o *penaltiesOptions) Validate(today civil.Date) error {
	usage := func(flag string, err error) error { return usageError{fmt.Errorf("--%s: %w", flag, err)} }
	if err := checkFormat(o.format, formatTable, formatJSON); err != nil {
		return err
	}
	if o.lang != "fr" && o.lang != "en" {
		return usage("lang", fmt.Errorf("%q: want fr or en", o.lang))
	}
	if o.amount == "" || o.due == "" {
		return usageError{errors.New("--amount and --due are required")}
	}
	amount, err := money.Parse(o.amount)
	if err != nil {
		return usage("amount", err)
	}
	if amount <= 0 {
		return usage("amount", fmt.Errorf("%s is not positive", amount))
	}
	o.inv = penalty.Invoice{Amount: amount}
	if o.inv.DueDate, err = civil.ParseLoose(o.due); err != nil {
		return usage("due", err)
	}
	kind := receivable.B2B
	switch {
	case o.consumer && o.public:
		return usageError{errors.New("--consumer and --public exclude each other")}
	case o.consumer:
		kind = receivable.B2C
	case o.public:
		kind = receivable.Public
	}
	if o.notice != "" {
		if !o.consumer {
			return usage("notice", errors.New("only changes the computation for a consumer: add --consumer"))
		}
		if o.inv.NoticeDate, err = civil.ParseLoose(o.notice); err != nil {
			return usage("notice", err)
		}
	}
	o.terms = penalty.Terms{Kind: kind, Country: strings.ToUpper(strings.TrimSpace(o.country)), RateFrom: "contract"}
	if o.terms.DayCount, err = penalty.ParseDayCount(o.dayCount); err != nil {
		return usage("day-count", err)
	}
	if o.rate != "" {
		if o.terms.Rate, err = money.ParseRate(o.rate); err != nil {
			return usage("rate", err)
		}
		if o.terms.Rate <= 0 {
			return usage("rate", fmt.Errorf("%s is not positive", o.terms.Rate))
		}
	}
	if err := o.terms.Validate(); err != nil {
		return usage("country", err)
	}
	o.inv.Currency = "EUR"
	if o.terms.Country == "GB" || o.terms.Country == "UK" {
		o.inv.Currency = "GBP"
	}

	var partial money.Cents
	for _, p := range o.payments {
		ds, as, ok := strings.Cut(p, "=")
		if !ok {
			return usage("payment", fmt.Errorf("%q: want DATE=AMOUNT, e.g. 2025-02-28=4000.00", p))
		}
		pd, err := civil.ParseLoose(ds)
		if err != nil {
			return usage("payment", err)
		}
		pa, err := money.Parse(as)
		if err != nil {
			return usage("payment", err)
		}
		if pa <= 0 {
			return usage("payment", fmt.Errorf("%q: the amount is not positive", p))
		}
		partial += pa
		o.inv.Payments = append(o.inv.Payments, penalty.Payment{Date: pd, Amount: pa})
	}
	if partial > amount {
		return usage("payment", fmt.Errorf("the payments (%s) exceed the amount (%s)", partial, amount))
	}
	o.day = today
	if o.paid != "" {
		paid, err := civil.ParseLoose(o.paid)
		if err != nil {
			return usage("paid", err)
		}
		for _, p := range o.inv.Payments {
			if p.Date.After(paid) {
				return usage("payment", fmt.Errorf("dated %s, after the full payment on %s", p.Date, paid))
			}
		}
		if rest := amount - partial; rest > 0 {
			o.inv.Payments = append(o.inv.Payments, penalty.Payment{Date: paid, Amount: rest})
		}
		o.day = paid
	}
	if o.date != "" {
		if o.day, err = civil.ParseLoose(o.date); err != nil {
			return usage("date", err)
		}
	}
	return nil
}

func runPenalties(w io.Writer, o *penaltiesOptions, rates penalty.Table) error {
	res, err := penalty.Compute(o.inv, o.terms, o.day, rates)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		return writeJSON(w, res)
	}
	return res.WriteText(w, o.lang)
}
