// Package sqlstore implements store.Store on SQLite (modernc.org/sqlite, embedded) and on
// PostgreSQL (pgx), with one set of SQL: both accept $N placeholders, ON CONFLICT, RETURNING,
// UPDATE … FROM and IS DISTINCT FROM. What differs — column types, bulk loading, locking — is
// kept in the dialect and in one migration folder per database.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/store"
)

// execer is what *sql.DB and *sql.Tx have in common.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// dialect holds what differs between the databases.
type dialect interface {
	name() string
	// isUnique reports whether err is a uniqueness violation.
	isUnique(err error) bool
	// copyRows bulk-loads rows into a (temporary) table on conn.
	copyRows(ctx context.Context, conn *sql.Conn, tx *sql.Tx, table string, cols []string, rows func(yield func([]any) bool)) (int64, error)
	// placeholder writes the n-th parameter of a generated statement: "?" on SQLite, whose
	// parser looks named parameters up in a list (quadratic on a 30,000-parameter batch);
	// "$n" on PostgreSQL.
	placeholder(n int) string
	// stageTable is the statement creating a temporary table dropped at the end of the transaction.
	stageTable(name, cols string) string
	// oneOff marks the arguments of a statement run once and not kept prepared (a multi-row
	// insert of thousands of parameters).
	oneOff(args []any) []any
}

// DB is a store.Store. On SQLite, writes go through one connection (SQLite has one writer)
// and reads through a pool; on PostgreSQL both are the same pool.
type DB struct {
	conn
	w, r  *sql.DB
	d     dialect
	stmts *stmtCache // SQLite's reads, prepared once; nil on PostgreSQL
}

// conn runs the queries; outside a transaction r and w are the pools, inside both are the tx.
type conn struct {
	r, w execer
	d    dialect
	book queryBook
}

var _ store.Store = (*DB)(nil)

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name() }

// Close closes the pools.
func (db *DB) Close() error {
	var err error
	if db.stmts != nil {
		err = db.stmts.close()
	}
	err = errors.Join(err, db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// InTx runs fn in a transaction on the writer.
func (db *DB) InTx(ctx context.Context, fn func(store.Queries) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&conn{r: tx, w: tx, d: db.d, book: db.book}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// mapErr turns driver errors into the store's: no rows is ErrNotFound, a uniqueness
// violation ErrConflict.
func (c *conn) mapErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case c.d.isUnique(err):
		return fmt.Errorf("%s: %w (%v)", what, store.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// insertID runs an INSERT … RETURNING id.
func (c *conn) insertID(ctx context.Context, what, query string, args ...any) (int64, error) {
	var id int64
	err := c.w.QueryRowContext(ctx, query, args...).Scan(&id)
	return id, c.mapErr(err, what)
}

// execOne runs a write that must touch exactly one row; none is ErrNotFound.
func (c *conn) execOne(ctx context.Context, what, query string, args ...any) error {
	res, err := c.w.ExecContext(ctx, query, args...)
	if err != nil {
		return c.mapErr(err, what)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// nullDate and friends turn Go zero values into NULLs where the schema wants them.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
