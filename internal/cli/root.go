// Package cli is relance's command line and its composition root: it reads the configuration,
// opens the database the URL names, and wires the use cases to the adapters.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X .../cli.Version=…".
var Version = "dev"

// Main runs the command line and returns the process exit code: 0 on success, 1 on error,
// 2 on a usage error.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainWithClock(ctx, args, stdin, stdout, stderr, time.Now)
}

// mainWithClock is Main with a clock that tests can fix.
func mainWithClock(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) int {
	root := newRoot(stdin, stdout, stderr, now)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "relance:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type usageError struct{ error }

func newRoot(stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	root := &cobra.Command{
		Use:   "relance",
		Short: "Accounts-receivable collection: reminders, calls, formal notices, with proof",
		Long: `relance decides every morning, for every customer with open invoices, what the
collection process calls for — a preventive e-mail, a reminder, a call, a letter, a formal
notice, a litigation file — does it, and keeps the proof.

relance relance chaque matin vos clients débiteurs, selon votre processus de recouvrement.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, now: now}
	e.addFlags(root)
	for _, f := range commands {
		root.AddCommand(f(e))
	}
	refuseUnknownSubcommands(root)
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Run:   func(cmd *cobra.Command, _ []string) { fmt.Fprintln(cmd.OutOrStdout(), "relance", Version) },
	})
	return root
}

// refuseUnknownSubcommands makes a command that only groups others ("relance customers")
// fail with a usage error on an unknown subcommand, instead of printing its help and exiting
// 0 — a typo in a script must not look like success.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil && c.Parent() != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q for %q; see %s --help", args[0], cmd.CommandPath(), cmd.CommandPath())}
			}
			return nil
		}
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	}
}
