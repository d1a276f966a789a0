package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newTokenCmd) }

func newTokenCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "API tokens for integrations: create, list, revoke",
		Long: `An API token lets an integration (an accounting tool, a script) use the JSON API at
/api/v1 as a user, in one company, with that user's role there: viewer reads, collector works
the accounts, admin also manages settings. It is sent as "Authorization: Bearer rl_…".

The token is shown once, when it is created; only its hash is stored. Revoke it when the
integration stops or the token may have leaked, and create another.`,
	}
	cmd.AddCommand(newTokenCreateCmd(e), newTokenListCmd(e), newTokenRevokeCmd(e))
	return cmd
}

func newTokenCreateCmd(e *env) *cobra.Command {
	var name, email string
	cmd := &cobra.Command{
		Use:   "create --name NAME --user EMAIL",
		Short: "Create an API token acting as a user of the company; it is shown once",
		Long: `Creates an API token acting as the user, in the company (--company), with the user's role
there. The token alone is printed on the standard output, once, so that a script can keep it;
what it is goes to the standard error. Only its hash is stored: a lost token cannot be shown
again, revoke it and create another.`,
		Example: `  relance token create --name "Pennylane sync" --user compta@lemoine.fr
  TOKEN=$(relance token create --name backup-script --user claire@lemoine.fr --company imprimerie-lemoine)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			name = strings.TrimSpace(name)
			switch {
			case name == "":
				return usageError{errors.New("--name is required: name the token after what uses it")}
			case len(name) > 100:
				return usageError{errors.New("--name: at most 100 characters")}
			case strings.TrimSpace(email) == "":
				return usageError{errors.New("--user is required: the e-mail of the user the token acts as")}
			}
			ctx := cmd.Context()
			a, co, err := e.openCompany(ctx)
			if err != nil {
				return err
			}
			defer a.Store.Close()
			u, err := a.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no user %s: add one first with relance user add %s --role collector", email, email)
			} else if err != nil {
				return err
			}
			if u.Disabled {
				return fmt.Errorf("user %s is disabled: a token would not work", u.Email)
			}
			ms, err := a.Store.Memberships(ctx, u.ID)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(ms, func(m store.Membership) bool { return m.CompanyID == co.ID })
			if i < 0 {
				return fmt.Errorf("%s has no role in %s: give one first with relance user add %s --role collector --company %s", u.Email, co.Slug, u.Email, co.Slug)
			}
			tok, hash, err := auth.NewToken("rl_")
			if err != nil {
				return err
			}
			t := store.APIToken{UserID: u.ID, CompanyID: co.ID, Name: name, Hash: hash}
			if err := a.Store.CreateAPIToken(ctx, &t); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "Created API token %d %q: acts as %s, %s of %s. It is shown once, below; keep it secret.\n"+
				"Send it as: Authorization: Bearer <token>\n", t.ID, t.Name, u.Email, ms[i].Role, co.Slug)
			fmt.Fprintln(e.stdout, tok)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "what uses the token, to recognise it in the list")
	f.StringVar(&email, "user", "", "e-mail of the user the token acts as (its role in the company applies)")
	return cmd
}

// tokenLine is a live token as the list shows it: never the token, which is not stored.
type tokenLine struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	User     string `json:"user"`
	Role     string `json:"role"`
	Created  string `json:"created_at"`
	LastUsed string `json:"last_used_at,omitempty"`
}

func newTokenListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the company's live API tokens (never the tokens themselves)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			ctx := cmd.Context()
			a, co, err := e.openCompany(ctx)
			if err != nil {
				return err
			}
			defer a.Store.Close()
			toks, err := a.Store.ListAPITokens(ctx, co.ID)
			if err != nil {
				return err
			}
			members, err := a.Store.ListUsers(ctx, co.ID)
			if err != nil {
				return err
			}
			lines := []tokenLine{}
			for _, t := range toks {
				l := tokenLine{ID: t.ID, Name: t.Name, User: "#" + strconv.FormatInt(t.UserID, 10), Role: "none", Created: t.CreatedAt.UTC().Format("2006-01-02 15:04")}
				if !t.LastUsedAt.IsZero() {
					l.LastUsed = t.LastUsedAt.UTC().Format("2006-01-02 15:04")
				}
				for _, m := range members {
					if m.ID == t.UserID {
						l.User, l.Role = m.Email, string(m.Role)
					}
				}
				lines = append(lines, l)
			}
			if format == formatJSON {
				return writeJSON(e.stdout, lines)
			}
			if len(lines) == 0 {
				fmt.Fprintf(e.stderr, "No API token in %s: relance token create --name NAME --user EMAIL\n", co.Slug)
				return nil
			}
			var rows [][]string
			for _, l := range lines {
				rows = append(rows, []string{strconv.FormatInt(l.ID, 10), l.Name, l.User, l.Role, l.Created, l.LastUsed})
			}
			return writeTable(e.stdout, []string{"id", "name", "user", "role", "created (UTC)", "last used (UTC)"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

func newTokenRevokeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "revoke ID",
		Short:   "Revoke an API token: it stops working at once",
		Example: "  relance token list\n  relance token revoke 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("token id %q: give the number relance token list shows", args[0])}
			}
			ctx := cmd.Context()
			a, co, err := e.openCompany(ctx)
			if err != nil {
				return err
			}
			defer a.Store.Close()
			toks, err := a.Store.ListAPITokens(ctx, co.ID)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(toks, func(t store.APIToken) bool { return t.ID == id })
			if i < 0 {
				return fmt.Errorf("no live API token %d in %s (see relance token list)", id, co.Slug)
			}
			if err := a.Store.RevokeAPIToken(ctx, co.ID, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Revoked API token %d %q.\n", id, toks[i].Name)
			return nil
		},
	}
}
