package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/auth"
)

func init() {
	addAPI("GET", "/companies", auth.Viewer, (*apiHandler).listCompanies)
}

// apiCompany is a company the caller may work on, and their role there.
type apiCompany struct {
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Role     auth.Role `json:"role"`
	Currency string    `json:"currency"`
}

// listCompanies tells an integration which companies its credentials reach: an API token
// reaches its one company, a session every company of its user. It is how a client finds
// the {company} of the other routes.
func (h *apiHandler) listCompanies(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, "limit", "offset")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	var out []apiCompany
	for _, m := range membershipsOf(r) {
		co, err := h.app.Store.Company(r.Context(), m.CompanyID)
		if err != nil {
			return err
		}
		out = append(out, apiCompany{Slug: co.Slug, Name: co.DisplayName(), Role: m.Role, Currency: co.Currency})
	}
	return writeList(w, r, pg, pageOf(out, pg))
}
