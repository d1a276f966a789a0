package cli

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/auth"
)

func init() { register(newUserCmd) }

func newUserCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Users of the web application: add, change a password, list",
	}
	cmd.AddCommand(newUserAddCmd(e), newUserPasswdCmd(e), newUserListCmd(e))
	return cmd
}

// readPassword takes a password from a file, standard input ("-"), or makes one up.
func readPassword(e *env, file string) (string, bool, error) {
	switch file {
	case "":
		b := make([]byte, 12)
		rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b), true, nil
	case "-":
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, fmt.Errorf("read the password from standard input: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false, fmt.Errorf("--password-file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), false, nil
}

func newUserAddCmd(e *env) *cobra.Command {
	var name, role, pwFile string
	cmd := &cobra.Command{
		Use:   "add EMAIL",
		Short: "Add a user to the company with a role (viewer, collector or admin)",
		Long: `Adds a user who logs in to the web application with an e-mail and a password, and gives
them a role in the company: viewer (reads everything), collector (works the accounts),
admin (everything, settings and users included). A user may belong to several companies:
run it once per company. Without --password-file a password is generated and printed once.`,
		Example: `  relance user add claire@lemoine.fr --name "Claire Lemoine" --role admin
  relance user add julien@lemoine.fr --role collector --password-file -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return usageError{err}
			}
			pw, generated, err := readPassword(e, pwFile)
			if err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			u, created, err := a.AddUser(cmd.Context(), co, args[0], name, pw, r)
			if err != nil {
				return err
			}
			if !created {
				fmt.Fprintf(e.stdout, "%s already had an account: now %s of %s (password unchanged).\n", u.Email, r, co.Slug)
				return nil
			}
			fmt.Fprintf(e.stdout, "Added %s as %s of %s.\n", u.Email, r, co.Slug)
			if generated {
				fmt.Fprintf(e.stdout, "Password (shown once): %s\n", pw)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "the user's name, shown in the history")
	f.StringVar(&role, "role", "collector", "viewer, collector or admin")
	f.StringVar(&pwFile, "password-file", "", "file holding the password (- for standard input; default: generate one)")
	return cmd
}

func newUserPasswdCmd(e *env) *cobra.Command {
	var pwFile string
	cmd := &cobra.Command{
		Use:   "passwd EMAIL",
		Short: "Set a user's password",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, generated, err := readPassword(e, pwFile)
			if err != nil {
				return err
			}
			a, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if err := a.SetPassword(cmd.Context(), args[0], pw); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Password of %s changed.\n", args[0])
			if generated {
				fmt.Fprintf(e.stdout, "New password (shown once): %s\n", pw)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pwFile, "password-file", "", "file holding the password (- for standard input; default: generate one)")
	return cmd
}

func newUserListCmd(e *env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the company's users and their roles",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			var companyID int64
			if !all {
				co, err := a.ResolveCompany(cmd.Context(), e.company)
				if err != nil {
					return err
				}
				companyID = co.ID
			}
			users, err := a.Store.ListUsers(cmd.Context(), companyID)
			if err != nil {
				return err
			}
			if len(users) == 0 {
				return errors.New("no user yet: relance user add EMAIL --role admin")
			}
			var rows [][]string
			for _, u := range users {
				rows = append(rows, []string{u.Email, u.Name, string(u.Role), u.CreatedAt.Format("2006-01-02")})
			}
			return writeTable(e.stdout, []string{"email", "name", "role", "since"}, rows)
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "every user of the database, whatever the company")
	return cmd
}
