package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newOutboxCmd) }

func newOutboxCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "What is waiting to go out: e-mails and letters, approvals, failures",
		Long: `The outbox holds every e-mail and letter the run decided, from the moment it is decided
until it is sent (or printed and posted): held while it awaits approval, pending, sent, or
failed with the reason. Nothing in it is ever sent twice, and nothing is lost.`,
	}
	cmd.AddCommand(newOutboxListCmd(e), newOutboxDecideCmd(e, "approve"), newOutboxDecideCmd(e, "reject"), newOutboxRetryCmd(e))
	return cmd
}

func newOutboxListCmd(e *env) *cobra.Command {
	var status, channel, format string
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List outbox items, the latest first",
		Example: `  relance outbox list --status held      # waiting for your approval
  relance outbox list --status failed    # delivery failures, with the reason`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			q := store.OutboxQuery{CompanyID: co.ID, Limit: limit}
			if status != "" {
				q.Statuses = strings.Split(status, ",")
			}
			if channel != "" {
				q.Channels = strings.Split(channel, ",")
			}
			items, err := a.Store.ListOutbox(cmd.Context(), q)
			if err != nil {
				return err
			}
			if format == formatJSON {
				if items == nil {
					items = []store.OutboxItem{}
				}
				return writeJSON(e.stdout, items)
			}
			var rows [][]string
			for _, it := range items {
				detail := it.Subject
				if it.LastError != "" {
					detail = it.LastError
				}
				rows = append(rows, []string{strconv.FormatInt(it.ID, 10), it.Day.String(), it.CustomerRef, it.Channel, it.Template,
					it.Status, strconv.Itoa(it.Attempts), orDash(it.Recipient), truncate(detail, 60)})
			}
			return writeTable(e.stdout, []string{"id", "day", "customer", "channel", "template", "status", "attempts", "to", "subject / error"}, rows)
		},
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", "", "held, pending, sending, sent, failed, cancelled, ready, posted, delivered (comma-separated)")
	f.StringVar(&channel, "channel", "", "email, letter, registered_letter (comma-separated)")
	f.IntVar(&limit, "limit", 100, "at most this many items (0: all)")
	f.StringVar(&format, "format", formatTable, "table or json")
	return cmd
}

// newOutboxDecideCmd approves or rejects held items; the argument is the outbox id, as the
// list shows it (the decision applies to the item's action).
func newOutboxDecideCmd(e *env, verb string) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   verb + " ID...",
		Short: map[string]string{"approve": "Approve held items: they go out", "reject": "Reject held items: they never go out"}[verb],
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			for _, arg := range args {
				id, err := strconv.ParseInt(arg, 10, 64)
				if err != nil {
					return usageError{fmt.Errorf("%q is not an outbox id", arg)}
				}
				it, err := a.Store.OutboxItemByID(cmd.Context(), co.ID, id)
				if err != nil {
					return err
				}
				if it.ActionID == 0 {
					return fmt.Errorf("outbox item %d has no action to %s", id, verb)
				}
				if verb == "approve" {
					err = a.Approve(cmd.Context(), co, it.ActionID, author())
				} else {
					err = a.Reject(cmd.Context(), co, it.ActionID, author(), reason)
				}
				if err != nil {
					return fmt.Errorf("outbox item %d: %w", id, err)
				}
				fmt.Fprintf(e.stdout, "%s outbox item %d (%s, %s)\n", map[string]string{"approve": "approved", "reject": "rejected"}[verb], id, it.CustomerRef, it.Template)
			}
			return nil
		},
	}
	if verb == "reject" {
		cmd.Flags().StringVar(&reason, "reason", "", "why (kept in the customer's history)")
	}
	return cmd
}

func newOutboxRetryCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "retry ID...",
		Short: "Send failed items again",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			for _, arg := range args {
				id, err := strconv.ParseInt(arg, 10, 64)
				if err != nil {
					return usageError{fmt.Errorf("%q is not an outbox id", arg)}
				}
				if err := a.RetryOutbox(cmd.Context(), co, id, author()); err != nil {
					return fmt.Errorf("outbox item %d: %w", id, err)
				}
				fmt.Fprintf(e.stdout, "Outbox item %d will be sent again by the next `relance send`.\n", id)
			}
			return nil
		},
	}
}

// author names who did something from the command line, for the history.
func author() string {
	if u := app.CurrentUser(); u != "" {
		return u
	}
	return "cli"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
