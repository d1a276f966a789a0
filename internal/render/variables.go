package render

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// VarDoc documents one variable for the template editor's help panel.
type VarDoc struct {
	// Name is how a template writes it: ".Customer.Name". Inside a list it is relative to
	// the item: ".Number" within .Invoices.
	Name string `json:"name"`
	// In is the chain of lists the variable belongs to, outermost first, each used as
	// {{range .Invoices}}…{{end}}; empty for a variable of the message.
	In  []string `json:"in,omitempty"`
	Doc string   `json:"doc"`
	// Example is the variable's value in the sample data, as the helpers print it.
	Example string `json:"example"`
}

// FuncDoc documents one helper function.
type FuncDoc struct {
	Name  string `json:"name"`
	Usage string `json:"usage"` // an example call
	Doc   string `json:"doc"`
}

// varDoc is one entry of the catalogue, in English and French.
type varDoc struct {
	name   string
	in     []string
	en, fr string
}

var invoices, penaltyInvoices, periods = []string{".Invoices"}, []string{".Penalties.Invoices"}, []string{".Penalties.Invoices", ".Periods"}
var instalments = []string{".Plan.Instalments"}

var catalogue = []varDoc{
	{".Lang", nil, "Language of the message: fr or en.", "Langue du message : fr ou en."},
	{".Date", nil, "Date of the message, printed on letters.", "Date du message, imprimée sur les courriers."},
	{".Deadline", nil, "Last day to pay given in the message (8 days after the date unless set).", "Date limite de paiement indiquée (8 jours après la date du message, sauf indication contraire)."},
	{".Currency", nil, "Currency code of the amounts (EUR).", "Code de la devise des montants (EUR)."},
	{".Total", nil, "Open balance of the invoices: what remains to be paid after partial payments and credit notes.", "Solde restant dû des factures, après paiements partiels et avoirs."},
	{".Amount", nil, "Total of the invoices as issued, before payments.", "Total des factures tel qu'émis, avant paiements."},
	{".Paid", nil, "What was already received on the invoices.", "Ce qui a déjà été reçu sur les factures."},
	{".Due", nil, "What settles the account today: the open balance plus penalties and indemnities when shown.", "Ce qui solde le compte aujourd'hui : le solde dû, plus les pénalités et indemnités lorsqu'elles sont montrées."},
	{".Count", nil, "Number of invoices.", "Nombre de factures."},
	{".InvoiceNumbers", nil, "The invoices' numbers; write {{list .InvoiceNumbers}} for \"A, B and C\".", "Les numéros des factures ; {{list .InvoiceNumbers}} donne « A, B et C »."},
	{".MaxDaysLate", nil, "Days late of the most overdue invoice (0 before the due date).", "Jours de retard de la facture la plus en retard (0 avant l'échéance)."},
	{".Overdue", nil, "True when an invoice is past its due date.", "Vrai si une facture a dépassé son échéance."},
	{".Consumer", nil, "True when the customer is a consumer: never mention penalties, the 40 EUR indemnity or recovery fees.", "Vrai si le client est un consommateur : ni pénalités, ni indemnité de 40 €, ni frais de recouvrement."},
	{".Public", nil, "True when the customer is a public body.", "Vrai si le client est un acheteur public."},
	{".PaymentReference", nil, "Reference the customer should quote on the transfer (the customer reference unless set).", "Référence à rappeler sur le virement (la référence client, sauf indication contraire)."},
	{".Step", nil, "Name of the policy step that called for the message.", "Nom de l'étape du scénario qui a déclenché le message."},
	{".Phase", nil, "Phase of the step: preventive, level1, level2, level3, litigation.", "Phase de l'étape : preventive, level1, level2, level3, litigation."},
	{".Reason", nil, "Free text of the action, such as the bank's reason for rejecting a direct debit.", "Texte libre de l'action, par exemple le motif de rejet d'un prélèvement."},

	{".Company.Name", nil, "Your company's usual name.", "Nom usuel de votre société."},
	{".Company.LegalName", nil, "Your company's legal name.", "Raison sociale de votre société."},
	{".Company.DisplayName", nil, "The legal name when known, else the usual name.", "La raison sociale si elle est connue, sinon le nom usuel."},
	{".Company.SIREN", nil, "Your SIREN number.", "Votre numéro SIREN."},
	{".Company.VATNumber", nil, "Your intra-EU VAT number.", "Votre numéro de TVA intracommunautaire."},
	{".Company.Address.Line1", nil, "Your address, first line.", "Votre adresse, première ligne."},
	{".Company.Address.Line2", nil, "Your address, second line.", "Votre adresse, seconde ligne."},
	{".Company.Address.PostalCode", nil, "Your postal code.", "Votre code postal."},
	{".Company.Address.City", nil, "Your town, also the place letters are written from.", "Votre ville, lieu d'où partent les courriers."},
	{".Company.Address.Country", nil, "Your country (ISO code).", "Votre pays (code ISO)."},
	{".Company.Email", nil, "Your company's e-mail address.", "Adresse e-mail de votre société."},
	{".Company.Phone", nil, "Your company's phone number.", "Téléphone de votre société."},
	{".Company.IBAN", nil, "Your IBAN; {{iban .Company.IBAN}} prints it in groups of four.", "Votre IBAN ; {{iban .Company.IBAN}} l'écrit par groupes de quatre."},
	{".Company.BIC", nil, "Your bank's BIC.", "Le BIC de votre banque."},
	{".Company.Signature", nil, "Your company's e-mail signature, added under the collector's name.", "Signature e-mail de votre société, ajoutée sous le nom du gestionnaire."},

	{".Customer.Name", nil, "Customer's name.", "Nom du client."},
	{".Customer.Ref", nil, "Customer's reference (account number).", "Référence (numéro de compte) du client."},
	{".Customer.SIREN", nil, "Customer's SIREN number.", "Numéro SIREN du client."},
	{".Customer.Kind", nil, "Kind of customer: b2b, b2c or public.", "Type de client : b2b, b2c ou public."},
	{".Customer.Profile", nil, "Payer profile: careless, bad_payer, insolvent, administrative, dispute_prone, automatic, good_payer.", "Profil payeur : careless, bad_payer, insolvent, administrative, dispute_prone, automatic, good_payer."},
	{".Customer.Address.Line1", nil, "Customer's address, first line.", "Adresse du client, première ligne."},
	{".Customer.Address.Line2", nil, "Customer's address, second line.", "Adresse du client, seconde ligne."},
	{".Customer.Address.PostalCode", nil, "Customer's postal code.", "Code postal du client."},
	{".Customer.Address.City", nil, "Customer's town.", "Ville du client."},
	{".Customer.Address.Country", nil, "Customer's country (ISO code).", "Pays du client (code ISO)."},

	{".Contact.Name", nil, "Name of the person the message is for.", "Nom de la personne à qui s'adresse le message."},
	{".Contact.Role", nil, "Their role (accounts payable, treasury…).", "Sa fonction (comptabilité fournisseurs, trésorerie…)."},
	{".Contact.Email", nil, "Their e-mail address.", "Son adresse e-mail."},
	{".Contact.Phone", nil, "Their phone number.", "Son téléphone."},

	{".Collector.Name", nil, "Name of the collector who signs and answers.", "Nom du gestionnaire qui signe et répond."},
	{".Collector.Role", nil, "The collector's role, printed under the name.", "Fonction du gestionnaire, imprimée sous son nom."},
	{".Collector.Email", nil, "The collector's e-mail address.", "Adresse e-mail du gestionnaire."},
	{".Collector.Phone", nil, "The collector's phone number.", "Téléphone du gestionnaire."},

	{".History.Reminders", nil, "Number of reminders already sent for these invoices.", "Nombre de relances déjà envoyées pour ces factures."},
	{".History.LastReminder", nil, "Date of the last reminder (empty if none).", "Date de la dernière relance (vide s'il n'y en a pas)."},
	{".History.BrokenPromises", nil, "Number of promises to pay the customer did not keep.", "Nombre de promesses de règlement non tenues."},

	{".Invoices", nil, "The invoices of the message; {{invoiceTable}} prints them as a table.", "Les factures du message ; {{invoiceTable}} les présente en tableau."},
	{".Number", invoices, "Invoice number.", "Numéro de la facture."},
	{".IssueDate", invoices, "Invoice date.", "Date de la facture."},
	{".DueDate", invoices, "Due date.", "Date d'échéance."},
	{".Amount", invoices, "Amount including VAT, as issued.", "Montant TTC, tel qu'émis."},
	{".Open", invoices, "Balance due after partial payments and credit notes: the amount to claim.", "Reste dû après paiements partiels et avoirs : le montant à réclamer."},
	{".Paid", invoices, "What was already received on the invoice.", "Ce qui a déjà été reçu sur la facture."},
	{".PartlyPaid", invoices, "True when part of the invoice was paid.", "Vrai si la facture a été partiellement réglée."},
	{".DaysLate", invoices, "Days past the due date.", "Jours de retard depuis l'échéance."},
	{".Step", invoices, "The policy step the invoice is at.", "L'étape du scénario où en est la facture."},

	{".Penalties", nil, "Late-payment penalties and indemnities; empty when not shown or for a consumer. Use {{with .Penalties}}…{{end}}; {{penaltyTable}} prints the statement.", "Pénalités de retard et indemnités ; vide si elles ne sont pas montrées ou pour un consommateur. Utilisez {{with .Penalties}}…{{end}} ; {{penaltyTable}} en présente le décompte."},
	{".Penalties.Day", nil, "Day the penalties are computed to.", "Date de calcul des pénalités."},
	{".Penalties.Interest", nil, "Late-payment interest of all invoices.", "Pénalités de retard de toutes les factures."},
	{".Penalties.Indemnity", nil, "Flat recovery indemnities (40 EUR per invoice in France).", "Indemnités forfaitaires pour frais de recouvrement (40 € par facture en France)."},
	{".Penalties.Total", nil, "Interest plus indemnities.", "Pénalités plus indemnités."},
	{".Penalties.Notes", nil, "The rules applied, one sentence each.", "Les règles appliquées, une phrase chacune."},
	{".Penalties.Invoices", nil, "Penalties per invoice.", "Les pénalités par facture."},
	{".Number", penaltyInvoices, "Invoice number.", "Numéro de la facture."},
	{".DaysLate", penaltyInvoices, "Days of delay counted.", "Jours de retard comptés."},
	{".Interest", penaltyInvoices, "Late-payment interest of the invoice.", "Pénalités de retard de la facture."},
	{".Indemnity", penaltyInvoices, "Flat indemnity of the invoice.", "Indemnité forfaitaire de la facture."},
	{".Periods", penaltyInvoices, "Interest periods of the invoice (a partial payment or a new half-year starts one).", "Périodes de calcul de la facture (un paiement partiel ou un nouveau semestre en ouvre une)."},
	{".From", periods, "First day of the period.", "Premier jour de la période."},
	{".To", periods, "Last day of the period.", "Dernier jour de la période."},
	{".Days", periods, "Number of days.", "Nombre de jours."},
	{".Rate", periods, "Annual rate; {{rate .Rate}} prints it.", "Taux annuel ; {{rate .Rate}} l'écrit."},
	{".Base", periods, "Amount the interest is computed on.", "Montant sur lequel les intérêts sont calculés."},
	{".Amount", periods, "Interest of the period.", "Intérêts de la période."},

	{".Promise", nil, "The promise to pay a confirmation is about; empty otherwise.", "La promesse de règlement que confirme le message ; vide sinon."},
	{".Promise.Made", nil, "Day the customer promised.", "Date à laquelle le client s'est engagé."},
	{".Promise.Date", nil, "Day the customer promised to pay by.", "Date de règlement promise."},
	{".Promise.Amount", nil, "Amount promised.", "Montant promis."},
	{".Promise.Via", nil, "How it was obtained: call, email, letter, meeting.", "Comment elle a été obtenue : call, email, letter, meeting."},
	{".Promise.Note", nil, "The customer's words, as noted.", "Les mots du client, tels que notés."},

	{".Plan", nil, "The payment plan a confirmation is about; empty otherwise. {{planTable}} prints its instalments.", "L'échéancier que confirme le message ; vide sinon. {{planTable}} en présente les échéances."},
	{".Plan.Created", nil, "Day the plan was agreed.", "Date à laquelle l'échéancier a été convenu."},
	{".Plan.Total", nil, "Sum of the instalments.", "Total des échéances."},
	{".Plan.Note", nil, "Note recorded with the plan.", "Note enregistrée avec l'échéancier."},
	{".Plan.Instalments", nil, "The instalments, the first one immediate.", "Les échéances, la première immédiate."},
	{".Due", instalments, "Due date of the instalment.", "Date de l'échéance."},
	{".Amount", instalments, "Amount of the instalment.", "Montant de l'échéance."},

	{".Registered", nil, "Set when the letter goes by registered post with acknowledgement of receipt; use {{with .Registered}}…{{end}}.", "Présent si le courrier part en recommandé avec accusé de réception ; utilisez {{with .Registered}}…{{end}}."},
	{".Registered.Number", nil, "The registered letter's number, once recorded.", "Numéro du recommandé, une fois enregistré."},
}

var funcCatalogue = []struct{ name, usage, en, fr string }{
	{"money", "{{money .Total}}", "An amount with its currency: 1 234,56 € in French, €1,234.56 in English.", "Un montant avec sa devise : 1 234,56 € en français, €1,234.56 en anglais."},
	{"date", "{{date .DueDate}}", "A short date: 14/02/2026, 14 Feb 2026.", "Une date courte : 14/02/2026, 14 Feb 2026."},
	{"datelong", "{{datelong .Deadline}}", "A date in words, as letters write it: 20 mai 2026, 20 May 2026.", "Une date en toutes lettres : 20 mai 2026, 20 May 2026."},
	{"rate", "{{rate .Rate}}", "A percentage: 12,15 %, 12.15%.", "Un pourcentage : 12,15 %, 12.15%."},
	{"iban", "{{iban .Company.IBAN}}", "An IBAN in groups of four.", "Un IBAN par groupes de quatre."},
	{"plural", `{{plural .Count "facture" "factures"}}`, "The singular or the plural word, for a count (0 is singular in French).", "Le mot au singulier ou au pluriel selon le nombre (0 est singulier en français)."},
	{"list", "{{list .InvoiceNumbers}}", "Joins a list as a sentence: A, B et C.", "Joint une liste comme dans une phrase : A, B et C."},
	{"upper", "{{upper .Customer.Name}}", "Capital letters.", "En majuscules."},
	{"lower", "{{lower .Customer.Name}}", "Small letters.", "En minuscules."},
	{"sub", "{{money (sub .Total .Promise.Amount)}}", "One amount less another.", "Un montant moins un autre."},
	{"invoiceTable", "{{invoiceTable}}", "The table of the invoices with their balance due, on its own paragraph.", "Le tableau des factures et de leur reste dû, dans son propre paragraphe."},
	{"penaltyTable", "{{penaltyTable}}", "The statement of penalties and indemnities; nothing when none are shown.", "Le décompte des pénalités et indemnités ; rien si elles ne sont pas montrées."},
	{"planTable", "{{planTable}}", "The instalments of the payment plan.", "Les échéances de l'échéancier."},
	{"bankDetails", "{{bankDetails}}", "IBAN, BIC, account holder and reference to quote, one per line.", "IBAN, BIC, titulaire du compte et référence à rappeler, une ligne chacun."},
	{"enclose", `{{enclose "Copie des factures"}}`, "Lists a document as enclosed (on a letter) or to attach (to an e-mail); prints nothing.", "Ajoute une pièce jointe à la liste du courrier (ou de l'e-mail) ; n'écrit rien."},
}

var markupCatalogue = []struct{ usage, en, fr string }{
	{"(blank line)", "Separates paragraphs; a single line break is kept as it is.", "Sépare les paragraphes ; un simple retour à la ligne est conservé."},
	{"# Title", "A heading (call scripts, checklists).", "Un intertitre (scripts d'appel, listes de contrôle)."},
	{"- item", "A list item.", "Un élément de liste."},
	{"- [ ] item", "A checklist item, to tick.", "Un élément de liste de contrôle, à cocher."},
	{"{{with .Penalties}}…{{end}}", "Shows a part only when it has a value (penalties, promise, plan, registered letter).", "N'affiche une partie que si elle a une valeur (pénalités, promesse, échéancier, recommandé)."},
	{"{{if .Consumer}}…{{else}}…{{end}}", "Says something else to a consumer.", "Formule autrement pour un consommateur."},
}

// Markup lists how a body is written beyond plain text: paragraphs, headings, lists and the
// template actions most templates need, for the editor's help panel.
func Markup(lang string) []FuncDoc {
	out := make([]FuncDoc, len(markupCatalogue))
	for i, m := range markupCatalogue {
		out[i] = FuncDoc{Usage: m.usage, Doc: pick(lang, m.en, m.fr)}
	}
	return out
}

// Variables lists every variable a template may use, with its meaning in lang and its value
// in the sample data, for the editor's help panel.
func Variables(lang string) []VarDoc {
	d := SampleData(lang)
	r := &run{d: d}
	out := make([]VarDoc, len(catalogue))
	for i, v := range catalogue {
		out[i] = VarDoc{Name: v.name, In: v.in, Doc: pick(lang, v.en, v.fr), Example: r.example(v.in, v.name)}
	}
	return out
}

// Functions lists the helper functions, with their meaning in lang.
func Functions(lang string) []FuncDoc {
	out := make([]FuncDoc, len(funcCatalogue))
	for i, f := range funcCatalogue {
		out[i] = FuncDoc{Name: f.name, Usage: f.usage, Doc: pick(lang, f.en, f.fr)}
	}
	return out
}

// example evaluates name in the sample data, inside the first item of each list of in.
func (r *run) example(in []string, name string) string {
	v := reflect.ValueOf(r.d)
	for _, list := range in {
		l, ok := lookup(v, list)
		if !ok || l.Kind() != reflect.Slice || l.Len() == 0 {
			return ""
		}
		v = l.Index(0)
	}
	x, ok := lookup(v, name)
	if !ok {
		return ""
	}
	return r.format(x)
}

// lookup follows a path such as ".Company.Address.City" as templates do: a method of the
// value (or of its pointer), else a field, through pointers; ok is false on a nil pointer.
func lookup(v reflect.Value, path string) (reflect.Value, bool) {
	for _, name := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 {
			v = m.Call(nil)[0]
			continue
		}
		if v.Kind() == reflect.Struct {
			if f := v.FieldByName(name); f.IsValid() {
				v = f
				continue
			}
		}
		return reflect.Value{}, false
	}
	return v, true
}

// format prints a sample value as the helpers would.
func (r *run) format(v reflect.Value) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case money.Cents:
		return r.money(x)
	case civil.Date:
		return r.date(x)
	case money.Rate:
		return r.rate(x)
	case []string:
		return r.list(x)
	case bool:
		return strconv.FormatBool(x)
	}
	switch v.Kind() {
	case reflect.Slice:
		return fmt.Sprintf("(%d)", v.Len())
	case reflect.Struct:
		return ""
	}
	return fmt.Sprint(v.Interface())
}
