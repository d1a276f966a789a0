// Package web serves relance's web application and its JSON API on the standard library's
// ServeMux: server-rendered pages (one file per page, page_*.go), the API under /api/v1
// (api_*.go), sessions, cross-origin protection and company scoping. Errors become HTTP
// statuses here, at the edge, and nowhere else.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/app"
)

// Config is what the server needs to start.
type Config struct {
	Addr string
	// Secure marks the session cookie Secure: set it when relance is served over HTTPS
	// (directly or behind a proxy).
	Secure bool
	// SessionTTL is how long a session lives without activity; 12 hours by default.
	SessionTTL time.Duration
	// Demo, when set, is shown on the login page and in the navigation (the demo mailbox).
	Demo *Demo
	// Composer renders outgoing messages (for previews and "send a statement now").
	Composer app.Composer
}

// Demo describes the demo mode: its login and the SMTP catcher its e-mails go to.
type Demo struct {
	Email, Password string
	Mailbox         func() []DemoMail
}

// DemoMail is an e-mail caught by the demo's SMTP catcher.
type DemoMail struct {
	At      time.Time
	To      string
	Subject string
	Body    string
}

// Server is the web application.
type Server struct {
	cfg     Config
	app     *app.App
	log     *slog.Logger
	tmpl    *templates
	logins  *limiter
	dash    *dashCache
	content *contentCache
	mu      sync.Mutex
	handler http.Handler
}

// New builds the server and parses its templates (a broken template fails here, not at the
// first request).
func New(a *app.App, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, app: a, log: log, tmpl: t, logins: newLimiter(5, time.Minute), dash: newDashCache(time.Minute), content: newContentCache(15 * time.Second)}
	s.handler = s.routes()
	return s, nil
}

// Handler is the whole application, with its middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// ListenAndServe serves until ctx is cancelled, then shuts down gracefully: requests in flight
// get ten seconds to finish.
func (s *Server) ListenAndServe(ctx context.Context, ready func(addr string)) error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	go s.warmDashboards(ctx)
	if ready != nil {
		ready(l.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Changed says a company's data changed outside the web application's handlers (the daily run
// of relance serve): its dashboard and the pages kept are read again.
func (s *Server) Changed(companyID int64) { s.dash.invalidate(companyID) }

// warmDashboards computes every company's dashboard as the server starts, so that the first
// visitor of a large portfolio does not wait for its figures.
func (s *Server) warmDashboards(ctx context.Context) {
	cos, err := s.app.Store.ListCompanies(ctx)
	if err != nil {
		s.log.Warn("dashboards not computed in advance", "err", err)
		return
	}
	for _, co := range cos {
		if _, err := s.dash.get(ctx, co.ID, func(ctx context.Context) (*dashboard, error) { return s.computeDashboard(ctx, co) }); err != nil && ctx.Err() == nil {
			s.log.Warn("dashboard not computed in advance", "company", co.Slug, "err", err)
		}
	}
}
