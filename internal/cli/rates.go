package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
)

func init() { register(newRatesCmd) }

func newRatesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "rates",
		Aliases: []string{"taux"},
		Short:   "The rates late-payment penalties are computed with: list, set, import, settings",
		Long: `relance ships the ECB main refinancing rate, the French legal interest rates and the
national reference rates it knows, each with its source. A computation that needs a rate not yet
published in relance (the ECB rate of a new half-year) stops and names it: add it here, from its
publication, and every computation of the company uses it — the daily run, statements of claim,
and relance penalties.`,
	}
	cmd.AddCommand(newRatesListCmd(e), newRatesSetCmd(e), newRatesImportCmd(e), newRatesSettingsCmd(e))
	return cmd
}

func newRatesListCmd(e *env) *cobra.Command {
	var series, format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the rates: the embedded ones and those set or imported, with their source",
		Example: `  relance rates list --series ecb_mro
  relance rates list --format csv > taux.csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			var only penalty.Series
			if series != "" {
				s, err := penalty.ParseSeries(series)
				if err != nil {
					return usageError{fmt.Errorf("--series: %w", err)}
				}
				only = s
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			rows, err := a.Rates(cmd.Context(), co)
			if err != nil {
				return err
			}
			if only != "" {
				kept := rows[:0]
				for _, r := range rows {
					if r.Series == only {
						kept = append(kept, r)
					}
				}
				rows = kept
			}
			if format == formatJSON {
				return writeJSON(e.stdout, rows)
			}
			header := []string{"series", "semester", "rate", "confirmed", "origin", "source"}
			var lines [][]string
			for _, r := range rows {
				lines = append(lines, []string{string(r.Series), r.Semester.String(), r.Rate.String(), strconv.FormatBool(r.Confirmed), r.Origin, r.Source})
			}
			if format == formatCSV {
				return writeCSV(e.stdout, header, lines)
			}
			return writeTable(e.stdout, header, lines)
		},
	}
	cmd.Flags().StringVar(&series, "series", "", "only this series (ecb_mro, fr_legal_other, fr_legal_consumer_creditor, be_reference, de_base…)")
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

func newRatesSetCmd(e *env) *cobra.Command {
	var source string
	var unconfirmed bool
	cmd := &cobra.Command{
		Use:   "set SERIES SEMESTER RATE",
		Short: "Set a rate read in its publication, for a half-year (yyyy-H1 or yyyy-H2)",
		Long: `Sets the value of a rate series for a half-year, as published: for the French penalties, the
ECB main refinancing rate in force on 1 January (H1) or 1 July (H2), before the 10 points;
for the legal interest rates, the value of the arrêté. It replaces the embedded value or the one
set before, for this company.`,
		Example: `  relance rates set ecb_mro 2026-H2 2.15 --source "BCE, taux en vigueur au 1er juillet 2026"
  relance rates set fr_legal_other 2026-H2 2,50 --source "arrêté du 22 juin 2026"`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			series, err := penalty.ParseSeries(args[0])
			if err != nil {
				return usageError{fmt.Errorf("SERIES: %w", err)}
			}
			sem, err := penalty.ParseSemester(args[1])
			if err != nil {
				return usageError{fmt.Errorf("SEMESTER: %w", err)}
			}
			rate, err := money.ParseRate(args[2])
			if err != nil {
				return usageError{fmt.Errorf("RATE: %w", err)}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			entry := penalty.Entry{Series: series, Semester: sem, Rate: rate, Source: strings.TrimSpace(source), Confirmed: !unconfirmed}
			prev, had, err := a.SetRate(cmd.Context(), co, entry, author())
			if err != nil {
				return err
			}
			was := "new"
			if had {
				was = fmt.Sprintf("was %s, %s", prev.Rate.Format("en"), prev.Origin)
			}
			fmt.Fprintf(e.stdout, "%s %s = %s (%s); %s.\n", series, sem, rate.Format("en"), was, series.Label("en"))
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "where the value was read (publication, decision, date)")
	cmd.Flags().BoolVar(&unconfirmed, "unconfirmed", false, "the value is not confirmed yet: computations using it warn")
	return cmd
}

func newRatesImportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import rates from a CSV file, all or nothing",
		Long: `Imports rates from a CSV file in either layout relance ships:

  semester,ecb_mro,legal_consumer_creditor,legal_other     one row per half-year
  2026-H2,2.15,,2.50                                        (empty cell: not known)

  series,semester,rate[,confirmed][,source]                one rate per row
  de_base,2026-H1,1.27,false,Bundesbank

Lines starting with # are comments. A bad line stores nothing; the error names the line.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			n, err := a.ImportRates(cmd.Context(), co, args[0], f, author())
			if err != nil {
				return fmt.Errorf("no rate was imported: %w", err)
			}
			fmt.Fprintf(e.stdout, "%s: %d rates imported.\n", args[0], n)
			return nil
		},
	}
	return cmd
}

func newRatesSettingsCmd(e *env) *cobra.Command {
	var dayCount, from, format string
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show or change how the company computes interest: day count, start of consumer interest",
		Long: `Without flags, shows the settings. --day-count is actual/365 (the default: service-public.fr
and Bpifrance divide by 365 even in leap years) or actual/actual. --consumer-interest-from says
which date of a formal notice starts legal interest against a consumer: presented (the default:
its first presentation by the post, the cautious reading), sent, or acknowledged.`,
		Example: `  relance rates settings
  relance rates settings --day-count actual/actual --consumer-interest-from sent`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			var s app.PenaltySettings
			var err error
			if dayCount != "" {
				if s.DayCount, err = penalty.ParseDayCount(dayCount); err != nil {
					return usageError{fmt.Errorf("--day-count: %w", err)}
				}
			}
			if from != "" {
				if s.ConsumerInterestFrom, err = app.ParseNoticeDate(from); err != nil {
					return usageError{fmt.Errorf("--consumer-interest-from: %w", err)}
				}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if s != (app.PenaltySettings{}) {
				if err := a.SetPenaltySettings(cmd.Context(), co, s); err != nil {
					return err
				}
			}
			cur, err := a.PenaltySettings(cmd.Context(), co)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, cur)
			}
			return writeTable(e.stdout, []string{"setting", "value"}, [][]string{
				{"day_count", string(cur.DayCount)}, {"consumer_interest_from", string(cur.ConsumerInterestFrom)}})
		},
	}
	cmd.Flags().StringVar(&dayCount, "day-count", "", "actual/365 or actual/actual")
	cmd.Flags().StringVar(&from, "consumer-interest-from", "", "sent, presented or acknowledged")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}
