package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/auth"
)

// routes wires every path. Pages are GET for reading (viewer) and POST for changing
// (collector or admin, as each says); http.CrossOriginProtection refuses cross-site POSTs.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", serveStatic())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", metricsHandler())
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.HandleFunc("POST /logout", s.logoutSubmit)
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /switch", s.switchCompany)

	const v, c, a = auth.Viewer, auth.Collector, auth.Admin
	mux.Handle("GET /c/{company}/{$}", s.page(v, s.dashboardPage))
	mux.Handle("GET /c/{company}/customers", s.page(v, s.customersPage))
	mux.Handle("GET /c/{company}/customers/{ref}", s.page(v, s.customerPage))
	mux.Handle("GET /c/{company}/worklist", s.page(v, s.worklistPage))
	mux.Handle("GET /c/{company}/outbox", s.page(v, s.outboxPage))
	mux.Handle("POST /c/{company}/outbox/{id}/approve", s.page(c, s.outboxApprove))
	mux.Handle("POST /c/{company}/outbox/{id}/reject", s.page(c, s.outboxReject))
	mux.Handle("POST /c/{company}/outbox/{id}/retry", s.page(c, s.outboxRetry))
	mux.Handle("POST /c/{company}/actions/{id}/done", s.page(c, s.actionDone))
	mux.Handle("POST /c/{company}/actions/{id}/approve", s.page(c, s.actionApprove))
	mux.Handle("POST /c/{company}/actions/{id}/reject", s.page(c, s.actionReject))
	_ = a
	for _, r := range extraRoutes {
		mux.Handle(r.pattern, r.handler(s))
	}

	var h http.Handler = mux
	h = negotiateLang(h)
	h = s.loadIdentity(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	h = cop.Handler(h)
	h = secureHeaders(h)
	h = s.logRequests(h)
	return h
}

// extraRoutes lets each page or API file add its routes in an init function.
var extraRoutes []route

type route struct {
	pattern string
	handler func(s *Server) http.Handler
}

func addRoute(pattern string, h func(s *Server) http.Handler) {
	extraRoutes = append(extraRoutes, route{pattern, h})
}
