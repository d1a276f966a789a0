package render

import (
	"sync"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
)

// The sample account: a glassworks in Lyon chasing a bakery chain in Grenoble for three
// invoices, the oldest partly paid, on 12 May 2026. The names, numbers and IBAN are made up
// (example domains, an IBAN that belongs to no one).
var (
	sampleDay      = civil.D(2026, time.May, 12)
	sampleInvoices = []penalty.Invoice{
		{Number: "FA-2026-0112", IssueDate: civil.D(2026, time.January, 15), DueDate: civil.D(2026, time.February, 14),
			Amount: 480000, Currency: "EUR", Payments: []penalty.Payment{{Date: civil.D(2026, time.March, 10), Amount: 180000}}},
		{Number: "FA-2026-0187", IssueDate: civil.D(2026, time.February, 10), DueDate: civil.D(2026, time.March, 12),
			Amount: 216000, Currency: "EUR"},
		{Number: "FA-2026-0231", IssueDate: civil.D(2026, time.March, 5), DueDate: civil.D(2026, time.April, 4),
			Amount: 123456, Currency: "EUR"},
	}
	sampleStatement = sync.OnceValues(func() (penalty.Statement, error) {
		return penalty.BuildStatement(penalty.StatementInput{CustomerRef: "C0042", CustomerName: "Boulangeries Martin SARL",
			Terms: penalty.Terms{Kind: receivable.B2B, DayCount: penalty.Actual365}, Invoices: sampleInvoices, Day: sampleDay},
			penalty.DefaultRates())
	})
)

// SampleData is the data of the previews and of Parse's check: a business customer with
// three overdue invoices, one of them partly paid, with the late penalties and indemnities
// computed, a promise and a payment plan, so that every variable has a value. The letter is
// not registered (set Registered to preview a registered one).
func SampleData(lang string) Data {
	st, err := sampleStatement()
	if err != nil {
		panic(err) // the embedded rate table covers the sample; TestSampleData checks it
	}
	var lines []Line
	for _, inv := range sampleInvoices {
		paid := money.Cents(0)
		for _, p := range inv.Payments {
			paid += p.Amount
		}
		lines = append(lines, Line{Number: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
			Amount: inv.Amount, Open: inv.Amount - paid, DaysLate: sampleDay.Sub(inv.DueDate), Step: "mise-en-demeure"})
	}
	d := Data{
		Lang:    lang,
		Date:    sampleDay,
		Company: sampleCompany(),
		Customer: receivable.Customer{ID: 42, Ref: "C0042", Name: "Boulangeries Martin SARL", SIREN: "823 456 789",
			Kind: receivable.B2B, Language: lang, Profile: receivable.BadPayer,
			Address: receivable.Address{Line1: "3 avenue des Tilleuls", Line2: "ZA des Glairons",
				PostalCode: "38400", City: "Saint-Martin-d'Hères", Country: "FR"}},
		Contact: receivable.Contact{ID: 7, CustomerID: 42, Name: "Claire Dubois", Role: pick(lang, "accounts payable", "comptabilité fournisseurs"),
			Email: "claire.dubois@boulangeries-martin.example", Phone: "04 76 00 12 34", Dunning: true},
		Invoices:  lines,
		Currency:  "EUR",
		Penalties: PenaltiesOf(st, lang),
		Collector: Collector{Name: "Sophie Lambert", Role: pick(lang, "Credit controller", "Responsable recouvrement"),
			Email: "recouvrement@atelier-verrier.example", Phone: "04 72 10 20 30"},
		Step:    "mise-en-demeure",
		Phase:   dunning.Level3,
		History: History{Reminders: 3, LastReminder: civil.D(2026, time.April, 21), BrokenPromises: 1},
		Promise: &receivable.Promise{ID: 5, CustomerID: 42, Made: sampleDay, Date: civil.D(2026, time.May, 22),
			Amount: 300000, Via: "call"},
		Plan: &receivable.PaymentPlan{ID: 3, CustomerID: 42, Created: sampleDay, Instalments: []receivable.Instalment{
			{Due: civil.D(2026, time.May, 15), Amount: 200000},
			{Due: civil.D(2026, time.June, 15), Amount: 220000},
			{Due: civil.D(2026, time.July, 15), Amount: 219456},
		}},
		Reason: pick(lang, "insufficient funds", "provision insuffisante"),
	}
	return d.withDefaults(lang)
}

// SampleConsumerData is SampleData for a consumer customer: no late penalties and no
// indemnity may be claimed, so Penalties is nil.
func SampleConsumerData(lang string) Data {
	d := SampleData(lang)
	d.Customer = receivable.Customer{ID: 43, Ref: "P0107", Name: "Julien Moreau", Kind: receivable.B2C, Language: lang,
		Address: receivable.Address{Line1: "18 rue Francis de Pressensé", PostalCode: "69100", City: "Villeurbanne", Country: "FR"}}
	d.Contact = receivable.Contact{ID: 9, CustomerID: 43, Name: "Julien Moreau", Email: "julien.moreau@example.net",
		Phone: "06 00 00 00 00", Dunning: true}
	d.Penalties = nil
	d.PaymentReference = d.Customer.Ref
	return d
}

func sampleCompany() receivable.Company {
	return receivable.Company{ID: 1, Slug: "atelier-verrier", Name: "Atelier Verrier du Rhône",
		LegalName: "Atelier Verrier du Rhône SAS", SIREN: "912 345 678", VATNumber: "FR32912345678",
		Address: receivable.Address{Line1: "14 rue de la Charité", PostalCode: "69002", City: "Lyon", Country: "FR"},
		Email:   "compta@atelier-verrier.example", Phone: "04 72 10 20 00",
		IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPPXXX", Currency: "EUR", TimeZone: "Europe/Paris",
		Language: "fr", PaymentTermsDays: 30}
}
