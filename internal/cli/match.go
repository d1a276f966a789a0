package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newMatchCmd) }

func newMatchCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "match",
		Aliases: []string{"lettrage", "matching"},
		Short:   "Review how bank payments were matched to invoices (lettrage): list, accept, reject, undo",
		Long: `relance import bank matches each incoming payment against the open invoices. A certain
match is allocated at once; the others wait here for a collector, with the payment (date,
amount, payer, remittance), the invoices and amounts proposed, a confidence from 0 to 100 and
the reasons. Accepting allocates the payment as proposed — never more than an invoice still
owes, never the same payment twice; rejecting leaves it unallocated; undo takes an accepted or
automatic allocation back (exactly the allocations it made) and returns the proposal to the
queue. Each decision is written in the customer's history.`,
	}
	cmd.AddCommand(newMatchListCmd(e), newMatchDecideCmd(e, "accept"), newMatchDecideCmd(e, "reject"), newMatchDecideCmd(e, "undo"),
		newMatchRunCmd(e))
	return cmd
}

func newMatchListCmd(e *env) *cobra.Command {
	var status, format string
	var limit int
	cmd := &cobra.Command{
		Use:   "list [--status pending|accepted|rejected|auto|all]",
		Short: "List the proposals waiting for review (or decided ones)",
		Example: `  relance match list
  relance match list --status auto --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			if status == "all" {
				status = ""
			}
			st, err := app.ParseProposalStatus(status)
			if err != nil {
				return usageError{err}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			ps, err := a.Proposals(cmd.Context(), co, store.ProposalQuery{Status: st, Limit: limit})
			if err != nil {
				return err
			}
			if format == formatJSON {
				if ps == nil {
					ps = []store.Proposal{}
				}
				return writeJSON(e.stdout, ps)
			}
			if len(ps) == 0 {
				fmt.Fprintln(e.stdout, "Nothing to review.")
				return nil
			}
			rows := make([][]string, 0, len(ps))
			for _, p := range ps {
				rows = append(rows, proposalRow(co, p))
			}
			return writeTable(e.stdout, []string{"id", "status", "date", "amount", "payer", "remittance", "customer", "invoices", "confidence"}, rows)
		},
	}
	cmd.Flags().StringVar(&status, "status", string(store.ProposalPending), "pending, accepted, rejected, auto or all")
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most N proposals, the latest payments first (0: all)")
	return cmd
}

func proposalRow(co receivable.Company, p store.Proposal) []string {
	var invs []string
	for _, al := range p.Allocations {
		invs = append(invs, al.Number+" "+al.Amount.FormatCurrency(co.Currency, co.Language))
	}
	if p.Unallocated > 0 {
		invs = append(invs, "+ "+p.Unallocated.FormatCurrency(co.Currency, co.Language)+" on account")
	}
	return []string{strconv.FormatInt(p.ID, 10), string(p.Status), p.Payment.Date.Format(co.Language),
		p.Payment.Amount.FormatCurrency(orEUR(p.Payment.Currency), co.Language), orDash(p.Payment.PayerName),
		orDash(shorten(p.Payment.Reference, 40)), orDash(p.CustomerRef), strings.Join(invs, ", "), strconv.Itoa(p.Confidence)}
}

func orEUR(c string) string {
	if c == "" {
		return "EUR"
	}
	return c
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func newMatchDecideCmd(e *env, verb string) *cobra.Command {
	short := map[string]string{
		"accept": "Accept a proposal: allocate the payment to the invoices as proposed",
		"reject": "Reject a proposal: the payment stays unallocated",
		"undo":   "Undo an accepted or automatic allocation (or a rejection): the proposal returns to the queue",
	}[verb]
	return &cobra.Command{
		Use:     verb + " ID",
		Short:   short,
		Example: "  relance match " + verb + " 42",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("ID %q: want the number relance match list shows", args[0])}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			var p store.Proposal
			switch verb {
			case "accept":
				p, err = a.AcceptProposal(cmd.Context(), co, id, author())
			case "reject":
				p, err = a.RejectProposal(cmd.Context(), co, id, author())
			default:
				p, err = a.UndoProposal(cmd.Context(), co, id, author())
			}
			if err != nil {
				return appError(err)
			}
			var invs []string
			for _, al := range p.Allocations {
				invs = append(invs, al.Number+" ("+al.Amount.FormatCurrency(co.Currency, co.Language)+")")
			}
			pay := p.Payment.Amount.FormatCurrency(orEUR(p.Payment.Currency), co.Language) + " of " + p.Payment.Date.Format(co.Language)
			switch verb {
			case "accept":
				fmt.Fprintf(e.stdout, "Proposal %d accepted: the payment of %s is allocated to %s.\n", p.ID, pay, strings.Join(invs, ", "))
			case "reject":
				fmt.Fprintf(e.stdout, "Proposal %d rejected: the payment of %s stays unallocated.\n", p.ID, pay)
			default:
				fmt.Fprintf(e.stdout, "Proposal %d is pending again: the payment of %s is unallocated.\n", p.ID, pay)
			}
			return nil
		},
	}
}

func newMatchRunCmd(e *env) *cobra.Command {
	var opts app.MatchOptions
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Match the payments still unallocated and never matched (recorded before their invoices)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			m, err := a.MatchUnallocated(cmd.Context(), co, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Unallocated payments never matched: %d. Allocated automatically: %d (%s); queued for review: %d; left unmatched: %d.\n",
				m.Payments, m.Auto, cur(co, m.AutoAmount), m.Queued, m.Unmatched)
			return nil
		},
	}
	cmd.Flags().BoolVar(&opts.NoAuto, "no-auto", false, "queue every match for review, however certain")
	return cmd
}
