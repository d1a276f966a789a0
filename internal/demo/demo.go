// Package demo generates a realistic, deterministic dataset — a French company, its customers
// with the seven payer profiles of the seeds, 18 months of invoices, payments, partial
// payments and credit notes — so that relance can be tried without real data.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// Options of the generated dataset. The same options give the same data.
type Options struct {
	Seed      uint64
	Customers int
	Months    int        // history length; 18 by default
	Today     civil.Date // the dataset is anchored on this day
}

// Dataset is what Generate produces and Load stores.
type Dataset struct {
	Company   receivable.Company
	Customers []Customer
}

// Customer is a generated customer with its contacts and invoices.
type Customer struct {
	receivable.Customer
	Contacts    []receivable.Contact
	Invoices    []Invoice
	CreditNotes []CreditNote
	OnAccount   []Payment // payments not tied to an invoice
}

// Invoice is a generated invoice and the payments that settle it (all or part).
type Invoice struct {
	receivable.Invoice
	Payments []Payment
}

// Payment is a generated payment.
type Payment struct {
	Date   civil.Date
	Amount money.Cents
	Method string
	Ref    string
}

// CreditNote credits part of an invoice.
type CreditNote struct {
	receivable.Invoice
	Credits string // number of the invoice it credits
}

// profileMix is the share of each payer profile, in percent, in a typical SME's customer base.
var profileMix = []struct {
	p   receivable.Profile
	pct int
}{
	{receivable.GoodPayer, 30}, {receivable.Careless, 24}, {receivable.BadPayer, 12}, {receivable.Administrative, 12},
	{receivable.DisputeProne, 8}, {receivable.Automatic, 9}, {receivable.Insolvent, 5},
}

// Generate builds the dataset; it does no I/O.
func Generate(o Options) Dataset {
	if o.Customers <= 0 {
		o.Customers = 60
	}
	if o.Months <= 0 {
		o.Months = 18
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed_4e1a_11ce))
	ds := Dataset{Company: receivable.Company{
		Name: "Imprimerie Lemoine", LegalName: "Imprimerie Lemoine SAS", SIREN: "552100554", VATNumber: "FR32552100554",
		Address: receivable.Address{Line1: "14 rue des Imprimeurs", PostalCode: "69007", City: "Lyon", Country: "FR"},
		Email:   "recouvrement@imprimerie-lemoine.example", Phone: "04 78 00 00 00",
		IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPPXXX", Currency: "EUR", TimeZone: "Europe/Paris", Language: "fr",
		PaymentTermsDays: 30, Signature: "Claire Lemoine, responsable du recouvrement",
	}}
	seq := 0
	for i := 0; i < o.Customers; i++ {
		c := genCustomer(r, i, o)
		start := o.Today.AddMonths(-o.Months)
		// A customer orders every 2 to 8 weeks; first order somewhere in the first two months.
		day := start.AddDays(r.IntN(60))
		every := 14 + r.IntN(42)
		for !day.After(o.Today) {
			seq++
			inv := genInvoice(r, c, seq, day)
			c.Invoices = append(c.Invoices, inv)
			day = day.AddDays(every/2 + r.IntN(every))
		}
		settle(r, &c, o.Today)
		ds.Customers = append(ds.Customers, c)
	}
	return ds
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func genCustomer(r *rand.Rand, i int, o Options) Customer {
	roll, profile := r.IntN(100), receivable.GoodPayer
	for _, m := range profileMix {
		if roll < m.pct {
			profile = m.p
			break
		}
		roll -= m.pct
	}
	city := pick(r, cities)
	cu := receivable.Customer{
		Ref: fmt.Sprintf("C%04d", i+1), Kind: receivable.B2B, Language: "fr", Profile: profile,
		Address: receivable.Address{Line1: fmt.Sprintf("%d %s %s", 1+r.IntN(120), pick(r, streetTypes), pick(r, streetNames)),
			PostalCode: city.postal, City: city.name, Country: "FR"},
		PaymentTermsDays: pick(r, []int{30, 30, 30, 45, 60}),
		SIREN:            fmt.Sprintf("%09d", 300000000+r.IntN(600000000)),
		CreditLimit:      money.Cents(pick(r, []int64{0, 500000, 1000000, 2000000, 5000000})),
		Collector:        pick(r, []string{"claire", "julien"}),
	}
	last := pick(r, lastNames)
	switch {
	case profile == receivable.Administrative && r.IntN(2) == 0:
		cu.Kind, cu.Name, cu.PaymentTermsDays = receivable.Public, pick(r, publicBodies)+" "+city.name, 30
	case r.IntN(25) == 0:
		first := pick(r, firstNames)
		cu.Kind, cu.Name, cu.SIREN, cu.PaymentTermsDays = receivable.B2C, first+" "+last, "", 15
	default:
		cu.Name = fmt.Sprintf("%s %s %s", pick(r, trades), pickName(r, last), pick(r, legalForms))
	}
	c := Customer{Customer: cu}
	domain := domainOf(cu.Name)
	if cu.Kind == receivable.B2C {
		c.Contacts = []receivable.Contact{{Name: cu.Name, Email: strings.ToLower(asciiFold(strings.ReplaceAll(cu.Name, " ", "."))) + "@exemple-mail.fr",
			Phone: phone(r), Dunning: true}}
		return c
	}
	c.Contacts = append(c.Contacts, receivable.Contact{Name: "Réception factures", Role: "comptabilité", Email: "factures@" + domain})
	n := 1 + r.IntN(2)
	for k := 0; k < n; k++ {
		first, lastN := pick(r, firstNames), pick(r, lastNames)
		c.Contacts = append(c.Contacts, receivable.Contact{Name: first + " " + lastN, Role: pick(r, roles),
			Email: strings.ToLower(asciiFold(first+"."+lastN)) + "@" + domain, Phone: phone(r), Dunning: k == 0})
	}
	return c
}

func pickName(r *rand.Rand, last string) string {
	if r.IntN(3) == 0 {
		return pick(r, suffixes)
	}
	return last
}

func phone(r *rand.Rand) string {
	return fmt.Sprintf("0%d %02d %02d %02d %02d", 1+r.IntN(5), r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100))
}

func domainOf(name string) string {
	f := strings.Fields(strings.ToLower(asciiFold(name)))
	var parts []string
	for _, w := range f {
		w = strings.Trim(w, "'—-")
		if w == "" || w == "sarl" || w == "sas" || w == "sa" || w == "eurl" || w == "sasu" || w == "scop" || w == "de" || w == "du" || w == "des" || w == "la" || w == "l" {
			continue
		}
		parts = append(parts, strings.ReplaceAll(w, "'", ""))
	}
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, "-") + ".example"
}

func asciiFold(s string) string {
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ï", "i",
		"ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "É", "E", "È", "E", "Ê", "E", "À", "A", "Ç", "C", "Ô", "O").Replace(s)
}

// genInvoice draws an amount with a long tail: most invoices are a few hundred euros, some
// tens of thousands.
func genInvoice(r *rand.Rand, c Customer, seq int, day civil.Date) Invoice {
	base := []int64{15000, 35000, 80000, 150000, 320000, 750000, 1800000}
	amount := base[min(len(base)-1, int(r.ExpFloat64()*1.6))]
	amount = amount/2 + r.Int64N(amount) // spread within the band
	amount = amount / 10 * 12            // amounts are TTC: HT + 20 % VAT, whole cents
	inv := receivable.Invoice{Kind: receivable.KindInvoice, Number: fmt.Sprintf("FA-%d-%05d", day.Year, seq),
		IssueDate: day, DueDate: day.AddDays(c.PaymentTermsDays), Amount: money.Cents(amount), Currency: "EUR"}
	return Invoice{Invoice: inv}
}

// settle decides, per payer profile, when and how each invoice was paid. Payments dated after
// today are dropped: those invoices are still open, which is what the collectors will chase.
func settle(r *rand.Rand, c *Customer, today civil.Date) {
	method := "virement"
	if c.Profile == receivable.Automatic {
		method = "prélèvement"
	}
	for i := range c.Invoices {
		inv := &c.Invoices[i]
		pay := func(delay int, amount money.Cents) {
			d := inv.DueDate.AddDays(delay)
			if d.After(today) || amount <= 0 {
				return
			}
			inv.Payments = append(inv.Payments, Payment{Date: d, Amount: amount, Method: method, Ref: "Règlement " + inv.Number})
		}
		amt := inv.Amount
		switch c.Profile {
		case receivable.GoodPayer:
			pay(-r.IntN(6), amt)
		case receivable.Automatic:
			if r.IntN(20) == 0 { // a rejected direct debit, collected again later
				pay(10+r.IntN(20), amt)
			} else {
				pay(0, amt)
			}
		case receivable.Careless:
			pay(3+r.IntN(30), amt)
		case receivable.Administrative:
			pay(20+r.IntN(55), amt)
		case receivable.BadPayer:
			if r.IntN(6) > 0 {
				pay(25+r.IntN(90), amt)
			}
		case receivable.DisputeProne:
			if noteDay := inv.DueDate.AddDays(10 + r.IntN(20)); r.IntN(5) == 0 && !noteDay.After(today) {
				// A dispute settled by a credit note for part of the invoice, the rest paid.
				part := amt * money.Cents(10+r.IntN(30)) / 100
				c.CreditNotes = append(c.CreditNotes, CreditNote{Invoice: receivable.Invoice{Kind: receivable.KindCreditNote,
					Number: "AV-" + strings.TrimPrefix(inv.Number, "FA-"), IssueDate: noteDay, DueDate: noteDay,
					Amount: part, Currency: "EUR"}, Credits: inv.Number})
				pay(30+r.IntN(40), amt-part)
			} else {
				pay(5+r.IntN(40), amt)
			}
		case receivable.Insolvent:
			// Part now, part later, if at all.
			first := amt * money.Cents(20+r.IntN(40)) / 100
			pay(15+r.IntN(30), first)
			if r.IntN(3) == 0 {
				pay(60+r.IntN(60), amt-first)
			}
		}
		// Now and then an invoice is paid in two goes whatever the profile.
		if len(inv.Payments) == 1 && r.IntN(12) == 0 && inv.Payments[0].Amount > 20000 {
			p := inv.Payments[0]
			half := p.Amount / 2
			inv.Payments = []Payment{{Date: p.Date.AddDays(-7), Amount: half, Method: p.Method, Ref: p.Ref + " (acompte)"},
				{Date: p.Date, Amount: p.Amount - half, Method: p.Method, Ref: p.Ref + " (solde)"}}
		}
	}
	// Some customers send a round sum on account, without saying what it pays.
	if c.Profile == receivable.Insolvent || r.IntN(25) == 0 {
		d := today.AddDays(-1 - r.IntN(40))
		c.OnAccount = append(c.OnAccount, Payment{Date: d, Amount: money.Cents(50000 * (1 + r.IntN(4))), Method: "virement", Ref: "Acompte " + c.Name})
	}
}
