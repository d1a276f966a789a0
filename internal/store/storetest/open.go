// Package storetest opens test databases — a fresh SQLite file or a fresh PostgreSQL schema per
// test — and holds the conformance suite that every store implementation must pass.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop schemas

	"github.com/relance-app/relance/internal/store/sqlstore"
)

// PostgresURL is the server the PostgreSQL tests use: RELANCE_TEST_POSTGRES, or the local
// default that scripts/test prepares.
func PostgresURL() string {
	if u := os.Getenv("RELANCE_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/relance_test?sslmode=disable"
}

// SQLite opens a new database file in the test's temporary directory.
func SQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return SQLiteN(t, 1)[0]
}

// SQLiteN opens n stores on one new database file, as n processes sharing it would.
func SQLiteN(t testing.TB, n int) []*sqlstore.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "relance.db")
	var out []*sqlstore.DB
	for range n {
		db, err := sqlstore.OpenSQLite(context.Background(), path)
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		out = append(out, db)
	}
	return out
}

// Postgres opens a store on a new schema of the test server, dropped when the test ends. A
// server that does not answer fails the test: run the tests with scripts/test, which starts
// PostgreSQL, or set RELANCE_TEST_POSTGRES=skip to skip them knowingly.
func Postgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	return PostgresN(t, 1)[0]
}

// PostgresN opens n stores on one new schema, as n processes sharing the database would.
func PostgresN(t testing.TB, n int) []*sqlstore.DB {
	t.Helper()
	base := PostgresURL()
	if base == "skip" {
		t.Skip("RELANCE_TEST_POSTGRES=skip: PostgreSQL tests skipped on request")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres %s: %v", base, err)
	}
	defer admin.Close()
	if err := admin.Ping(); err != nil {
		t.Fatalf("PostgreSQL at %s does not answer (%v): run the tests with `bash scripts/test`, which starts it, or set RELANCE_TEST_POSTGRES", base, err)
	}
	schema := "t_" + randHex(8)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	var out []*sqlstore.DB
	for range n {
		db, err := sqlstore.OpenPostgres(context.Background(), u.String())
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		out = append(out, db)
	}
	return out
}

// EachN runs f on SQLite and on PostgreSQL with n stores sharing one database.
func EachN(t *testing.T, n int, f func(t *testing.T, dbs []*sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { f(t, SQLiteN(t, n)) })
	t.Run("postgres", func(t *testing.T) { f(t, PostgresN(t, n)) })
}

// Each runs f once on SQLite and once on PostgreSQL, as subtests.
func Each(t *testing.T, f func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
