package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web"
)

func init() { benchCommands = append(benchCommands, newBenchServeCmd) }

// benchCommands are bench subcommands defined outside bench.go.
var benchCommands []func(*env) *cobra.Command

// newBenchServeCmd prepares a big company (N open invoices, a run done so that the worklist and
// the outbox are full) and serves it, printing the session cookie and the URLs a load tool
// should hit: scripts/loadtest drives it with wrk from another process.
func newBenchServeCmd(e *env) *cobra.Command {
	var invoices, customers int
	var addr, reuse string
	cmd := &cobra.Command{
		Use:     "serve",
		Short:   "Serve a generated company of N invoices for a load test (see scripts/loadtest)",
		Example: `  relance --db sqlite:/tmp/load.db bench serve --invoices 1000000 --customers 100000 --addr 127.0.0.1:18181`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := e.open(ctx)
			if err != nil {
				return err
			}
			defer a.Store.Close()
			co, err := benchServeCompany(ctx, a, e, reuse, invoices, customers)
			if err != nil {
				return err
			}
			const pw = "bench-password-load"
			if _, _, err := a.AddUser(ctx, co, "load@bench.example", "Load", pw, auth.Collector); err != nil {
				return err
			}
			// A customer with several invoices and a call on the worklist: the customer page to load.
			calls, err := a.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Limit: 1, Channels: []dunning.Channel{dunning.Call}})
			if err != nil || len(calls) == 0 {
				return fmt.Errorf("no call on the worklist after the run: %v", err)
			}
			srv, err := web.New(a, slog.New(slog.DiscardHandler), web.Config{Addr: addr, Composer: a.Composer()})
			if err != nil {
				return err
			}
			defer profile()() // --cpuprofile: the serving, until interrupted
			// The ready callback runs before the server accepts requests: log in from another
			// goroutine once it does.
			return srv.ListenAndServe(ctx, func(bound string) {
				go func() {
					base := "http://" + bound
					cookie, err := loginCookie(base, "load@bench.example", pw)
					if err != nil {
						fmt.Fprintln(e.stdout, "FAILED login:", err)
						return
					}
					c := base + "/c/" + co.Slug
					fmt.Fprintf(e.stdout, "READY\nCOMPANY %s\nCOOKIE %s\nURL dashboard %s/\nURL customer %s/customers/%s\nURL worklist %s/worklist\n",
						co.Slug, cookie, c, c, url.PathEscape(calls[0].CustomerRef), c)
				}()
			})
		},
	}
	cmd.Flags().IntVar(&invoices, "invoices", 1_000_000, "open invoices")
	cmd.Flags().IntVar(&customers, "customers", 100_000, "customers")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:18181", "address to serve on")
	cmd.Flags().StringVar(&reuse, "company", "", "serve this bench company of an earlier bench serve as it is, without generating one")
	return cmd
}

// benchServeCompany is the company to serve: an earlier one named by --company, else a new
// one with its invoices loaded and the day run.
func benchServeCompany(ctx context.Context, a *app.App, e *env, reuse string, invoices, customers int) (receivable.Company, error) {
	if reuse != "" {
		return a.Store.CompanyBySlug(ctx, reuse)
	}
	co, err := benchCompany(ctx, a)
	if err != nil {
		return co, err
	}
	day := civil.Today(e.now(), app.Location(co))
	start := time.Now()
	if _, err := a.Store.ImportInvoices(ctx, co.ID, genInvoices(invoices, customers, day, 1), nil); err != nil {
		return co, err
	}
	fmt.Fprintf(e.stderr, "loaded %d invoices in %.1fs; running the day…\n", invoices, time.Since(start).Seconds())
	start = time.Now()
	res, err := a.Run(ctx, co, app.RunOptions{Day: day})
	if err != nil {
		return co, err
	}
	fmt.Fprintf(e.stderr, "run: %d actions in %.1fs\n", res.Actions, time.Since(start).Seconds())
	return co, nil
}

// loginCookie logs in through the login form and returns the session cookie.
func loginCookie(base, email, password string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "relance_session" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("no session cookie (status %d)", resp.StatusCode)
}
