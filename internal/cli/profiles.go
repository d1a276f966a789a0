package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newProfilesCmd) }

func newProfilesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "profiles",
		Aliases: []string{"profile", "profils"},
		Short:   "Payer profiles: suggest them from payment history, or set one",
		Long: `A payer profile says how a debtor behaves, and so how to chase it; each profile has its
policy. The seven profiles: careless (négligent), bad_payer (mauvais payeur), insolvent
(insolvable), administrative (administratif), dispute_prone (litige), automatic (automatique:
direct debit, no reminder), good_payer (bon payeur: no preventive reminder).`,
	}
	cmd.AddCommand(newProfilesSuggestCmd(e), newProfilesSetCmd(e))
	return cmd
}

func newProfilesSuggestCmd(e *env) *cobra.Command {
	var p app.SuggestParams
	var date, format string
	var changedOnly bool
	cmd := &cobra.Command{
		Use:   "suggest [--apply] [--min-invoices N]",
		Short: "Propose a payer profile per customer from the last 12 months, and say why",
		Long: `Looks at each customer's last twelve months — invoices paid and how late, promises broken,
disputes opened, payments by direct debit and those rejected, invoices unpaid for more than 60
days, public body or not — and proposes a payer profile, with the reasons, next to the current
one. Customers with too little history get no suggestion.

Nothing changes unless --apply is given: then every suggestion that differs from the current
profile is set, and written in the customer's history.`,
		Example: `  relance profiles suggest
  relance profiles suggest --min-invoices 5 --changed
  relance profiles suggest --apply`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			if p.MinInvoices < 0 {
				return usageError{fmt.Errorf("--min-invoices %d: want 0 or more", p.MinInvoices)}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if p.Day, err = e.parseDay(date, app.Location(co)); err != nil {
				return err
			}
			list, err := a.SuggestProfiles(cmd.Context(), co, p, author())
			if err != nil {
				return appError(err)
			}
			if changedOnly {
				kept := list[:0]
				for _, s := range list {
					if s.Differs {
						kept = append(kept, s)
					}
				}
				list = kept
			}
			if format == formatJSON {
				return writeJSON(e.stdout, list)
			}
			var rows [][]string
			differ, applied := 0, 0
			for _, s := range list {
				mark := ""
				switch {
				case s.Applied:
					mark, applied, differ = "set", applied+1, differ+1
				case s.Differs:
					mark, differ = "change", differ+1
				}
				why := make([]string, len(s.Reasons))
				for i, r := range s.Reasons {
					why[i] = r.Label("fr")
				}
				rows = append(rows, []string{s.CustomerRef, truncate(s.CustomerName, 28), profileLabel(s.Current), profileLabel(s.Suggested), mark, strings.Join(why, " ; ")})
			}
			if len(rows) > 0 {
				if err := writeTable(e.stdout, []string{"customer", "name", "current", "suggested", "", "why"}, rows); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout)
			}
			switch {
			case p.Apply:
				fmt.Fprintf(e.stdout, "%d customer(s) looked at, %d profile(s) set.\n", len(list), applied)
			case differ > 0:
				fmt.Fprintf(e.stdout, "%d customer(s) looked at, %d suggestion(s) differ from the current profile: set them with --apply.\n", len(list), differ)
			default:
				fmt.Fprintf(e.stdout, "%d customer(s) looked at, no suggestion differs from the current profile.\n", len(list))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&p.Apply, "apply", false, "set the suggested profiles that differ, and record each in the customer's history")
	f.IntVar(&p.MinInvoices, "min-invoices", 0, "only customers with at least N invoices paid in the 12 months")
	f.BoolVar(&changedOnly, "changed", false, "only the suggestions that differ from the current profile")
	f.StringVar(&date, "date", "", "the 12 months end on this day (default today)")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

// profileLabel shows a profile by its code and its French name: bad_payer (mauvais payeur).
func profileLabel(p receivable.Profile) string {
	if p == "" {
		return "—"
	}
	return fmt.Sprintf("%s (%s)", p, p.Label("fr"))
}

func newProfilesSetCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "set REF PROFILE",
		Short: "Set a customer's payer profile (\"none\" removes it)",
		Long: `Sets a customer's payer profile; the customer then follows that profile's policy, unless it
has a policy of its own. PROFILE is one of careless, bad_payer, insolvent, administrative,
dispute_prone, automatic, good_payer, or its French name (négligent, "mauvais payeur",
insolvable, administratif, litige, automatique, "bon payeur"); "none" removes the profile. The
change is written in the customer's history.`,
		Example: `  relance profiles set C0042 bad_payer
  relance profiles set C0042 "mauvais payeur"
  relance profiles set C0042 none`,
		Args: exactArgs("REF", "PROFILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var prof receivable.Profile
			if !strings.EqualFold(args[1], "none") {
				var err error
				if prof, err = receivable.ParseProfile(args[1]); err != nil {
					return usageError{err}
				}
				if prof == "" {
					return usageError{fmt.Errorf("empty profile: give one, or none to remove it")}
				}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			cu, err := a.SetProfile(cmd.Context(), co, args[0], prof, author())
			if err != nil {
				return appError(err)
			}
			if cu.Profile == "" {
				fmt.Fprintf(e.stdout, "Customer %s has no payer profile now.\n", cu.Ref)
				return nil
			}
			fmt.Fprintf(e.stdout, "Customer %s is now %s.\n", cu.Ref, profileLabel(cu.Profile))
			return nil
		},
	}
}
