package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// The invoice list: open, overdue or all, by due date; a search finds an invoice by its
// number, or the invoices of the customers whose reference or name matches.
func init() {
	addRoute("GET /c/{company}/invoices", func(s *Server) http.Handler { return s.page(auth.Viewer, s.invoicesPage) })
	addFR(map[string]string{
		"Number, customer reference or name": "Numéro, référence ou nom du client", "No invoice matches.": "Aucune facture ne correspond.",
		"Open invoices": "Factures ouvertes", "Overdue invoices": "Factures échues", "All invoices": "Toutes les factures",
	})
}

var invoiceTabs = []formChoice{{"open", "Open invoices"}, {"overdue", "Overdue invoices"}, {"all", "All invoices"}}

// searchCustomers is how many customers a search looks into: enough for a name shared by a
// few, few enough that the page stays quick.
const searchCustomers = 20

type invoiceRow struct {
	receivable.Invoice
	CustomerName string
	DaysLateOn   int
}

type invoicesView struct {
	Status string
	Q      string
	Tabs   []formChoice
	List   []invoiceRow
	Prev   string
	Next   string
}

func (s *Server) invoicesPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	q := r.URL.Query()
	v := invoicesView{Status: q.Get("status"), Q: strings.TrimSpace(q.Get("q")), Tabs: invoiceTabs}
	if !slices.ContainsFunc(invoiceTabs, func(t formChoice) bool { return t.Code == v.Status }) {
		v.Status = "open"
	}
	day := s.app.Today(co)
	iq := store.InvoiceQuery{CompanyID: co.ID, OpenOnly: v.Status == "open"}
	if v.Status == "overdue" {
		iq.OverdueOn = day
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	offset := (page - 1) * pageSize
	var list []receivable.Invoice
	var err error
	if v.Q == "" {
		iq.Limit, iq.Offset = pageSize+1, offset
		list, err = s.app.Store.ListInvoices(ctx, iq)
	} else {
		list, err = s.searchInvoices(ctx, co, iq, v.Q, offset+pageSize+1)
		list = list[min(offset, len(list)):]
	}
	if err != nil {
		return err
	}
	if len(list) > pageSize {
		list, v.Next = list[:pageSize], pageLink(r, page+1)
	}
	if page > 1 {
		v.Prev = pageLink(r, page-1)
	}
	names := map[int64]string{}
	for _, inv := range list {
		name, ok := names[inv.CustomerID]
		if !ok {
			cu, err := s.app.Store.Customer(ctx, co.ID, inv.CustomerID)
			if err != nil {
				return err
			}
			name, names[inv.CustomerID] = cu.Name, cu.Name
		}
		v.List = append(v.List, invoiceRow{Invoice: inv, CustomerName: name, DaysLateOn: inv.DaysLate(day)})
	}
	s.render(w, r, "invoices", v)
	return nil
}

// searchInvoices returns the first limit invoices matching the search, in the list's order
// (due date, then number): the invoice of that number, and those of the matching customers.
// Each customer's list is in that order already, so merging the first limit of each is exact.
func (s *Server) searchInvoices(ctx context.Context, co receivable.Company, iq store.InvoiceQuery, search string, limit int) ([]receivable.Invoice, error) {
	var out []receivable.Invoice
	inv, err := s.app.Store.InvoiceByNumber(ctx, co.ID, receivable.KindInvoice, search)
	switch {
	case err == nil:
		if !iq.OpenOnly && iq.OverdueOn.IsZero() || inv.IsOpen() && (iq.OverdueOn.IsZero() || inv.DueDate.Before(iq.OverdueOn)) {
			out = append(out, inv)
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	customers, err := s.app.Store.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Search: search, Sort: "ref", Limit: searchCustomers})
	if err != nil {
		return nil, err
	}
	for _, cu := range customers {
		q := iq
		q.CustomerID, q.Limit = cu.ID, limit
		list, err := s.app.Store.ListInvoices(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, l := range list {
			if l.ID != inv.ID {
				out = append(out, l)
			}
		}
	}
	slices.SortFunc(out, func(a, b receivable.Invoice) int {
		if c := a.DueDate.Compare(b.DueDate); c != 0 {
			return c
		}
		return strings.Compare(a.Number, b.Number)
	})
	return out[:min(limit, len(out))], nil
}
