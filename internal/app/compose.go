package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// ErrSettled means the reminder has become pointless: every invoice it was about has been
// paid or credited since it was decided. The sender cancels it instead of sending it.
var ErrSettled = errors.New("every invoice of this reminder has been settled since it was decided")

// Payload is what an outbox item that is not a reminder says it is about.
type Payload struct {
	PromiseID  int64   `json:"promise_id,omitempty"`
	PlanID     int64   `json:"plan_id,omitempty"`
	InvoiceIDs []int64 `json:"invoice_ids,omitempty"`
}

// TemplateComposer composes outbox items from the company's templates: the ones users edited,
// else the shipped ones.
type TemplateComposer struct{ App *App }

// Composer is the composer the sender and the previews use.
func (a *App) Composer() TemplateComposer { return TemplateComposer{App: a} }

// Compose renders an e-mail, with the statement of account attached as a PDF when the message
// is about invoices and, for a reminder or a statement, the originals kept of those invoices
// (an imported e-invoice's file), so that the debtor has the invoice at hand.
func (c TemplateComposer) Compose(ctx context.Context, co receivable.Company, it store.OutboxItem) (Composed, error) {
	m, d, invs, err := c.message(ctx, co, it)
	if err != nil {
		return Composed{}, err
	}
	if d.Contact.Email == "" || d.Contact.Undeliverable != "" {
		return Composed{}, ErrNoRecipient
	}
	to := formatAddress(d.Contact.Name, d.Contact.Email)
	out := Composed{ContactID: d.Contact.ID, To: to, ReplyTo: c.replyTo(ctx, co, d.Customer), Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	// The statement is a letter: it needs the customer's postal address; without one the
	// e-mail, which lists the invoices itself, goes without it.
	if len(d.Invoices) > 0 && it.Template != render.KeyStatement && len(d.Customer.Address.Lines()) > 0 {
		pdf, name, err := c.statementPDF(ctx, co, d)
		if err != nil {
			return Composed{}, err
		}
		out.Attachments = append(out.Attachments, relmail.Attachment{Name: name, ContentType: "application/pdf", Data: pdf})
	}
	if it.Kind == "reminder" || it.Kind == "statement" {
		docs, err := c.invoiceDocuments(ctx, co, it, invs, attachmentsSize(out.Attachments))
		if err != nil {
			return Composed{}, err
		}
		out.Attachments = append(out.Attachments, docs...)
	}
	return out, nil
}

// Message renders an outbox item's template (any form) and returns the data it was given.
func (c TemplateComposer) Message(ctx context.Context, co receivable.Company, it store.OutboxItem) (render.Message, render.Data, error) {
	m, d, _, err := c.message(ctx, co, it)
	return m, d, err
}

// message is Message with the invoices the message lists.
func (c TemplateComposer) message(ctx context.Context, co receivable.Company, it store.OutboxItem) (render.Message, render.Data, []receivable.Invoice, error) {
	d, invs, err := c.gather(ctx, co, it)
	if err != nil {
		return render.Message{}, d, invs, err
	}
	t, err := c.App.Template(ctx, co, it.Template, d.Lang, dunning.Channel(it.Channel))
	if err != nil {
		return render.Message{}, d, invs, err
	}
	m, err := render.Render(t, d)
	return m, d, invs, err
}

// Template returns the company's version of a template, else the shipped one.
func (a *App) Template(ctx context.Context, co receivable.Company, key, lang string, ch dunning.Channel) (render.Template, error) {
	form := render.FormOf(ch)
	st, err := a.Store.Template(ctx, co.ID, key, lang, string(form))
	if err == nil {
		return render.Template{Key: key, Lang: lang, Channel: form, Subject: st.Subject, Body: st.Body}, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return render.Template{}, err
	}
	return render.Find(render.Defaults(), key, lang, ch)
}

// Data gathers what the template of an outbox item shows, as of today: invoices with their
// current balances (a payment since the run shows), the contact, the history.
func (c TemplateComposer) Data(ctx context.Context, co receivable.Company, it store.OutboxItem) (render.Data, error) {
	d, _, err := c.gather(ctx, co, it)
	return d, err
}

// gather is Data with the invoices the message lists, as read (Compose attaches their
// originals).
func (c TemplateComposer) gather(ctx context.Context, co receivable.Company, it store.OutboxItem) (render.Data, []receivable.Invoice, error) {
	var shown []receivable.Invoice
	a := c.App
	cu, err := a.Store.Customer(ctx, co.ID, it.CustomerID)
	if err != nil {
		return render.Data{}, nil, err
	}
	contacts, err := a.Store.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		return render.Data{}, nil, err
	}
	lang := cu.Language
	if lang != "fr" && lang != "en" {
		lang = co.Language
	}
	day := a.Today(co)
	d := render.Data{Lang: lang, Date: day, Company: co, Customer: cu, Currency: co.Currency,
		Collector: render.Collector{Name: co.Signature, Email: co.Email, Phone: co.Phone}}
	if it.ContactID != 0 {
		for _, ct := range contacts {
			if ct.ID == it.ContactID {
				d.Contact = ct
			}
		}
	}
	if d.Contact.ID == 0 || d.Contact.Undeliverable != "" {
		d.Contact, _ = receivable.DunningContact(contacts)
	}
	var p Payload
	if it.Payload != "" {
		json.Unmarshal([]byte(it.Payload), &p)
	}
	var ids []int64
	if it.ActionID != 0 {
		act, err := a.Store.Action(ctx, co.ID, it.ActionID)
		if err != nil {
			return d, shown, err
		}
		d.Step, d.Phase = act.Step, act.Phase
		for _, l := range act.Invoices {
			ids = append(ids, l.ID)
		}
		if act.Penalties {
			// The claim the run computed for the action's day; none for a consumer, nor when a
			// rate was missing (the run warned): the message then shows no figures.
			claim, ok, err := a.ActionPenalties(ctx, co, act.ID)
			if err != nil {
				return d, shown, err
			}
			if ok && claim.Total > 0 {
				d.Penalties = penaltiesOf(claim, lang)
			}
		}
	}
	ids = append(ids, p.InvoiceIDs...)
	if p.PromiseID != 0 {
		ps, err := a.Store.ListPromises(ctx, store.CommitmentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if err != nil {
			return d, shown, err
		}
		for i := range ps {
			if ps[i].ID == p.PromiseID {
				d.Promise = &ps[i]
				ids = append(ids, ps[i].InvoiceIDs...)
			}
		}
	}
	if p.PlanID != 0 {
		ps, err := a.Store.ListPlans(ctx, store.CommitmentQuery{CompanyID: co.ID, CustomerID: cu.ID})
		if err != nil {
			return d, shown, err
		}
		for i := range ps {
			if ps[i].ID == p.PlanID {
				d.Plan = &ps[i]
				ids = append(ids, ps[i].InvoiceIDs...)
			}
		}
	}
	if len(ids) == 0 {
		// A statement, or a promise on the whole account: every open invoice.
		invs, err := a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: cu.ID, OpenOnly: true})
		if err != nil {
			return d, shown, err
		}
		for _, inv := range invs {
			d.Invoices = append(d.Invoices, render.LineOf(inv, day))
		}
		shown = invs
	} else {
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			inv, err := a.Store.Invoice(ctx, co.ID, id)
			if err != nil {
				return d, shown, err
			}
			if inv.IsOpen() {
				d.Invoices = append(d.Invoices, render.LineOf(inv, day))
				shown = append(shown, inv)
			}
		}
		if len(d.Invoices) == 0 && it.Kind == "reminder" {
			return d, shown, ErrSettled
		}
	}
	if it.Channel == string(dunning.RegisteredLetter) {
		d.Registered = &render.Registered{Number: it.Tracking}
	}
	sent, err := a.Store.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, CustomerID: cu.ID,
		Statuses: []dunning.Status{dunning.StatusSent, dunning.StatusDone}, Limit: 100})
	if err != nil {
		return d, shown, err
	}
	for _, s := range sent {
		if s.Channel.IsContact() {
			d.History.Reminders++
			if s.Day.After(d.History.LastReminder) {
				d.History.LastReminder = s.Day
			}
		}
	}
	return d, shown, nil
}

// statementPDF renders the statement of account of the message's customer as a PDF.
func (c TemplateComposer) statementPDF(ctx context.Context, co receivable.Company, d render.Data) ([]byte, string, error) {
	t, err := c.App.Template(ctx, co, render.KeyStatement, d.Lang, dunning.Letter)
	if err != nil {
		return nil, "", err
	}
	sd := d
	sd.Invoices = nil
	invs, err := c.App.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: co.ID, CustomerID: d.Customer.ID, OpenOnly: true})
	if err != nil {
		return nil, "", err
	}
	for _, inv := range invs {
		sd.Invoices = append(sd.Invoices, render.LineOf(inv, d.Date))
	}
	m, err := render.Render(t, sd)
	if err != nil {
		return nil, "", err
	}
	if m.Letter == nil {
		return nil, "", fmt.Errorf("statement template %s/%s gave no letter", t.Key, t.Lang)
	}
	var buf bytes.Buffer
	if err := letter.Render(&buf, *m.Letter); err != nil {
		return nil, "", err
	}
	name := "releve-de-compte-" + d.Customer.Ref + ".pdf"
	if d.Lang == "en" {
		name = "statement-of-account-" + d.Customer.Ref + ".pdf"
	}
	return buf.Bytes(), name, nil
}

// formatAddress writes "Émilie André <emilie@example.fr>" readably (the history shows it);
// the mail package encodes it for the wire. A name with characters special in addresses is
// quoted.
func formatAddress(name, addr string) string {
	if name == "" {
		return addr
	}
	if strings.ContainsAny(name, `"(),.:;<>@[\]`) {
		name = `"` + strings.ReplaceAll(strings.ReplaceAll(name, `\`, `\\`), `"`, `\"`) + `"`
	}
	return name + " <" + addr + ">"
}

// penaltiesOf turns the claim the run attached to an action into what templates show.
func penaltiesOf(c PenaltyClaim, lang string) *render.Penalties {
	p := &render.Penalties{Day: c.Day, Interest: c.Interest, Indemnity: c.Indemnity, Total: c.Total}
	for _, r := range c.Invoices {
		ip := render.InvoicePenalty{Number: r.Invoice, DaysLate: r.DaysLate, Interest: r.Interest, Indemnity: r.Indemnity}
		for _, l := range r.Lines {
			ip.Periods = append(ip.Periods, render.Period{From: l.From, To: l.To, Days: l.Days, Rate: l.Rate, Base: l.Base, Amount: l.Amount})
		}
		p.Invoices = append(p.Invoices, ip)
	}
	return p
}

// replyTo is where the debtor's answer goes: the customer's collector when the collector is
// written as an e-mail address (with the name of the user who has it, if any), else the
// company's address — the answer then reaches the person who follows the account.
func (c TemplateComposer) replyTo(ctx context.Context, co receivable.Company, cu receivable.Customer) string {
	addr, err := mail.ParseAddress(cu.Collector)
	if err != nil {
		return co.Email
	}
	name := addr.Name
	if u, err := c.App.Store.UserByEmail(ctx, addr.Address); err == nil && u.Name != "" {
		name = u.Name
	}
	return formatAddress(name, addr.Address)
}
