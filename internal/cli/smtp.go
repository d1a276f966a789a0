package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newSMTPCmd) }

func newSMTPCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "smtp",
		Short: "Set and test the SMTP server reminders are sent through",
	}
	cmd.AddCommand(newSMTPSetCmd(e), newSMTPShowCmd(e), newSMTPTestCmd(e))
	return cmd
}

func newSMTPSetCmd(e *env) *cobra.Command {
	var s relmail.Settings
	var passwordFile string
	cmd := &cobra.Command{
		Use:   "set",
		Short: "Store the company's SMTP settings (the password is read from a file, never from the command line)",
		Long: `Stores the SMTP server relance sends e-mail through, for the company. --tls starttls
(port 587, the usual) or tls (implicit TLS, port 465) encrypt the connection; none sends in
clear and is only for a relay on your own network. The password is read from --password-file
(or standard input with --password-file -) so that it appears neither in your shell history
nor in the process list; relance never prints it.`,
		Example: `  relance smtp set --host smtp.example.fr --port 587 --tls starttls --user relance@example.fr --password-file ~/.smtp-pass --from "Recouvrement <relance@example.fr>"
  relance smtp set --host 127.0.0.1 --port 2525 --tls none --from relance@example.fr`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if passwordFile != "" {
				var b []byte
				var err error
				if passwordFile == "-" {
					b, err = readAll(e.stdin)
				} else {
					b, err = os.ReadFile(passwordFile)
				}
				if err != nil {
					return fmt.Errorf("--password-file: %w", err)
				}
				s.Password = strings.TrimRight(string(b), "\r\n")
			}
			if err := s.Validate(); err != nil {
				return usageError{err}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			if err := a.SetSMTPSettings(cmd.Context(), co, s); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "SMTP settings stored for %s: %s\n", co.Slug, s)
			if s.TLS == "none" && s.User != "" {
				fmt.Fprintln(e.stderr, "warning: --tls none sends the password in clear; use starttls or tls unless the server is on your own network")
			}
			fmt.Fprintln(e.stdout, "Check them with: relance smtp test --to YOUR-ADDRESS")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&s.Host, "host", "", "SMTP server host name")
	f.IntVar(&s.Port, "port", 587, "SMTP server port (587 starttls, 465 tls, 25 relay)")
	f.StringVar(&s.TLS, "tls", "starttls", "none, starttls or tls")
	f.StringVar(&s.User, "user", "", "user name, when the server requires authentication")
	f.StringVar(&passwordFile, "password-file", "", "file holding the password (- for standard input)")
	f.StringVar(&s.From, "from", "", `sender address, e.g. "Recouvrement <relance@example.fr>"`)
	f.IntVar(&s.PerMin, "rate", 0, "at most this many e-mails a minute (0: no limit)")
	f.BoolVar(&s.InsecureSkipVerify, "insecure-skip-verify", false, "accept any server certificate (a self-signed relay)")
	return cmd
}

func newSMTPShowCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the SMTP settings (without the password)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			s, err := a.SMTPSettings(cmd.Context(), co)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no SMTP settings for %s yet: relance smtp set --help", co.Slug)
			}
			if err != nil {
				return err
			}
			return writeJSON(e.stdout, s.Redacted())
		},
	}
}

func newSMTPTestCmd(e *env) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "test --to ADDRESS",
		Short: "Send a test e-mail through the stored SMTP settings",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return usageError{errors.New("--to ADDRESS is required")}
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			s, err := a.SMTPSettings(cmd.Context(), co)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no SMTP settings for %s yet: relance smtp set --help", co.Slug)
			}
			if err != nil {
				return err
			}
			sender, err := relmail.NewSender(s)
			if err != nil {
				return err
			}
			msg := relmail.Message{To: to, Date: e.now(),
				Subject: "relance : e-mail de test / test e-mail",
				Text: fmt.Sprintf("Cet e-mail de test confirme que relance peut envoyer vos relances par %s.\n\n"+
					"This test e-mail confirms that relance can send your reminders through %s.\n", s.Host, s.Host)}
			if err := sender.Send(cmd.Context(), msg); err != nil {
				return fmt.Errorf("test e-mail to %s through %s: %w", to, s, err)
			}
			fmt.Fprintf(e.stdout, "Test e-mail sent to %s through %s:%d at %s.\n", to, s.Host, s.Port, e.now().Format(time.RFC3339))
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "address to send the test e-mail to")
	return cmd
}
