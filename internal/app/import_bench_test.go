package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// BenchmarkImportInvoices generates a CSV of RELANCE_BENCH_ROWS invoices (default 100,000) and
// imports it into a fresh SQLite file and a fresh PostgreSQL schema, reporting rows/s.
//
//	RELANCE_BENCH_ROWS=1000000 go test -run '^$' -bench ImportInvoices -benchtime 1x ./internal/app
func BenchmarkImportInvoices(b *testing.B) {
	n := 100_000
	if s := os.Getenv("RELANCE_BENCH_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	path := filepath.Join(b.TempDir(), "invoices.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	writeInvoices(f, n, 7)
	f.Close()
	for _, open := range []struct {
		name string
		db   func(testing.TB) *sqlstore.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := open.db(b)
				a := newApp(db)
				co, _, _ := a.Init(context.Background(), receivable.Company{Name: "Bench"})
				in, _ := os.Open(path)
				b.StartTimer()
				res, err := a.Import(context.Background(), co, app.ImportInvoices, path, in, app.ImportOptions{})
				b.StopTimer()
				in.Close()
				if err != nil || res.Stats.Created != n {
					b.Fatalf("import: %+v %v", res.Stats, err)
				}
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
