package e2e

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
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

// panelRows is the text of the cells of the table rows in the page's panel titled title
// (section.panel with that h2).
func (p *tab) panelRows(title string) [][]string {
	p.t.Helper()
	raw := run(p, "read the panel "+title, chromedp.Evaluate[[][]string](fmt.Sprintf(`(() => {
		const s = Array.from(document.querySelectorAll("main section.panel")).find(s => s.querySelector("h2") && s.querySelector("h2").innerText.trim().toLowerCase().startsWith(%q));
		if (!s) return null;
		return Array.from(s.querySelectorAll("table tbody tr"), r => Array.from(r.cells, c => c.innerText));
	})()`, strings.ToLower(title))))
	if raw == nil {
		p.t.Fatalf("the page has no panel %q", title)
	}
	for _, r := range raw {
		for i, s := range r {
			r[i] = squash(s)
		}
	}
	return raw
}

// overdueCustomer is the most overdue customer with at least two open invoices and a
// contact reminders can be e-mailed to, with its contacts and open invoices.
func (s *server) overdueCustomer(t *testing.T) (store.CustomerSummary, receivable.Contact, []receivable.Invoice) {
	t.Helper()
	ctx := context.Background()
	list, err := s.st.ListCustomers(ctx, store.CustomerQuery{CompanyID: s.co.ID, Day: day, Sort: "overdue", Limit: 30})
	if err != nil {
		t.Fatal(err)
	}
	for _, cu := range list {
		contacts, err := s.st.Contacts(ctx, s.co.ID, cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		invs, err := s.st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: s.co.ID, CustomerID: cu.ID, OpenOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := receivable.DunningContact(contacts); ok && c.Email != "" && c.Undeliverable == "" && len(invs) >= 2 && cu.Overdue > 0 {
			return cu, c, invs
		}
	}
	t.Fatal("the demo data has no overdue customer with an e-mail contact and two open invoices")
	return store.CustomerSummary{}, receivable.Contact{}, nil
}

// searchCustomers searches the customers list as a collector does, from the navigation.
func (p *tab) searchCustomers(s *server, term string) {
	p.t.Helper()
	p.follow("open the customers list", `nav.side a[href="/c/`+s.co.Slug+`/customers"]`)
	p.typeIn(`form.toolbar input[name=q]`, term)
	p.follow("search", `form.toolbar button[type=submit]`)
}

// openCustomer finds a customer by a word of its name and opens its page.
func (p *tab) openCustomer(s *server, cu receivable.Customer) {
	p.t.Helper()
	p.searchCustomers(s, searchTerm(p.t, cu.Name))
	p.follow("open the customer "+cu.Ref, `main table a[href="/c/`+s.co.Slug+`/customers/`+cu.Ref+`"]`)
	if h1 := p.text("main h1"); !strings.HasPrefix(h1, cu.Name+" · "+cu.Ref) {
		p.t.Fatalf("the customer page's title is %q, want %s · %s", h1, cu.Name, cu.Ref)
	}
}

func TestACollectorSearchesForACustomerAndOpensItsAccount(t *testing.T) {
	s := startServer(t)
	p := newTab(t, s.URL)
	p.logIn(collectorEmail, collectorPassword)
	cu, contact, invoices := s.overdueCustomer(t)
	c := "/c/" + s.co.Slug

	// The collector types a word of the customer's name, as people search.
	term := searchTerm(t, cu.Name)
	p.searchCustomers(s, term)
	// The page lists what the store finds (its search is tested on both databases).
	var want []string
	found, err := s.st.ListCustomers(context.Background(), store.CustomerQuery{CompanyID: s.co.ID, Search: term})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range found {
		want = append(want, o.Name+" "+o.Ref)
	}
	var got []string
	var row []string
	for _, r := range p.table(`main table tbody tr`) {
		got = append(got, r[0])
		if r[0] == cu.Name+" "+cu.Ref {
			row = r
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("searching %q lists %q, want %q", term, got, want)
	}
	if row == nil || row[4] != squash(cu.Open.Format("fr")) || row[5] != squash(cu.Overdue.Format("fr")) {
		t.Fatalf("the customer's row is %q, want %s %s with %s open and %s overdue", row, cu.Name, cu.Ref, cu.Open.Format("fr"), cu.Overdue.Format("fr"))
	}

	p.follow("open the customer", `main table a[href="`+c+`/customers/`+cu.Ref+`"]`)
	if h1 := p.text("main h1"); !strings.HasPrefix(h1, cu.Name+" · "+cu.Ref) {
		t.Errorf("the customer page's title is %q", h1)
	}
	cards := p.cards("main > .cards")
	if cards["encours"] != squash(cu.Open.Format("fr")) || cards["échu"] != squash(cu.Overdue.Format("fr")) {
		t.Errorf("the customer's cards say %q, want %s open and %s overdue", cards, cu.Open.Format("fr"), cu.Overdue.Format("fr"))
	}
	var contactShown bool
	for _, r := range p.panelRows("Contacts") {
		contactShown = contactShown || slices.Contains(r, contact.Email)
	}
	if !contactShown {
		t.Errorf("the contacts do not show %s", contact.Email)
	}
	shown := map[string]string{}
	for _, r := range p.panelRows("Factures ouvertes") {
		if len(r) == 6 {
			shown[r[0]] = r[4]
		}
	}
	if len(shown) != len(invoices) {
		t.Errorf("the page shows %d open invoices, the customer has %d: %q", len(shown), len(invoices), shown)
	}
	for _, inv := range invoices {
		if got, want := shown[inv.Number], squash(inv.Open().Format("fr")); got != want {
			t.Errorf("invoice %s: the page shows %q open, want %q", inv.Number, got, want)
		}
	}
}

// searchTerm is the longest word of a name, without its accents and in capitals, as people
// type in a hurry: "Ébénisterie" is searched as "EBENISTERIE".
func searchTerm(t *testing.T, name string) string {
	t.Helper()
	var best string
	for _, w := range strings.Fields(name) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
			best = w
		}
	}
	if best == "" {
		t.Fatalf("no word to search %q by", name)
	}
	return strings.ToUpper(strings.NewReplacer("é", "e", "è", "e", "ê", "e", "É", "E", "à", "a", "â", "a", "ç", "c", "ô", "o", "î", "i", "ï", "i", "û", "u", "ù", "u").Replace(best))
}

// rowOf is the row of a table whose first cell is first, or nil.
func rowOf(rows [][]string, first string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

func TestACollectorApprovesAHeldReminderAndItIsSentToTheCustomer(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	c := "/c/" + s.co.Slug
	held, err := s.st.ListOutbox(ctx, store.OutboxQuery{CompanyID: s.co.ID, Statuses: []string{store.OutboxHeld}, Channels: []string{"email"}})
	if err != nil || len(held) == 0 {
		t.Fatalf("the day's run left no reminder e-mail waiting for approval (%v)", err)
	}
	item := held[0]
	id := strconv.FormatInt(item.ID, 10)
	cu, err := s.st.CustomerByRef(ctx, s.co.ID, item.CustomerRef)
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := s.st.Contacts(ctx, s.co.ID, cu.ID)
	if err != nil {
		t.Fatal(err)
	}
	contact, _ := receivable.DunningContact(contacts)
	for _, m := range s.mail.Messages() {
		if slices.Contains(m.To, contact.Email) {
			t.Fatalf("before any approval, %s already received %q", contact.Email, m.Subject)
		}
	}

	p := newTab(t, s.URL)
	p.logIn(collectorEmail, collectorPassword)
	p.follow("open the approvals waiting", `main a.card[href="`+c+`/outbox?status=held"]`)
	row := rowOf(p.table(`main table tbody tr`), id)
	if row == nil || !strings.HasPrefix(row[3], "email") || row[4] != "held" || row[2] != item.CustomerRef {
		t.Fatalf("the held reminder %s is shown as %q", id, row)
	}

	p.follow("approve the reminder", `form[action="`+c+`/outbox/`+id+`/approve"] button`)
	if flash := p.text(`main .flash[role=status]`); flash != "Validé" {
		t.Errorf("after approving, the page says %q", flash)
	}
	if row := rowOf(p.table(`main table tbody tr`), id); row != nil {
		t.Errorf("the approved reminder is still waiting: %q", row)
	}

	// The background sender sends it: it shows on the Sent tab, with its recipient and
	// subject, once the SMTP server has accepted it.
	p.follow("open the sent e-mails", `main .toolbar a[href="`+c+`/outbox?status=sent"]`)
	p.reloadUntil("the approved reminder shows as sent", func() bool { return rowOf(p.table(`main table tbody tr`), id) != nil })
	sent := s.outboxItem(t, item.ID)
	row = rowOf(p.table(`main table tbody tr`), id)
	if row[4] != "sent" || row[6] != squash(sent.Recipient) || !strings.Contains(sent.Recipient, "<"+contact.Email+">") || row[7] != squash(sent.Subject) || sent.Subject == "" {
		t.Errorf("the sent reminder is shown as %q; the outbox holds it %s to %s: %q", row, sent.Status, sent.Recipient, sent.Subject)
	}
	m := s.waitForMessage(t, "the approved reminder", stepTimeout, func(m message) bool { return m.MessageID == sent.MessageID })
	if !slices.Equal(m.To, []string{contact.Email}) || m.Subject != sent.Subject {
		t.Errorf("the SMTP server received %q for %q, want %q for %s", m.Subject, m.To, sent.Subject, contact.Email)
	}
	invs, err := s.st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: s.co.ID, CustomerID: cu.ID, OverdueOn: day})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(invs, func(inv receivable.Invoice) bool { return strings.Contains(m.Text, inv.Number) }) {
		t.Errorf("the reminder names none of the customer's overdue invoices:\n%s", m.Text)
	}
}

// invoiceFile is an invoice file as an accounting export gives it, four invoices of new
// customers, two of them wrong: an impossible due date on line 3, an amount in words on
// line 5.
const invoiceFile = "numéro;client;date;échéance;montant\n" +
	"E2E-F001;E2E-C1;02/11/2026;02/12/2026;1 200,00\n" +
	"E2E-F002;E2E-C1;05/11/2026;31/02/2026;480,00\n" +
	"E2E-F003;E2E-C2;09/11/2026;09/12/2026;75,50\n" +
	"E2E-F004;E2E-C2;12/11/2026;12/12/2026;douze euros\n"

func TestAnImportWithErrorsListsEveryBadLineAndFieldAndStoresNothing(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	c := "/c/" + s.co.Slug
	before, err := s.st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: s.co.ID})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "factures-novembre.csv")
	if err := os.WriteFile(file, []byte(invoiceFile), 0o644); err != nil {
		t.Fatal(err)
	}

	p := newTab(t, s.URL)
	p.logIn(collectorEmail, collectorPassword)
	p.follow("open the imports page", `nav.side a[href="`+c+`/imports"]`)
	p.do("choose the file",
		chromedp.Click(chromedp.CSS(`form.upload input[name=kind][value=invoices]`), chromedp.NodeVisible),
		chromedp.SetUploadFiles(chromedp.CSS(`form.upload input[name=file]`), []string{file}, chromedp.NodeVisible))
	p.follow("read the file", `form.upload button[type=submit]`)

	// The preview: the mapping it detected, the valid rows, every error, and no way to import.
	if h1 := p.text("main h1"); !strings.Contains(h1, "factures") {
		t.Errorf("the preview's title is %q", h1)
	}
	headers := p.texts(`table.mapping tbody td:first-child`)
	fields := run(p, "read the mapping", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("table.mapping select"), s => s.value)`))
	mapping := map[string]string{}
	for i, h := range headers {
		if i < len(fields) {
			mapping[h] = fields[i]
		}
	}
	want := map[string]string{"numéro": "invoice_number", "client": "customer_ref", "date": "issue_date", "échéance": "due_date", "montant": "amount"}
	if !maps.Equal(mapping, want) {
		t.Errorf("the detected mapping is %q, want %q", mapping, want)
	}
	if lead := p.text("main p.lead"); lead != "2 lignes valides" {
		t.Errorf("the preview says %q, want 2 valid rows", lead)
	}
	errs := p.panelRows("Erreurs")
	if len(errs) != 2 {
		t.Fatalf("the preview lists %d errors, want 2: %q", len(errs), errs)
	}
	for i, w := range []struct{ line, field, value string }{{"3", "due_date", "31/02/2026"}, {"5", "amount", "douze euros"}} {
		if r := errs[i]; r[0] != "factures-novembre.csv" || r[1] != w.line || r[2] != w.field || r[3] != w.value || r[4] == "" {
			t.Errorf("error %d is %q, want line %s, field %s, value %q and why", i+1, r, w.line, w.field, w.value)
		}
	}
	if n := len(p.texts(`form.confirm`)); n != 0 {
		t.Error("a file with errors can be imported")
	}
	if msg := p.text(`main p.muted:last-of-type`); !strings.Contains(msg, "rien ne peut être importé tant qu'il reste des erreurs") {
		t.Errorf("the preview does not say why nothing can be imported: %q", msg)
	}

	// Nothing was stored: no invoice, no customer.
	after, err := s.st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: s.co.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("the preview stored invoices: %d before, %d after", len(before), len(after))
	}
	for _, ref := range []string{"E2E-C1", "E2E-C2"} {
		if _, err := s.st.CustomerByRef(ctx, s.co.ID, ref); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("customer %s: %v, want not found", ref, err)
		}
	}
}

func TestACollectorRecordsAPromiseAndItsConfirmationReachesTheSMTPServer(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	cu, contact, invoices := s.overdueCustomer(t)
	invoice := invoices[0]
	const typedAmount, typedNote = "1 234,56", "Le comptable promet un virement vendredi"
	amount, err := money.Parse(typedAmount)
	if err != nil {
		t.Fatal(err)
	}
	promised := civil.MustParse("2026-12-04")
	before := len(s.mail.Messages())

	p := newTab(t, s.URL)
	p.logIn(collectorEmail, collectorPassword)
	p.openCustomer(s, cu.Customer)

	// The form folds away until the collector opens it.
	form := `form[action="/c/` + s.co.Slug + `/customers/` + cu.Ref + `/promise"]`
	p.do("open the promise form", chromedp.Click(chromedp.CSS(`details.action:has(> `+form+`) > summary`), chromedp.NodeVisible))
	// The date is chosen as the date picker sets it: Chromium orders the digits typed in a
	// date field after its interface language, and Debian's package ships only en-US
	// (month first) unless chromium-l10n is installed.
	p.do("choose the date, the invoice and how the promise came",
		chromedp.SetValue(chromedp.CSS(form+` input[name=date]`), promised.String(), chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS(form+` select[name=invoice]`), invoice.Number, chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS(form+` select[name=via]`), "call", chromedp.NodeVisible))
	p.typeIn(form+` input[name=amount]`, typedAmount)
	p.typeIn(form+` input[name=note]`, typedNote)
	p.follow("record the promise", form+` button`)

	if flash := p.text(`main .flash[role=status]`); flash != "Promesse enregistrée ; sa confirmation écrite part par e-mail." {
		t.Errorf("after recording the promise, the page says %q", flash)
	}
	if !slices.ContainsFunc(p.texts(`main ul.timeline li`), func(e string) bool {
		return strings.Contains(e, "Promesse de règlement : "+squash(amount.FormatCurrency("EUR", "fr"))) && strings.Contains(e, typedNote)
	}) {
		t.Errorf("the timeline does not show the promise")
	}

	// The background sender delivers its confirmation: to the customer's dunning contact,
	// with the amount, the date and the invoice.
	m := s.waitForMessage(t, "the promise's confirmation", stepTimeout, func(m message) bool {
		return slices.Contains(m.To, contact.Email) && strings.HasPrefix(m.Subject, "Confirmation de votre engagement")
	})
	if m.Subject != "Confirmation de votre engagement de règlement au "+promised.Format("fr") {
		t.Errorf("the confirmation's subject is %q", m.Subject)
	}
	text := squash(m.Text)
	for _, want := range []string{squash(amount.FormatCurrency("EUR", "fr")), "au plus tard le 4 décembre 2026", invoice.Number} {
		if !strings.Contains(text, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, m.Text)
		}
	}
	if n := len(s.mail.Messages()); n != before+1 {
		t.Errorf("the SMTP server received %d messages after the promise, want only its confirmation", n-before)
	}
	confirmations, err := s.st.ListOutbox(ctx, store.OutboxQuery{CompanyID: s.co.ID, Statuses: []string{store.OutboxSent}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(confirmations, func(it store.OutboxItem) bool {
		return it.MessageID == m.MessageID && it.Kind == "confirmation" && it.CustomerRef == cu.Ref
	}) {
		t.Errorf("the outbox holds no sent confirmation for %s with the message id %s", cu.Ref, m.MessageID)
	}

	// The collector sees it in the demo mailbox too.
	p.follow("open the demo mailbox", `nav.side a[href="/c/`+s.co.Slug+`/demo/mailbox"]`)
	if !slices.ContainsFunc(p.texts(`main details.action summary`), func(sum string) bool {
		return strings.Contains(sum, contact.Email) && strings.HasSuffix(sum, squash(m.Subject))
	}) {
		t.Errorf("the demo mailbox does not list %q to %s", m.Subject, contact.Email)
	}
}
