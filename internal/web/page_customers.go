package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"Reference or name": "Référence ou nom", "All profiles": "Tous les profils", "All collectors": "Tous les gestionnaires",
		"At least": "Au moins", "days late": "jours de retard", "Sort": "Tri", "Name": "Nom", "Reference": "Référence",
		"Most overdue": "Plus gros échu", "Largest balance": "Plus gros encours", "Oldest": "Plus ancien retard",
		"Collector": "Gestionnaire", "Invoices open": "Factures ouvertes", "No customer matches.": "Aucun client ne correspond.",
		"Contacts": "Contacts", "Open invoices": "Factures ouvertes", "Timeline": "Historique", "Number": "Numéro",
		"Issued": "Émise le", "Due": "Échéance", "Amount": "Montant", "Role": "Rôle", "Phone": "Téléphone",
		"unblocks payment": "débloque le paiement", "undeliverable": "adresse en échec", "paused until": "en pause jusqu'au",
		"Credit limit": "Encours autorisé", "Payment terms": "Délai de paiement", "Policy": "Scénario",
		"No open invoice.": "Aucune facture ouverte.", "Nothing yet.": "Rien pour l'instant.", "Kind": "Type",
		"Status": "Statut", "Step": "Étape", "Channel": "Canal", "Day": "Jour", "Actions": "Actions",
	})
}

var sorts = []struct{ Key, Label string }{{"name", "Name"}, {"ref", "Reference"}, {"overdue", "Most overdue"}, {"open", "Largest balance"}, {"late", "Oldest"}}

type customersData struct {
	Q        store.CustomerQuery
	Late     int
	List     []store.CustomerSummary
	Profiles []receivable.Profile
	Sorts    []struct{ Key, Label string }
	Prev     string
	Next     string
}

const pageSize = 50

func (s *Server) customersPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	q := r.URL.Query()
	cq := store.CustomerQuery{CompanyID: co.ID, Search: q.Get("q"), Collector: q.Get("collector"), Sort: q.Get("sort"),
		Day: s.app.Today(co), Limit: pageSize + 1}
	if cq.Sort == "" {
		cq.Sort = "overdue"
	}
	if p, err := receivable.ParseProfile(q.Get("profile")); err == nil {
		cq.Profile = p
	}
	cq.MinDaysLate, _ = strconv.Atoi(q.Get("late"))
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	cq.Offset = (page - 1) * pageSize
	list, err := s.app.Store.ListCustomers(r.Context(), cq)
	if err != nil {
		return err
	}
	d := customersData{Q: cq, Late: cq.MinDaysLate, Profiles: receivable.Profiles, Sorts: sorts}
	if len(list) > pageSize {
		list = list[:pageSize]
		d.Next = pageLink(r, page+1)
	}
	if page > 1 {
		d.Prev = pageLink(r, page-1)
	}
	d.List = list
	s.render(w, r, "customers", d)
	return nil
}

func pageLink(r *http.Request, page int) string {
	q := r.URL.Query()
	q.Del("flash") // said once, on the page it came back to
	q.Set("page", strconv.Itoa(page))
	return r.URL.Path + "?" + q.Encode()
}

type customerData struct {
	Customer receivable.Customer
	Contacts []receivable.Contact
	Invoices []receivable.Invoice
	Open     money.Cents
	Overdue  money.Cents
	Actions  []store.ActionRecord
	Events   []store.Event
	Day      any
	Extra    map[string]any // filled by the files that add sections to the customer page
}

// customerSections lets other page files add data to the customer page (the statement with
// penalties, the disputes and promises…) without editing this file.
var customerSections []func(s *Server, r *http.Request, cu receivable.Customer, d *customerData) error

func (s *Server) customerPage(w http.ResponseWriter, r *http.Request) error {
	return s.keptPage(w, r, "customer", "customer/"+r.PathValue("ref"), func() (any, error) { return s.customerData(r) })
}

// customerData reads what the customer page shows.
func (s *Server) customerData(r *http.Request) (customerData, error) {
	co := companyOf(r)
	ctx := r.Context()
	cu, err := s.app.Store.CustomerByRef(ctx, co.ID, r.PathValue("ref"))
	if err != nil {
		return customerData{}, err
	}
	day := s.app.Today(co)
	d := customerData{Customer: cu, Day: day, Extra: map[string]any{}}
	if d.Contacts, err = s.app.Store.Contacts(ctx, co.ID, cu.ID); err != nil {
		return d, err
	}
	if d.Invoices, err = s.app.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true}); err != nil {
		return d, err
	}
	for _, inv := range d.Invoices {
		d.Open += inv.Open()
		if inv.DaysLate(day) > 0 {
			d.Overdue += inv.Open()
		}
	}
	if d.Actions, err = s.app.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, CustomerID: cu.ID, Limit: 200}); err != nil {
		return d, err
	}
	if d.Events, err = s.app.Store.Events(ctx, co.ID, cu.ID, 200); err != nil {
		return d, err
	}
	for _, f := range customerSections {
		if err := f(s, r, cu, &d); err != nil && !errors.Is(err, store.ErrNotFound) {
			return d, err
		}
	}
	return d, nil
}

// statusOK lists the statuses a collector can mark done from a page.
var statusOK = []dunning.Status{dunning.StatusQueued}
