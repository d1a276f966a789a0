package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

// openStore opens the database the URL names: sqlite:PATH (the default, embedded) or
// postgres://… The scheme picks the driver; only this file names them.
func openStore(ctx context.Context, url string) (store.Store, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return sqlstore.OpenPostgres(ctx, url)
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		return sqlstore.OpenSQLite(ctx, path)
	case !strings.Contains(url, "://") && url != "":
		return sqlstore.OpenSQLite(ctx, url)
	}
	return nil, usageError{fmt.Errorf("--db %q: want sqlite:PATH or postgres://USER@HOST/DB", url)}
}

// open gives the use cases on the --db database; the caller closes the store.
func (e *env) open(ctx context.Context) (*app.App, error) {
	st, err := openStore(ctx, e.dbURL)
	if err != nil {
		return nil, err
	}
	// One-shot commands print what matters to the user themselves; their log shows only
	// errors (serve installs its own logger).
	a := app.New(st, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	a.Now = e.now
	return a, nil
}

// openCompany opens the database and resolves --company.
func (e *env) openCompany(ctx context.Context) (*app.App, receivable.Company, error) {
	a, err := e.open(ctx)
	if err != nil {
		return nil, receivable.Company{}, err
	}
	co, err := a.ResolveCompany(ctx, e.company)
	if err != nil {
		a.Store.Close()
		return nil, co, err
	}
	return a, co, nil
}
