package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
)

// The exports as files, for an integration that wants what `relance export` and `relance
// report aging --format csv|xlsx` write rather than JSON pages. Each kind is its own route, so
// that each documents and takes exactly its own parameters (the customer for the history
// only). The aging files are routes of their own beside the JSON report, so that an
// operation answers one kind of body: the JSON one always answers JSON.
func init() {
	const c = "/companies/{company}"
	for _, kind := range exportKinds {
		addAPI("GET", c+"/exports/"+kind, auth.Viewer, func(h *apiHandler, w http.ResponseWriter, r *http.Request) error {
			return h.export(w, r, kind)
		})
	}
	for _, format := range []string{app.ExportXLSX, app.ExportCSV} {
		addAPI("GET", c+"/reports/aging."+format, auth.Viewer, func(h *apiHandler, w http.ResponseWriter, r *http.Request) error {
			return h.agingFile(w, r, format)
		})
	}
}

// export answers ?format=csv (the default) or xlsx. ?customer= limits the history to one
// customer; an unknown reference is the query's fault (400), as in every list's filter.
func (h *apiHandler) export(w http.ResponseWriter, r *http.Request, kind string) error {
	names := []string{"format"}
	if kind == app.ExportHistory {
		names = append(names, "customer")
	}
	p := readParams(r, names...)
	opts := app.ExportOptions{Kind: kind, Format: p.oneOf("format", app.ExportCSV, app.ExportCSV, app.ExportXLSX), Customer: p.str("customer")}
	if p.err != nil {
		return p.err
	}
	if _, err := h.customerFilter(r, opts.Customer); err != nil {
		return err
	}
	d, err := exportAttachment(r.Context(), h.app, companyOf(r), opts)
	if err != nil {
		return err
	}
	defer d.close()
	d.send(w)
	return nil
}

// agingFile answers the aging balance on ?date= (today by default) in ?lang= (the caller's
// language by default: the user's, else Accept-Language).
func (h *apiHandler) agingFile(w http.ResponseWriter, r *http.Request, format string) error {
	co := companyOf(r)
	p := readParams(r, "date", "lang")
	day, lang := p.date("date"), p.oneOf("lang", langOf(r), "fr", "en")
	if p.err != nil {
		return p.err
	}
	if day.IsZero() {
		day = h.app.Today(co)
	}
	d, err := agingAttachment(r.Context(), h.app, co, day, format, lang)
	if err != nil {
		return err
	}
	defer d.close()
	d.send(w)
	return nil
}
