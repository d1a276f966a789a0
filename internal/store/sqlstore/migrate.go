package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrationFS embed.FS

// migrate applies the embedded, numbered, forward-only migrations of the dialect, each in its
// own transaction (goose's default).
func migrate(ctx context.Context, db *sql.DB, d goose.Dialect, dir string) error {
	sub, err := fs.Sub(migrationFS, "migrations/"+dir)
	if err != nil {
		return err
	}
	// Out of order: migrations of separate features may land in any order; each is
	// independent of the others of the same generation.
	p, err := goose.NewProvider(d, db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}
