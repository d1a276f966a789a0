package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Dataset is a generated set of open invoices and incoming payments, with the allocations
// each payment should get: the ground truth matching is measured against.
type Dataset struct {
	Invoices []OpenInvoice
	Payments []Payment
	Truth    map[string][]Allocation // by payment ID; none for a payment that settles nothing
	Scenario map[string]string       // by payment ID: how the payment was made noisy
}

// Scenarios of Generate, with their share of the payments.
var Scenarios = []struct {
	Name  string
	Share float64
}{
	{"reference", 0.36},    // one invoice paid in full, its number in the text (formatting noise)
	{"typo", 0.08},         // the same with one typo in the number
	{"no-reference", 0.16}, // one invoice in full, no number: name and amount only
	{"customer-ref", 0.05}, // one invoice in full, the customer's reference instead of the number
	{"grouped", 0.12},      // two to four invoices of a customer in one payment, some numbers given
	{"partial", 0.08},      // part of one invoice
	{"wrong-amount", 0.09}, // one invoice, less a bank fee or a little more, number often given
	{"noise", 0.06},        // money that settles no invoice (refund, other business, unknown payer)
}

var (
	genForms   = []string{"SARL", "SAS", "SA", "EURL", "SASU", "SCI", "", "", ""}
	genTrades  = []string{"Boulangerie", "Transports", "Garage", "Hôtel", "Restaurant", "Pharmacie", "Menuiserie", "Plomberie", "Imprimerie", "Librairie", "Épicerie", "Cabinet", "Atelier", "Laboratoire", "Fromagerie", "Boucherie", "Brasserie", "Électricité", "Maçonnerie", "Pépinière", "Informatique", "Conseil", "Nettoyage", "Distribution", "Agence", "Clinique", "Studio", "Domaine", "Ferme", "Cave"}
	genNames   = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin"}
	genPlaces  = []string{"du Centre", "de la Gare", "des Alpes", "du Port", "de Provence", "du Lac", "des Vignes", "de l'Ouest", "du Marché", "des Halles", "Saint-Michel", "de Bretagne", "du Rhône", "des Pins", "Bellevue", "", "", "", "", ""}
	genFirst   = []string{"Jean", "Marie", "Pierre", "Sophie", "Luc", "Anne", "Paul", "Julie", "Marc", "Claire"}
	genLabels  = []string{"VIR SEPA", "VIREMENT", "VIR", "PAIEMENT", "REGLEMENT", "VIR INST", ""}
	genFillers = []string{"FACTURE", "FACT", "FACT.", "REGLEMENT", "N°", "REF", "PAIEMENT", "SOLDE", ""}
)

type genCustomer struct {
	ref, name string
	invoices  []int // indexes in Dataset.Invoices, oldest first
}

// Generate builds a reproducible dataset of n payments against about n*1.25 open invoices of
// n/4 customers, with the noise payers and banks add: numbers written with other case,
// separators and zeros or with a typo, missing references, partial and grouped payments,
// bank fees deducted, payer names truncated, rearranged or absent, payments from someone
// else, and money that settles nothing. The same seed gives the same dataset.
func Generate(seed uint64, n int) Dataset {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ds := Dataset{Truth: map[string][]Allocation{}, Scenario: map[string]string{}}
	start := civil.D(2025, time.January, 1)

	// Customers and their open invoices.
	nc := max(n/4, 5)
	custs := make([]*genCustomer, nc)
	seq := 0
	for i := range custs {
		c := &genCustomer{name: genCompany(r), ref: genRef(r, i)}
		custs[i] = c
		k := 2 + r.IntN(4) + r.IntN(4) // 2 to 8, about 5: some stay unpaid, as in life
		subscription := r.Float64() < 0.15
		base := genAmount(r)
		day := r.IntN(300)
		for j := 0; j < k; j++ {
			seq++
			amount := genAmount(r)
			if subscription {
				amount = base
			}
			issue := start.AddDays(day)
			day += 10 + r.IntN(40)
			ds.Invoices = append(ds.Invoices, OpenInvoice{
				ID: fmt.Sprintf("I%06d", seq), Number: genNumber(r, seq), CustomerRef: c.ref, CustomerName: c.name,
				Open: amount, IssueDate: issue, DueDate: issue.AddDays([]int{30, 45, 60}[r.IntN(3)]),
			})
			c.invoices = append(c.invoices, len(ds.Invoices)-1)
		}
	}

	used := map[int]bool{}
	pick := func(c *genCustomer, k int) []int {
		var out []int
		for _, i := range c.invoices {
			if !used[i] && len(out) < k {
				out = append(out, i)
			}
		}
		// Customers pay in any order; shuffling keeps "oldest first" from being always right.
		r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
		return out
	}
	for p := 0; p < n; p++ {
		sc := scenario(r)
		id := fmt.Sprintf("P%06d", p+1)
		pay := Payment{ID: id, Date: start.AddDays(60 + r.IntN(330))}
		var c *genCustomer
		var invs []int
		want := 1
		if sc == "grouped" {
			want = 2 + r.IntN(3)
		}
		if sc != "noise" {
			for tries := 0; tries < 50; tries++ {
				c = custs[r.IntN(len(custs))]
				if invs = pick(c, want); len(invs) >= min(want, 2) {
					break
				}
			}
			if len(invs) == 0 {
				sc = "noise"
			}
		}
		ds.Scenario[id] = sc
		var total money.Cents
		for _, i := range invs {
			total += ds.Invoices[i].Open
		}
		var truth []Allocation
		text := []string{genLabels[r.IntN(len(genLabels))]}
		switch sc {
		case "noise":
			pay.Amount = genAmount(r)
			pay.PayerName = strings.ToUpper(genFirst[r.IntN(len(genFirst))] + " " + genNames[r.IntN(len(genNames))])
			text = append(text, []string{"REMBOURSEMENT", "AVANCE", "LOYER", "DON", "REMB FRAIS"}[r.IntN(5)])
		case "partial":
			inv := ds.Invoices[invs[0]]
			pay.Amount = inv.Open * money.Cents(20+r.IntN(70)) / 100
			pay.Amount = max(pay.Amount, 1)
			truth = []Allocation{{inv.ID, pay.Amount}}
			if r.Float64() < 0.8 {
				text = append(text, genFiller(r), genReference(r, inv.Number, false))
			}
			text = append(text, "ACOMPTE")
		case "wrong-amount":
			inv := ds.Invoices[invs[0]]
			if r.Float64() < 0.7 {
				pay.Amount = max(inv.Open-money.Cents(50+r.IntN(2450)), 1) // a bank fee taken on the way
				truth = []Allocation{{inv.ID, pay.Amount}}
			} else {
				pay.Amount = inv.Open + money.Cents(1+r.IntN(500)) // paid a little too much
				truth = []Allocation{{inv.ID, inv.Open}}
			}
			if r.Float64() < 0.7 {
				text = append(text, genFiller(r), genReference(r, inv.Number, false))
			}
		default:
			pay.Amount = total
			for _, i := range invs {
				truth = append(truth, Allocation{ds.Invoices[i].ID, ds.Invoices[i].Open})
			}
			switch sc {
			case "reference":
				text = append(text, genFiller(r), genReference(r, ds.Invoices[invs[0]].Number, false))
			case "typo":
				text = append(text, genFiller(r), genReference(r, ds.Invoices[invs[0]].Number, true))
			case "customer-ref":
				text = append(text, []string{"CLIENT", "CLT", "REF CLIENT", "COMPTE"}[r.IntN(4)], c.ref)
			case "no-reference":
				text = append(text, []string{"FACTURES", "PAIEMENT", "REGLEMENT", "", c.name}[r.IntN(5)])
			case "grouped":
				text = append(text, genFiller(r))
				given := r.IntN(len(invs) + 1) // from none to all of the numbers
				for _, i := range invs[:given] {
					text = append(text, genReference(r, ds.Invoices[i].Number, false))
				}
			}
		}
		for _, i := range invs {
			used[i] = true
		}
		if r.Float64() < 0.3 {
			text = append(text, pay.Date.Format("fr")) // banks and payers add dates…
		}
		if r.Float64() < 0.2 {
			text = append(text, pay.Amount.Format("fr")) // …and amounts
		}
		pay.Remittance = strings.Join(strings.Fields(strings.Join(text, " ")), " ")
		if c != nil {
			pay.PayerName = genPayer(r, c.name)
		}
		ds.Payments = append(ds.Payments, pay)
		ds.Truth[id] = truth
	}
	return ds
}

func scenario(r *rand.Rand) string {
	x := r.Float64()
	for _, s := range Scenarios {
		if x < s.Share {
			return s.Name
		}
		x -= s.Share
	}
	return Scenarios[0].Name
}

func genCompany(r *rand.Rand) string {
	parts := []string{genForms[r.IntN(len(genForms))], genTrades[r.IntN(len(genTrades))]}
	switch r.IntN(3) {
	case 0:
		parts = append(parts, genNames[r.IntN(len(genNames))])
	case 1:
		parts = append(parts, genPlaces[r.IntN(len(genPlaces))])
	default:
		parts = append(parts, genNames[r.IntN(len(genNames))], "et Fils")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// genRef gives customer references in the shapes accounting packages use.
func genRef(r *rand.Rand, i int) string {
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("C%05d", i+1)
	case 1:
		return fmt.Sprintf("CLI-%04d", i+1)
	default:
		return fmt.Sprintf("411%05d", i+1)
	}
}

// genNumber gives invoice numbers in three numbering schemes.
func genNumber(r *rand.Rand, seq int) string {
	switch r.IntN(10) {
	case 0, 1, 2, 3, 4:
		return fmt.Sprintf("FA-2025-%05d", seq)
	case 5, 6, 7:
		return fmt.Sprintf("F25%06d", seq)
	default:
		return fmt.Sprintf("%07d", 1000000+seq)
	}
}

// genAmount is roughly log-uniform between 20 and 20 000 euros, to the cent: as many small
// invoices as large ones.
func genAmount(r *rand.Rand) money.Cents {
	base := int64(2000) << r.IntN(10)
	return money.Cents(base + r.Int64N(base))
}

func genFiller(r *rand.Rand) string { return genFillers[r.IntN(len(genFillers))] }

// genReference writes an invoice number the way payers do: in other case, with spaces or
// nothing for dashes, without leading zeros, and, when typo is set, with one mistake.
func genReference(r *rand.Rand, number string, typo bool) string {
	s := number
	switch r.IntN(7) {
	case 1:
		s = strings.ToLower(s)
	case 2:
		s = strings.ReplaceAll(s, "-", " ")
	case 3:
		s = strings.ReplaceAll(s, "-", "")
	case 4: // "FA-2025-00012" -> "FA2025 12"
		parts := strings.Split(s, "-")
		if len(parts) == 3 {
			s = parts[0] + parts[1] + " " + strings.TrimLeft(parts[2], "0")
		}
	case 5:
		s = strings.ReplaceAll(s, "-", "/")
	}
	if typo {
		b := []byte(s)
		var digits []int
		for i, c := range b {
			if c >= '0' && c <= '9' {
				digits = append(digits, i)
			}
		}
		if len(digits) >= 2 {
			i := digits[len(digits)/2+r.IntN(len(digits)-len(digits)/2)]
			switch r.IntN(3) {
			case 0:
				b[i] = '0' + byte((int(b[i]-'0')+1+r.IntN(8))%10)
			case 1:
				if i+1 < len(b) && isDigit(b[i+1]) && b[i] != b[i+1] {
					b[i], b[i+1] = b[i+1], b[i]
				} else {
					b[i] = '0' + byte((int(b[i]-'0')+1)%10)
				}
			default:
				b = append(b[:i], b[i+1:]...)
			}
		}
		s = string(b)
	}
	return s
}

// genPayer writes the customer's name as a bank shows the payer: upper case, legal form
// moved or dropped, words swapped, truncated; sometimes absent, sometimes someone else.
func genPayer(r *rand.Rand, name string) string {
	switch x := r.Float64(); {
	case x < 0.15:
		return "" // CSV statements and some banks give no payer name
	case x < 0.23:
		return strings.ToUpper("M. " + genFirst[r.IntN(len(genFirst))] + " " + genNames[r.IntN(len(genNames))]) // the manager pays
	case x < 0.28:
		return "HOLDING " + strings.ToUpper(genNames[r.IntN(len(genNames))]) // the parent company pays
	}
	toks := strings.Fields(strings.ToUpper(name))
	var words, forms []string
	for _, t := range toks {
		if ignoredNameWords[fold(t)] {
			forms = append(forms, t)
		} else {
			words = append(words, t)
		}
	}
	if r.IntN(2) == 0 && len(words) > 1 {
		words[0], words[len(words)-1] = words[len(words)-1], words[0]
	}
	if r.IntN(3) == 0 {
		forms = nil
	}
	s := strings.Join(append(words, forms...), " ")
	if r.IntN(4) == 0 && len(s) > 18 {
		s = s[:18] // truncated by the bank
		s = strings.TrimRightFunc(s, func(c rune) bool { return c == ' ' || c >= 0x80 })
	}
	return s
}
