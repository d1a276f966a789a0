package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newLimitationCmd) }

// limitationOptions are the flags of `relance limitation`.
type limitationOptions struct {
	due, performed, date, format, lang string
	consumer, public                   bool
	interruptions                      []string

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
and shown as such.`,
		Example: `  relance limitation --due 2021-03-31
  relance limitation --due 2021-03-31 --interruption partial_payment=2023-06-15 --interruption formal_notice=2024-01-10
  relance limitation --due 2025-02-28 --consumer --performed 2025-01-20`,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
