package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
)

func init() {
	register(newLettersCmd)
	register(newLetterCmd)
	register(newSendCmd)
}

func newLettersCmd(e *env) *cobra.Command {
	var date, out, format string
	cmd := &cobra.Command{
		Use:   "letters --date D --out DIR",
		Short: "Write the day's letters as PDF: one file each and one combined file to print",
		Long: `Writes the letters the run decided for a day — simple letters and registered letters with
acknowledgement of receipt (formal notices) — in the French window-envelope layout: one PDF
each, and one combined PDF to print in one go. Each letter's PDF is kept in the database with
its SHA-256 as the proof of what was sent; running the command again writes the very same
files. Letters awaiting approval are not written until approved. Once posted, record it:
relance letter sent ID --number …`,
		Example: `  relance letters --out lettres/
  relance letters --date 2026-11-23 --out lettres/ --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{errors.New("--out DIR is required")}
			}
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			day, err := e.parseDay(date, app.Location(co))
			if err != nil {
				return err
			}
			res, err := a.Letters(cmd.Context(), co, day, out)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			if len(res.Letters) == 0 {
				fmt.Fprintf(e.stdout, "No letter for %s.\n", day)
				return nil
			}
			var rows [][]string
			for _, l := range res.Letters {
				rows = append(rows, []string{strconv.FormatInt(l.OutboxID, 10), l.Customer, l.Channel, l.Path, l.SHA256[:16]})
			}
			if err := writeTable(e.stdout, []string{"id", "customer", "channel", "file", "sha256"}, rows); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "\nTo print: %s\n", res.Combined)
			if res.Settled > 0 {
				fmt.Fprintf(e.stdout, "%d letters were cancelled: their invoices have been paid since the run.\n", res.Settled)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&date, "date", "", "the day whose letters to write (default today)")
	f.StringVar(&out, "out", "", "directory to write the PDF files to")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func newLetterCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "letter",
		Short: "Record a letter's posting and its acknowledgement of receipt",
	}
	var number, date, presented, received string
	sent := &cobra.Command{
		Use:     "sent ID [--number N] [--date D]",
		Short:   "Record that a letter was posted (registered letters: with their number)",
		Example: `  relance letter sent 42 --number "1A 123 456 7890 1" --date 2026-11-24`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("%q is not a letter id (see relance outbox list --channel letter,registered_letter)", args[0])}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			day, err := e.parseDay(date, app.Location(co))
			if err != nil {
				return err
			}
			if err := a.LetterPosted(cmd.Context(), co, id, number, day, author()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Letter %d posted on %s.\n", id, day)
			return nil
		},
	}
	sent.Flags().StringVar(&number, "number", "", "registered-mail number")
	sent.Flags().StringVar(&date, "date", "", "posting date (default today)")
	recv := &cobra.Command{
		Use:     "received ID --presented D [--received D]",
		Short:   "Record a registered letter's first presentation and acknowledgement of receipt",
		Example: `  relance letter received 42 --presented 2026-11-25 --received 2026-11-26`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("%q is not a letter id", args[0])}
			}
			if presented == "" {
				return usageError{errors.New("--presented D is required (the first presentation by the post)")}
			}
			p, err := civil.ParseLoose(presented)
			if err != nil {
				return usageError{fmt.Errorf("--presented: %w", err)}
			}
			var r civil.Date
			if received != "" {
				if r, err = civil.ParseLoose(received); err != nil {
					return usageError{fmt.Errorf("--received: %w", err)}
				}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if err := a.LetterReceived(cmd.Context(), co, id, p, r, author()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Letter %d: presented %s", id, p)
			if !r.IsZero() {
				fmt.Fprintf(e.stdout, ", acknowledged %s", r)
			}
			fmt.Fprintln(e.stdout, ".")
			return nil
		},
	}
	recv.Flags().StringVar(&presented, "presented", "", "first presentation date")
	recv.Flags().StringVar(&received, "received", "", "date the acknowledgement of receipt was signed")
	cmd.AddCommand(sent, recv)
	return cmd
}

func newSendCmd(e *env) *cobra.Command {
	var format string
	var all bool
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Send the e-mails waiting in the outbox, once (the server does it continuously)",
		Long: `Sends every e-mail due in the outbox through the company's SMTP server and returns. Failures
are retried later with growing waits; an address that does not exist is marked undeliverable
on the contact and shown in the outbox. Nothing is ever sent twice, even if the command is
interrupted: the next run resends only what did not go.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			opts := app.SendOptions{Composer: a.Composer()}
			if !all {
				co, err := a.ResolveCompany(cmd.Context(), e.company)
				if err != nil {
					return err
				}
				opts.CompanyID = co.ID
			}
			res, err := a.SendOutbox(cmd.Context(), opts)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, res)
			}
			fmt.Fprintf(e.stdout, "Sent %d, to retry %d, failed %d, cancelled (paid meanwhile) %d.\n", res.Sent, res.Retried, res.Failed, res.Cancelled)
			for _, w := range res.Waiting {
				fmt.Fprintln(e.stdout, w)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	cmd.Flags().BoolVar(&all, "all", false, "every company of the database")
	return cmd
}
