package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

// logIn logs in through the login page as a user does: the application sends a visitor
// without a session there, and the form sends them on to their company's dashboard.
func (p *tab) logIn(email, password string) {
	p.t.Helper()
	p.open("/")
	if loc := p.location(); !strings.HasPrefix(loc, "/login") {
		p.t.Fatalf("without a session, / shows %s, not the login page", loc)
	}
	p.typeIn(`input[name=email]`, email)
	p.typeIn(`input[name=password]`, password)
	p.follow("submit the login form", `form[action="/login"] button[type=submit]`)
}

// cards reads the figure cards of a page (.cards .card): the caption of each, in lower case
// (the style shows it in capitals), then its figure.
func (p *tab) cards(css string) map[string]string {
	p.t.Helper()
	keys, values := p.texts(css+" .card .k"), p.texts(css+" .card .v")
	if len(keys) != len(values) {
		p.t.Fatalf("cards %s: %d captions for %d figures", css, len(keys), len(values))
	}
	out := map[string]string{}
	for i, k := range keys {
		out[strings.ToLower(k)] = values[i]
	}
	return out
}

func TestACollectorLogsInAndTheDashboardShowsTheCompanysFigures(t *testing.T) {
	s := startServer(t)
	p := newTab(t, s.URL)
	ctx := context.Background()

	// A mistyped password keeps the collector on the login page, with a message.
	p.open("/")
	p.typeIn(`input[name=email]`, collectorEmail)
	p.typeIn(`input[name=password]`, "correct horse battery stapel")
	if code := p.follow("submit a wrong password", `form[action="/login"] button[type=submit]`); code != 401 {
		t.Errorf("a wrong password answers %d, want 401", code)
	}
	if msg := p.text(`.login .error[role=alert]`); msg != "e-mail ou mot de passe incorrect" {
		t.Errorf("the login page says %q after a wrong password", msg)
	}
	if v := p.value(`input[name=email]`); v != collectorEmail {
		t.Errorf("the e-mail typed is not kept: %q", v)
	}

	p.logIn(collectorEmail, collectorPassword)
	if loc := p.location(); loc != "/c/"+s.co.Slug+"/" {
		t.Fatalf("after logging in the collector is on %s, not the dashboard", loc)
	}
	if h1 := p.text("main h1"); h1 != "Tableau de bord · "+s.co.Name {
		t.Errorf("the dashboard's title is %q", h1)
	}

	// The figures are the company's, as the aging report computes them.
	aging, err := s.app.AgingReport(ctx, s.co, day)
	if err != nil {
		t.Fatal(err)
	}
	cards := p.cards("main > .cards")
	if got, want := cards["encours clients"], squash(aging.TotalOpen.FormatCurrency("EUR", "fr")); got != want {
		t.Errorf("receivables: the dashboard shows %q, the aging report says %q (cards %q)", got, want, cards)
	}
	if got, want := cards["échu"], squash(aging.TotalOverdue.FormatCurrency("EUR", "fr")); got != want {
		t.Errorf("overdue: the dashboard shows %q, the aging report says %q", got, want)
	}
	held, err := s.st.ListOutbox(ctx, store.OutboxQuery{CompanyID: s.co.ID, Statuses: []string{store.OutboxHeld}})
	if err != nil {
		t.Fatal(err)
	}
	work := p.cards("main .panel .cards")
	if got := work["validations en attente"]; got != strconv.Itoa(len(held)) || len(held) == 0 {
		t.Errorf("approvals waiting: the dashboard shows %q, the outbox holds %d", got, len(held))
	}
	if bars := len(p.texts(`main section.panel svg rect`)); bars != len(aging.Buckets) {
		t.Errorf("the aging chart has %d bars for %d buckets", bars, len(aging.Buckets))
	}

	// The most overdue customer comes first, with its overdue amount.
	top, err := s.st.ListCustomers(ctx, store.CustomerQuery{CompanyID: s.co.ID, Day: day, Sort: "overdue", Limit: 1})
	if err != nil || len(top) == 0 {
		t.Fatalf("the most overdue customer: %v", err)
	}
	rows := p.table(`main section.panel table tbody tr`)
	if len(rows) == 0 {
		t.Fatal("the dashboard lists no overdue customer")
	}
	if !strings.HasPrefix(rows[0][0], top[0].Name) || rows[0][3] != squash(top[0].Overdue.Format("fr")) {
		t.Errorf("the first overdue customer shown is %q, want %s with %s overdue", rows[0], top[0].Name, top[0].Overdue.Format("fr"))
	}
}
