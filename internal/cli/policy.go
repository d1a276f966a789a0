package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newPolicyCmd) }

func newPolicyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "policy",
		Aliases: []string{"policies", "politique", "scenario"},
		Short:   "Collection policies (scénarios de relance): list, show, import, export, assign",
		Long: `A policy ("scénario de relance") is the ordered list of steps of the collection
process, counted in days from each invoice's due date: a preventive e-mail before it, reminders,
calls, letters, the formal notice by registered letter (mise en demeure), the litigation file.
Each step has a phase, a channel, a template, and optionally a minimum amount, an approval and
the late penalties.

relance ships a standard French policy (standard-fr, the default) and one per payer profile
(bad-payer-fr, careless-fr…). A customer follows its own policy if it has one, else its payer
profile's, else the company's default. Policies are files you can export, edit, share and
import: import one under a shipped policy's name and it replaces that one for your company.`,
		Example: `  relance policy list
  relance policy export standard-fr --out standard-fr.yaml   # edit it, then:
  relance policy import standard-fr.yaml
  relance policy assign bad-payer-fr --customer C0042`,
	}
	cmd.AddCommand(newPolicyListCmd(e), newPolicyShowCmd(e), newPolicyImportCmd(e), newPolicyExportCmd(e), newPolicyAssignCmd(e))
	return cmd
}

func newPolicyListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the policies: yours, and the shipped ones you did not replace",
		Long: `Lists the policies the company can use. SOURCE says where each comes from: "stored"
(imported by you), "shipped" (comes with relance), "override" (imported by you under a shipped
policy's name, which it replaces). DEFAULT marks the one customers follow when neither they nor
their payer profile have one; PROFILES, the payer profiles whose customers follow it.`,
		Example: `  relance policy list
  relance policy list --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			list, err := a.Policies(cmd.Context(), co)
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, list)
			}
			var rows [][]string
			for _, p := range list {
				def := ""
				if p.Default {
					def = "default"
				}
				desc, _, _ := strings.Cut(p.Description, "\n")
				rows = append(rows, []string{p.Name, p.Source, def, strconv.Itoa(p.Steps), orDash(profileList(p.Profiles)), truncate(desc, 50)})
			}
			return writeTable(e.stdout, []string{"name", "source", "default", "steps", "profiles", "description"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func profileList(ps []receivable.Profile) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

func newPolicyShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a policy's steps: day, phase, channel, template, minimum amount, approval, penalties",
		Example: `  relance policy show standard-fr
  relance policy show bad-payer-fr --format json`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			d, err := a.Policy(cmd.Context(), co, args[0])
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(e.stdout, d)
			}
			w := e.stdout
			var tags []string
			if d.Default {
				tags = append(tags, "the company's default")
			}
			tags = append(tags, map[string]string{app.PolicyStored: "imported", app.PolicyShipped: "shipped with relance",
				app.PolicyOverride: "imported, replaces the shipped one"}[d.Source])
			fmt.Fprintf(w, "%s (%s)\n", d.Name, strings.Join(tags, ", "))
			if d.Description != "" {
				for _, l := range strings.Split(d.Description, "\n") {
					fmt.Fprintf(w, "  %s\n", l)
				}
			}
			if len(d.Profiles) > 0 {
				fmt.Fprintf(w, "Followed by the payer profiles: %s\n", profileList(d.Profiles))
			}
			fmt.Fprintf(w, "At least %d days between two contacts; a promise holds reminders until its date + %d days.\n\n",
				d.MinDaysBetweenContacts, d.PromiseGraceDays)
			var rows [][]string
			for i, s := range d.Steps {
				minAmount := ""
				if s.MinAmount > 0 {
					minAmount = s.MinAmount.FormatCurrency(co.Currency, co.Language)
				}
				rows = append(rows, []string{strconv.Itoa(i + 1), dayOffset(s.OffsetDays), s.Name, s.Phase.Label("fr"), string(s.Channel),
					s.Template, minAmount, yes(s.Approval), yes(s.Penalties)})
			}
			return writeTable(w, []string{"#", "day", "step", "phase", "channel", "template", "min_amount", "approval", "penalties"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

// dayOffset writes a step's day from the due date as collectors say it: D-5, D, D+21.
func dayOffset(n int) string {
	switch {
	case n > 0:
		return "D+" + strconv.Itoa(n)
	case n < 0:
		return "D" + strconv.Itoa(n)
	}
	return "D"
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func newPolicyImportCmd(e *env) *cobra.Command {
	var makeDefault bool
	cmd := &cobra.Command{
		Use:   "import FILE [--default]",
		Short: "Check a policy file (YAML or JSON) and store it",
		Long: `Reads a policy file, checks it, and stores it under its name, replacing your policy of
that name, or the shipped one. A file with an error changes nothing; the message names the step,
the field and the line. --default makes it the policy of every customer that has neither its
own policy nor a payer profile's. FILE "-" reads the standard input.

The file format (field names fixed, amounts as text):

  name: maison
  min_days_between_contacts: 5
  promise_grace_days: 3
  steps:
    - {name: rappel-preventif, phase: preventive, offset_days: -5, channel: email, template: preventive}
    - {name: relance-1, phase: level1, offset_days: 1, channel: email, template: level1}
    - {name: appel-1, phase: level1, offset_days: 8, channel: call, template: call-level1}
    - {name: relance-2, phase: level2, offset_days: 21, channel: letter, template: level2, min_amount: "50.00", penalties: true}
    - {name: mise-en-demeure, phase: level3, offset_days: 42, channel: registered_letter, template: formal-notice, approval: true, penalties: true}
    - {name: contentieux, phase: litigation, offset_days: 60, channel: task, template: litigation}

Phases: preventive, level1, level2, level3, litigation (never softer later on). Channels: email,
letter, registered_letter (LRAR), call, task.`,
		Example: `  relance policy import maison.yaml --default
  relance policy export standard-fr | sed 's/offset_days: 8,/offset_days: 10,/' | relance policy import -`,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var data []byte
			var err error
			if args[0] == "-" {
				data, err = readAll(e.stdin)
			} else {
				data, err = os.ReadFile(args[0])
			}
			if err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			d, err := a.ImportPolicy(cmd.Context(), co, app.ImportPolicyParams{Data: data, Source: args[0], MakeDefault: makeDefault}, author())
			if err != nil {
				return appError(err)
			}
			what := "Stored"
			if d.Source == app.PolicyOverride {
				what = "Stored (it replaces the shipped policy of that name)"
			}
			fmt.Fprintf(e.stdout, "%s policy %s: %d steps", what, d.Name, len(d.Steps))
			if d.Default {
				fmt.Fprint(e.stdout, ", the company's default")
			}
			fmt.Fprintln(e.stdout, ".")
			for _, s := range d.Steps {
				fmt.Fprintf(e.stdout, "  %-6s %s (%s, %s)\n", dayOffset(s.OffsetDays), s.Name, s.Phase, s.Channel)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&makeDefault, "default", false, "make it the company's default policy")
	return cmd
}

func newPolicyExportCmd(e *env) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export NAME [--format yaml|json] [--out FILE]",
		Short: "Write a policy as a file to edit, share or import elsewhere",
		Long: `Writes a policy — yours or a shipped one — in the policy file format, to the standard
output or to --out FILE. Importing the file gives the same policy back.`,
		Example: `  relance policy export standard-fr --out standard-fr.yaml
  relance policy export maison --format json`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != app.PolicyYAML && format != app.PolicyJSON {
				return usageError{fmt.Errorf("--format %q: want yaml or json", format)}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			data, err := a.ExportPolicy(cmd.Context(), co, args[0], format)
			if err != nil {
				return appError(err)
			}
			if out == "" {
				_, err = e.stdout.Write(data)
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Policy %s written to %s.\n", args[0], out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", app.PolicyYAML, "yaml or json")
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of the standard output")
	return cmd
}

func newPolicyAssignCmd(e *env) *cobra.Command {
	var customer, profile string
	var unassign bool
	cmd := &cobra.Command{
		Use:   "assign NAME (--customer REF | --profile PROFILE)",
		Short: "Make a customer, or every customer of a payer profile, follow a policy",
		Long: `Assigns a policy to one customer (it then follows it whatever its profile), or to a payer
profile (its customers without a policy of their own follow it). --unassign (or an empty NAME)
removes the assignment: the customer goes back to its profile's policy, the profile to the one
shipped for it. Profiles: careless, bad_payer, insolvent, administrative, dispute_prone,
automatic, good_payer (or their French names: négligent, mauvais payeur…).`,
		Example: `  relance policy assign bad-payer-fr --customer C0042
  relance policy assign maison --profile careless
  relance policy assign --unassign --customer C0042`,
		Args: func(_ *cobra.Command, args []string) error {
			if unassign && len(args) > 0 || !unassign && len(args) != 1 {
				return usageError{errors.New("want the policy's NAME, or --unassign without one")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			p := app.AssignPolicyParams{CustomerRef: customer}
			if len(args) == 1 {
				p.Name = args[0]
			}
			if (customer == "") == (profile == "") {
				return usageError{errors.New("give either --customer REF or --profile PROFILE")}
			}
			if profile != "" {
				pr, err := receivable.ParseProfile(profile)
				if err != nil {
					return usageError{err}
				}
				p.Profile = pr
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if err := a.AssignPolicy(cmd.Context(), co, p, author()); err != nil {
				return appError(err)
			}
			switch {
			case p.Profile != "" && p.Name != "":
				fmt.Fprintf(e.stdout, "Customers of profile %s (%s) now follow policy %s.\n", p.Profile, p.Profile.Label("fr"), p.Name)
			case p.Profile != "":
				fmt.Fprintf(e.stdout, "Customers of profile %s (%s) follow the shipped policy %s again.\n", p.Profile, p.Profile.Label("fr"), dunning.ProfilePolicies[p.Profile])
			case p.Name != "":
				fmt.Fprintf(e.stdout, "Customer %s now follows policy %s.\n", customer, p.Name)
			default:
				fmt.Fprintf(e.stdout, "Customer %s follows its profile's policy again (or the company's default).\n", customer)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "the customer's reference")
	cmd.Flags().StringVar(&profile, "profile", "", "a payer profile")
	cmd.Flags().BoolVar(&unassign, "unassign", false, "remove the assignment")
	return cmd
}
