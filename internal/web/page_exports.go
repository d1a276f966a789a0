package web

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
)

// The downloads of the web application: the customers, invoices, payments and history as CSV
// or XLSX (links on the customers, invoices and customer pages), and the aging balance (on the
// dashboard, beside its chart). Any member of the company may download what the pages show.
func init() {
	addRoute("GET /c/{company}/exports/{kind}", func(s *Server) http.Handler { return s.page(auth.Viewer, s.exportFile) })
	for _, format := range []string{app.ExportXLSX, app.ExportCSV} {
		addRoute("GET /c/{company}/reports/aging."+format, func(s *Server) http.Handler {
			return s.page(auth.Viewer, func(w http.ResponseWriter, r *http.Request) error { return s.agingFile(w, r, format) })
		})
	}
	addFR(map[string]string{
		"Export CSV": "Exporter CSV", "Export XLSX": "Exporter XLSX", "Payments": "Règlements",
		"unknown format: want csv or xlsx":              "format inconnu : csv ou xlsx",
		"a customer applies to the history export only": "un client ne s'applique qu'à l'export de l'historique",
		"the date must be a day written yyyy-mm-dd":     "la date doit être un jour écrit aaaa-mm-jj",
	})
}

// exportFile downloads /c/{company}/exports/{kind}?format=csv|xlsx[&customer=REF]: an unknown
// kind is no page (404), an unknown format a bad request (400), and a customer not the
// company's is not found, as its page would be.
func (s *Server) exportFile(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	q := r.URL.Query()
	opts := app.ExportOptions{Kind: r.PathValue("kind"), Format: q.Get("format"), Customer: q.Get("customer")}
	if !slices.Contains(exportKinds, opts.Kind) {
		return notFound()
	}
	if opts.Format == "" {
		opts.Format = app.ExportCSV
	}
	if opts.Format != app.ExportCSV && opts.Format != app.ExportXLSX {
		return badRequest("unknown format: want csv or xlsx")
	}
	if opts.Customer != "" {
		if opts.Kind != app.ExportHistory {
			return badRequest("a customer applies to the history export only")
		}
		cu, err := s.app.Store.CustomerByRef(r.Context(), co.ID, opts.Customer)
		if err != nil {
			return err // store.ErrNotFound: 404
		}
		opts.Customer = cu.Ref
	}
	d, err := exportAttachment(r.Context(), s.app, co, opts)
	if err != nil {
		return err
	}
	defer d.close()
	d.send(w)
	return nil
}

// agingFile downloads the aging balance on ?date= (today by default) in the page's language.
func (s *Server) agingFile(w http.ResponseWriter, r *http.Request, format string) error {
	co := companyOf(r)
	day := s.app.Today(co)
	if v := r.URL.Query().Get("date"); v != "" {
		var err error
		if day, err = civil.Parse(v); err != nil {
			return badRequest("the date must be a day written yyyy-mm-dd")
		}
	}
	d, err := agingAttachment(r.Context(), s.app, co, day, format, langOf(r))
	if err != nil {
		return err
	}
	defer d.close()
	d.send(w)
	return nil
}
