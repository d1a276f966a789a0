package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// OpenPostgres connects to the database at url (postgres://…) and migrates it. Several relance
// processes may share it.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres url: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	if err := migrate(ctx, db, goose.DialectPostgres, "postgres"); err != nil {
		db.Close()
		return nil, err
	}
	d := postgresDialect{}
	out := &DB{w: db, r: db, d: d}
	out.conn = conn{r: db, w: db, d: d, book: loadQueries("postgres")}
	return out, nil
}

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) placeholder(n int) string { return "$" + strconv.Itoa(n) }

// oneOff has pgx send the statement in one round trip without preparing it: pgx otherwise
// prepares every statement text and keeps it per connection with its parameter types, a
// quarter of a megabyte for a 30,000-parameter insert — 240 MiB held during a run over a
// million invoices. (pgx takes a QueryExecMode given as the first argument.)
func (postgresDialect) oneOff(args []any) []any { return append([]any{pgx.QueryExecModeExec}, args...) }
func (postgresDialect) stageTable(name, cols string) string {
	return "CREATE TEMP TABLE " + name + " (" + cols + ") ON COMMIT DROP"
}

func (postgresDialect) isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// copyRows uses COPY FROM through the connection's pgx handle: an order of magnitude faster
// than INSERTs for big imports.
func (postgresDialect) copyRows(ctx context.Context, c *sql.Conn, tx *sql.Tx, table string, cols []string, rows func(yield func([]any) bool)) (int64, error) {
	var n int64
	err := c.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		next, stop := iterPull(rows)
		defer stop()
		var err error
		n, err = pc.CopyFrom(ctx, pgx.Identifier{table}, cols, &copySource{next: next})
		return err
	})
	return n, err
}

type copySource struct {
	next func() ([]any, bool)
	cur  []any
}

func (s *copySource) Next() bool {
	var ok bool
	s.cur, ok = s.next()
	return ok
}
func (s *copySource) Values() ([]any, error) { return s.cur, nil }
func (s *copySource) Err() error             { return nil }
