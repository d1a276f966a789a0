package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/civil"
)

// env carries what every command needs: the streams, the global flags and the clock. Commands
// read it when they run, after flags are parsed.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dbURL          string // --db, else RELANCE_DB, else sqlite:relance.db
	company        string // --company: slug or name; empty means the only company
	now            func() time.Time
}

// commands holds the constructors of the subcommands; each file adds its own with register in
// an init function, so that a new command is one new file.
var commands []func(*env) *cobra.Command

func register(f func(*env) *cobra.Command) { commands = append(commands, f) }

func (e *env) addFlags(root *cobra.Command) {
	def := os.Getenv("RELANCE_DB")
	if def == "" {
		def = "sqlite:relance.db"
	}
	root.PersistentFlags().StringVar(&e.dbURL, "db", def, "database URL: sqlite:PATH or postgres://… (env RELANCE_DB)")
	root.PersistentFlags().StringVar(&e.company, "company", os.Getenv("RELANCE_COMPANY"), "company to work on, by slug or name (env RELANCE_COMPANY; default: the only one)")
}

// parseDay reads a --date flag; empty means today in loc.
func (e *env) parseDay(s string, loc *time.Location) (civil.Date, error) {
	if s == "" {
		return civil.Today(e.now(), loc), nil
	}
	d, err := civil.ParseLoose(s)
	if err != nil {
		return civil.Date{}, usageError{fmt.Errorf("--date: %w", err)}
	}
	return d, nil
}
