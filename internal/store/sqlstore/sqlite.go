package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// OpenSQLite opens (creating it if needed) the database file at path and migrates it.
// busy_timeout comes first so that the other pragmas wait rather than fail; WAL lets readers
// work while the writer writes; _txlock=immediate takes the write lock at BEGIN, which is what
// keeps concurrent writers from failing with "database is locked" (see LIBRARIES.md).
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	// A 64 MB page cache (the default is 2 MB) keeps the indexes of a million invoices in
	// memory during imports and runs; staging tables live in memory.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
		"&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(ctx, w, goose.DialectSQLite3, "sqlite"); err != nil {
		w.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	d := sqliteDialect{}
	db := &DB{w: w, r: r, d: d}
	db.stmts = newStmtCache(r)
	db.conn = conn{r: db.stmts, w: w, d: d, book: loadQueries("sqlite")}
	return db, nil
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) placeholder(int) string { return "?" }

func (sqliteDialect) oneOff(args []any) []any { return args }

// stageTable drops any leftover first: SQLite has no ON COMMIT DROP, and the writer
// connection lives on.
func (sqliteDialect) stageTable(name, cols string) string {
	return "DROP TABLE IF EXISTS temp." + name + "; CREATE TEMP TABLE " + name + " (" + cols + ")"
}

func (sqliteDialect) isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// copyRows inserts with multi-row VALUES statements: per-statement overhead dominates in a
// pure-Go SQLite, and 200 rows a statement divides it by 200.
func (sqliteDialect) copyRows(ctx context.Context, c *sql.Conn, tx *sql.Tx, table string, cols []string, rows func(yield func([]any) bool)) (int64, error) {
	const batch = 200
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ",") + ") VALUES "
	full, err := tx.PrepareContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(one+",", batch), ","))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	args := make([]any, 0, batch*len(cols))
	var n int64
	var ferr error
	flush := func(stmt *sql.Stmt) {
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			ferr = err
		}
		args = args[:0]
	}
	rows(func(r []any) bool {
		args = append(args, r...)
		n++
		if n%batch == 0 {
			flush(full)
		}
		return ferr == nil
	})
	if ferr != nil {
		return n, ferr
	}
	if rest := len(args) / len(cols); rest > 0 {
		_, err := tx.ExecContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(one+",", rest), ","), args...)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
