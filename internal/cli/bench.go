package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/catcher"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

func init() { register(newBenchCmd) }

// The bench commands measure relance's performance goals on generated data and print the
// figures; they are how the README's numbers are reproduced. Each creates its own company
// ("bench-…") in the --db database, so that real data is never touched.
func newBenchCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure performance on generated data: import, daily run, sending, letters",
		Long: `Generates data in a company of its own ("bench-…") in the --db database and measures:
  import   importing N invoices from a CSV file (rows/s)
  run      the daily run over N open invoices of M customers, next to a bare scan of the same
           open items (the aging report): time and peak Go heap of each — a dry run, the
           first run (a catch-up: it records every step passed over), the next day's run
  send     sending N e-mails through an SMTP catcher running in the process (e-mails/s)
  letters  rendering N letters to PDF (letters/s)
Use a scratch database: the bench company stays unless --cleanup.`,
	}
	cmd.AddCommand(newBenchRunCmd(e), newBenchImportCmd(e), newBenchSendCmd(e), newBenchLettersCmd(e))
	for _, f := range benchCommands {
		cmd.AddCommand(f(e))
	}
	cmd.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phases to this file")
	return cmd
}

var cpuProfile string

// profile starts the CPU profile when --cpuprofile asks for one; the returned func stops it.
func profile() func() {
	if cpuProfile == "" {
		return func() {}
	}
	f, err := os.Create(cpuProfile)
	if err != nil {
		return func() {}
	}
	pprof.StartCPUProfile(f)
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// peak samples the live Go heap while a phase runs and reports its highest value: the
// memory the phase needs, comparable between phases whatever the garbage collector's pace.
type peak struct {
	max  atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startPeak() *peak {
	runtime.GC()
	p := &peak{stop: make(chan struct{}), done: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(p.done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > p.max.Load() {
				p.max.Store(v)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peak) end() uint64 {
	close(p.stop)
	<-p.done
	return p.max.Load()
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// benchCompany creates the company the bench works in.
func benchCompany(ctx context.Context, a *app.App) (receivable.Company, error) {
	co, _, err := a.Init(ctx, receivable.Company{Name: fmt.Sprintf("bench %d", time.Now().UnixNano())})
	return co, err
}

// benchSetup opens the database and creates the bench company; done removes the company when
// clean asks it (else says it stays) and closes the database.
func benchSetup(ctx context.Context, e *env, clean bool) (*app.App, receivable.Company, func(), error) {
	a, err := e.open(ctx)
	if err != nil {
		return nil, receivable.Company{}, nil, err
	}
	co, err := benchCompany(ctx, a)
	if err != nil {
		a.Store.Close()
		return nil, receivable.Company{}, nil, err
	}
	return a, co, func() { cleanup(ctx, a, co, clean, e); a.Store.Close() }, nil
}

func cleanup(ctx context.Context, a *app.App, co receivable.Company, yes bool, e *env) {
	if !yes {
		fmt.Fprintf(e.stderr, "The bench company %s stays in the database (--cleanup removes it).\n", co.Slug)
		return
	}
	if err := a.Store.DeleteCompany(ctx, co.ID); err != nil {
		fmt.Fprintf(e.stderr, "cleanup: %v\n", err)
	}
}

// genInvoices streams n open invoices spread over m customers, due between 150 days ago and
// 30 days ahead of day: a collection portfolio where every phase of the process has work.
func genInvoices(n, m int, day civil.Date, seed uint64) func(yield func(store.InvoiceImport) bool) {
	return func(yield func(store.InvoiceImport) bool) {
		r := rand.New(rand.NewPCG(seed, 7))
		for i := 0; i < n; i++ {
			due := day.AddDays(30 - r.IntN(180))
			c := i % m
			inv := receivable.Invoice{Kind: receivable.KindInvoice, Number: fmt.Sprintf("B%09d", i), IssueDate: due.AddDays(-30),
				DueDate: due, Amount: money.Cents(5000 + r.Int64N(2_000_000)), Currency: "EUR"}
			if !yield(store.InvoiceImport{Line: i + 2, Invoice: inv, CustomerRef: fmt.Sprintf("BC%07d", c), CustomerName: fmt.Sprintf("Client %d SARL", c),
				CustomerEmail: fmt.Sprintf("compta%d@client.example", c)}) {
				return
			}
		}
	}
}

func newBenchRunCmd(e *env) *cobra.Command {
	var invoices, customers int
	var clean bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "The daily run over N open invoices, next to a bare scan of the same items",
		Example: `  relance --db sqlite:/tmp/bench.db bench run --invoices 1000000 --customers 100000
  relance --db postgres://postgres@127.0.0.1/bench bench run --invoices 1000000 --customers 100000`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, co, done, err := benchSetup(ctx, e, clean)
			if err != nil {
				return err
			}
			defer done()
			// A day whose half-year's rates are all in the shipped table (2026-H2's ECB rate is
			// not yet), so that the run computes every penalty, as it does once the rate is set.
			day := civil.MustParse("2026-06-17")
			fmt.Fprintf(e.stdout, "database %s, %d open invoices, %d customers\n", a.Store.Dialect(), invoices, customers)
			start := time.Now()
			st, err := a.Store.ImportInvoices(ctx, co.ID, genInvoices(invoices, customers, day, 1), nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "load      %8.2fs  (%d invoices, %d customers)\n", time.Since(start).Seconds(), st.Created, st.CustomersCreated)
			p := startPeak()
			start = time.Now()
			rep, err := a.AgingReport(ctx, co, day)
			if err != nil {
				return err
			}
			scan, scanPeak := time.Since(start), p.end()
			fmt.Fprintf(e.stdout, "scan      %8.2fs  peak heap %s  (aging: %s open)\n", scan.Seconds(), mib(scanPeak), rep.TotalOpen.FormatCurrency("EUR", "en"))
			defer profile()()
			// The first run is a catch-up: the generated invoices are up to a year late and no run
			// came before, so it records every step passed over. The next day's is the everyday
			// one: the history is there, and little falls due.
			runs := []struct {
				name string
				day  civil.Date
				dry  bool
			}{{"dry run", day, true}, {"run", day, false}, {"next day", day.AddDays(1), false}}
			for _, r := range runs {
				p = startPeak()
				start = time.Now()
				res, err := a.Run(ctx, co, app.RunOptions{Day: r.day, DryRun: r.dry})
				if err != nil {
					return err
				}
				d, pk := time.Since(start), p.end()
				fmt.Fprintf(e.stdout, "%-9s %8.2fs  peak heap %s  (%d customers, %d actions; %.2f× the scan)\n",
					r.name, d.Seconds(), mib(pk), res.Customers, res.Actions, d.Seconds()/scan.Seconds())
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&invoices, "invoices", 100_000, "open invoices")
	cmd.Flags().IntVar(&customers, "customers", 10_000, "customers")
	cmd.Flags().BoolVar(&clean, "cleanup", false, "remove the bench company afterwards")
	return cmd
}

func newBenchImportCmd(e *env) *cobra.Command {
	var rows int
	var clean bool
	cmd := &cobra.Command{
		Use:     "import",
		Short:   "Import N invoices from a generated CSV file (rows/s)",
		Example: `  relance --db sqlite:/tmp/bench.db bench import --rows 1000000`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			dir, err := os.MkdirTemp("", "relance-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "factures.csv")
			if err := writeBenchCSV(path, rows); err != nil {
				return err
			}
			a, co, done, err := benchSetup(ctx, e, clean)
			if err != nil {
				return err
			}
			defer done()
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			stop := profile()
			start := time.Now()
			res, err := a.Import(ctx, co, app.ImportInvoices, path, f, app.ImportOptions{})
			d := time.Since(start)
			stop()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "database %s: imported %d invoices (%d customers) in %.2fs: %.0f rows/s\n",
				a.Store.Dialect(), res.Stats.Created, res.Stats.CustomersCreated, d.Seconds(), float64(rows)/d.Seconds())
			return nil
		},
	}
	cmd.Flags().IntVar(&rows, "rows", 100_000, "invoices in the file")
	cmd.Flags().BoolVar(&clean, "cleanup", false, "remove the bench company afterwards")
	return cmd
}

// writeBenchCSV writes rows invoices as a French accounting export does.
func writeBenchCSV(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufioWriter(f)
	fmt.Fprintln(w, "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC")
	day := civil.MustParse("2026-11-23")
	for r := range genInvoices(rows, max(1, rows/10), day, 3) {
		inv := r.Invoice
		fmt.Fprintf(w, "%s;%s;%s;%s;%s;%s\n", inv.Number, r.CustomerRef, r.CustomerName, inv.IssueDate.Format("fr"), inv.DueDate.Format("fr"), inv.Amount.Format("fr"))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func newBenchSendCmd(e *env) *cobra.Command {
	var n int
	var clean bool
	cmd := &cobra.Command{
		Use:     "send",
		Short:   "Send N e-mails through an SMTP catcher in the process (e-mails/s)",
		Example: `  relance --db sqlite:/tmp/bench.db bench send --emails 10000`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, co, done, err := benchSetup(ctx, e, clean)
			if err != nil {
				return err
			}
			defer done()
			c, err := catcher.Start("127.0.0.1:0")
			if err != nil {
				return err
			}
			defer c.Stop()
			if err := a.SetSMTPSettings(ctx, co, relmail.Settings{Host: "127.0.0.1", Port: c.Port(), TLS: "none", From: "bench@relance.example"}); err != nil {
				return err
			}
			day := civil.MustParse("2026-11-23")
			customers := max(1, n/5)
			if _, err := a.Store.ImportInvoices(ctx, co.ID, genInvoices(n, customers, day, 5), nil); err != nil {
				return err
			}
			// One reminder per invoice, queued as the run does.
			err = a.Store.InTx(ctx, func(q store.Queries) error {
				invs, err := q.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID})
				if err != nil {
					return err
				}
				for _, inv := range invs {
					act := dunning.Action{CustomerID: inv.CustomerID, Day: day, Channel: dunning.Email, Step: "relance-1", Phase: dunning.Level1,
						Template: "level1", Key: fmt.Sprintf("bench/%d", inv.ID), InvoiceNumbers: []string{inv.Number},
						Invoices: []dunning.ActionInvoice{{ID: inv.ID, Number: inv.Number, Step: "relance-1"}}}
					if _, err := q.RecordDecision(ctx, co.ID, 0, dunning.Decision{CustomerID: inv.CustomerID, Day: day, Actions: []dunning.Action{act}}, "bench"); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			start := time.Now()
			res, err := a.SendOutbox(ctx, app.SendOptions{CompanyID: co.ID, Composer: a.Composer(), Batch: 100})
			if err != nil {
				return err
			}
			d := time.Since(start)
			fmt.Fprintf(e.stdout, "database %s: sent %d e-mails (each rendered from its template with the statement PDF attached) in %.2fs: %.0f e-mails/s; the catcher received %d\n",
				a.Store.Dialect(), res.Sent, d.Seconds(), float64(res.Sent)/d.Seconds(), len(c.Messages()))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "emails", 1000, "e-mails to send")
	cmd.Flags().BoolVar(&clean, "cleanup", false, "remove the bench company afterwards")
	return cmd
}

func newBenchLettersCmd(e *env) *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:     "letters",
		Short:   "Render N formal notices to PDF, one file each and as one print file (letters/s)",
		Example: `  relance bench letters --letters 1000`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := render.Find(render.Defaults(), dunning.TemplateFormalNotice, "fr", dunning.RegisteredLetter)
			if err != nil {
				return err
			}
			var docs []letter.Document
			for i := 0; i < n; i++ {
				d := render.SampleData("fr")
				d.Customer.Ref = fmt.Sprintf("C%05d", i)
				m, err := render.Render(t, d)
				if err != nil {
					return err
				}
				docs = append(docs, *m.Letter)
			}
			start := time.Now()
			var size int
			for _, d := range docs {
				b, err := letter.PDF(d)
				if err != nil {
					return err
				}
				size += len(b)
			}
			each := time.Since(start)
			start = time.Now()
			all, err := letter.PDF(docs...)
			if err != nil {
				return err
			}
			combined := time.Since(start)
			fmt.Fprintf(e.stdout, "%d formal notices: one PDF each in %.2fs (%.0f letters/s, %s each); one print file in %.2fs (%.0f letters/s, %s)\n",
				n, each.Seconds(), float64(n)/each.Seconds(), mib(uint64(size/n)), combined.Seconds(), float64(n)/combined.Seconds(), mib(uint64(len(all))))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "letters", 1000, "letters to render")
	return cmd
}
