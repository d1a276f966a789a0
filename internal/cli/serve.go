package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/demo"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/catcher"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/web"
)

func init() { register(newServeCmd) }

// Demo credentials, printed by serve --demo and shown on its login page.
const (
	demoEmail    = "demo@relance.example"
	demoPassword = "demo-relance"
)

func newServeCmd(e *env) *cobra.Command {
	var addr, runAt, logLevel string
	var sendEvery time.Duration
	var demoMode, secure, noBackground bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web application and the JSON API, and do the daily work in the background",
		Long: `Serves the web application for the collectors and the JSON API under /api/v1, and runs the
background work: the daily run of every company at --run-at (in the company's time zone; a
day missed while the server was down is caught up at start-up) and the sending of the outbox
every --send-every. Several servers may share one PostgreSQL database: they divide the run
and the sending between them, and nothing is done twice.

--demo starts on a fresh embedded database with the demo data, a demo user, and an SMTP
catcher inside the process: e-mails go nowhere but to the "Demo mailbox" page.

/healthz answers "ok" when the database does; /metrics is for Prometheus.`,
		Example: `  relance serve --demo
  relance --db postgres://relance@db/relance serve --addr :8080 --secure-cookies`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return usageError{fmt.Errorf("--log-level: %w", err)}
			}
			log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
			runHour, runMin, err := parseClock(runAt)
			if err != nil {
				return usageError{err}
			}
			var demoCfg *web.Demo
			var mailbox *catcher.Catcher
			if demoMode {
				dir, err := os.MkdirTemp("", "relance-demo-")
				if err != nil {
					return err
				}
				e.dbURL = "sqlite:" + filepath.Join(dir, "demo.db")
				if mailbox, err = catcher.Start("127.0.0.1:0"); err != nil {
					return err
				}
				defer mailbox.Stop()
			}
			a, err := e.open(ctx)
			if err != nil {
				return err
			}
			defer a.Store.Close()
			a.Log = log
			if demoMode {
				if demoCfg, err = setUpDemo(ctx, e, a, mailbox); err != nil {
					return err
				}
			}
			srv, err := web.New(a, log, web.Config{Addr: addr, Secure: secure, Demo: demoCfg, Composer: a.Composer()})
			if err != nil {
				return err
			}
			var wg sync.WaitGroup
			if !noBackground {
				wg.Go(func() { dailyRuns(ctx, a, runHour, runMin, srv.Changed) })
				wg.Go(func() { sendLoop(ctx, a, sendEvery) })
			}
			err = srv.ListenAndServe(ctx, func(bound string) {
				fmt.Fprintf(e.stdout, "relance is serving on http://%s (database %s)\n", bound, e.dbURL)
				if demoCfg != nil {
					fmt.Fprintf(e.stdout, "Demo: log in as %s with the password %s\n", demoEmail, demoPassword)
					fmt.Fprintf(e.stdout, "Demo e-mails go to an SMTP catcher on %s, shown on the Demo mailbox page.\n", mailbox.Addr())
				}
			})
			wg.Wait()
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.BoolVar(&demoMode, "demo", false, "start on a fresh embedded database with demo data and a demo user")
	f.StringVar(&runAt, "run-at", "07:00", "hour of the daily run, in each company's time zone")
	f.DurationVar(&sendEvery, "send-every", time.Minute, "how often the outbox is sent")
	f.BoolVar(&secure, "secure-cookies", false, "mark the session cookie Secure (serve over HTTPS, directly or behind a proxy)")
	f.BoolVar(&noBackground, "no-background", false, "serve only: no daily run, no sending (another process does them)")
	f.StringVar(&logLevel, "log-level", "info", "debug, info, warn or error")
	return cmd
}

func parseClock(s string) (int, int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, fmt.Errorf("--run-at %q: want HH:MM", s)
	}
	return t.Hour(), t.Minute(), nil
}

// setUpDemo loads the demo data, adds the demo user, points SMTP to the catcher and runs the
// day, so that the worklist, the outbox and the mailbox have something to show.
func setUpDemo(ctx context.Context, e *env, a *app.App, mailbox *catcher.Catcher) (*web.Demo, error) {
	day := civil.Today(e.now(), app.Location(demo.Generate(demo.Options{Customers: 1}).Company))
	sum, err := demo.Load(ctx, a.Store, demo.Generate(demo.Options{Seed: 1, Customers: 80, Today: day}))
	if err != nil {
		return nil, err
	}
	co := sum.Company
	if _, _, err := a.AddUser(ctx, co, demoEmail, "Claire (démo)", demoPassword, auth.Admin); err != nil {
		return nil, err
	}
	if err := a.SetSMTPSettings(ctx, co, relmail.Settings{Host: "127.0.0.1", Port: mailbox.Port(), TLS: "none",
		From: "Imprimerie Lemoine — Recouvrement <recouvrement@imprimerie-lemoine.example>"}); err != nil {
		return nil, err
	}
	// The ECB rate of the second half of 2026 was not confirmed when relance shipped (see
	// relance rates list); the demo assumes it unchanged, as a user would after checking.
	if rate, err := money.ParseRate("2.15"); err == nil {
		a.SetRate(ctx, co, penalty.Entry{Series: penalty.ECBMRO, Semester: penalty.Semester{Year: 2026, Half: 2}, Rate: rate,
			Source: "hypothèse de la démonstration : taux inchangé depuis le 11 juin 2025 — à vérifier sur ecb.europa.eu"}, "demo")
	}
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		return nil, err
	}
	return &web.Demo{Email: demoEmail, Password: demoPassword, Mailbox: func() []web.DemoMail {
		var out []web.DemoMail
		for _, m := range mailbox.Messages() {
			out = append(out, web.DemoMail{At: m.At, To: strings.Join(m.To, ", "), Subject: m.Subject, Body: string(m.Raw)})
		}
		return out
	}}, nil
}

// dailyRuns runs each company's day once the run hour has passed in its time zone, checking
// every minute; a day not run yet (the server was down at the hour) is run at start-up. changed
// is told of each company run, whose pages kept in memory are then read again.
func dailyRuns(ctx context.Context, a *app.App, hour, minute int, changed func(companyID int64)) {
	done := map[int64]civil.Date{}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		companies, err := a.Store.ListCompanies(ctx)
		if err != nil && ctx.Err() == nil {
			a.Log.Error("daily run: list companies", "error", err)
		}
		for _, co := range companies {
			now := a.Now().In(app.Location(co))
			day := civil.Of(now)
			if done[co.ID] == day || now.Hour()*60+now.Minute() < hour*60+minute {
				continue
			}
			start := time.Now()
			res, err := a.Run(ctx, co, app.RunOptions{Day: day})
			if err != nil {
				a.Log.Error("daily run failed", "company", co.Slug, "error", err)
				continue
			}
			done[co.ID] = day
			changed(co.ID)
			web.RunDuration.WithLabelValues(co.Slug).Observe(time.Since(start).Seconds())
			web.RunActions.WithLabelValues(co.Slug).Add(float64(res.Actions))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sendLoop sends the outbox every interval until ctx ends.
func sendLoop(ctx context.Context, a *app.App, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		res, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()})
		switch {
		case err != nil && ctx.Err() == nil:
			a.Log.Error("sending failed", "error", err)
		case err == nil:
			web.EmailsSent.Add(float64(res.Sent))
			web.SendFailures.WithLabelValues("permanent").Add(float64(res.Failed))
			web.SendFailures.WithLabelValues("temporary").Add(float64(res.Retried))
			for _, w := range res.Waiting {
				a.Log.Warn("e-mails waiting", "reason", w)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
