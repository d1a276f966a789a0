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
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "relance.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres opens a store on a new schema of the test server, dropped when the test ends. A
// server that does not answer fails the test: run the tests with scripts/test, which starts
// PostgreSQL, or set RELANCE_TEST_POSTGRES=skip to skip them knowingly.
func Postgres(t testing.TB) *sqlstore.DB {
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
	db, err := sqlstore.OpenPostgres(context.Background(), u.String())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
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
