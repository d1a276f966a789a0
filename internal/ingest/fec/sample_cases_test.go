package fec

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

func lineAt(t *testing.T, f *File, num int) Line {
	t.Helper()
	for _, l := range f.Lines {
		if l.Num == num {
			return l
		}
	}
	t.Fatalf("no line %d", num)
	return Line{}
}

// The Quadra file is the richest: a collective account with 732 customer sub-accounts,
// opening entries carrying the original piece dates, and a negative debit.
func TestQuadra(t *testing.T) {
	f, led := readSample(t, "123456789FEC20190731.txt")
	var arom *Customer
	for i, c := range led.Customers {
		if c.Ref == "01AROM00" {
			arom = &led.Customers[i]
		}
	}
	if arom == nil || arom.Name != "AROMATIC RESTAURANT" || arom.Account != "41100000" {
		t.Fatalf("customer 01AROM00 = %+v", arom)
	}
	inv := invoiceAtLine(t, led, 3)
	if inv.Origin != OriginOpening || inv.IssueDate != civil.D(2017, 8, 1) || inv.CustomerRef != "01AROM00" || inv.Open != 0 {
		t.Errorf("opening item at line 3 = %+v, want the 2017-08-01 piece date kept, settled by lettering AA", inv)
	}
	neg := lineAt(t, f, 12542)
	if neg.Debit != money.MustParse("-708.91") || neg.Net() != money.MustParse("-708.91") {
		t.Errorf("negative debit line = %+v", neg)
	}
	if led.Stats.UnbalancedGroups != 0 || led.Stats.LetteredLines != 3000 {
		t.Errorf("stats %+v: want 3000 lettered 411 lines, all groups balanced", led.Stats)
	}
}

func invoiceAtLine(t *testing.T, led *Ledger, line int) Invoice {
	t.Helper()
	for _, inv := range led.Invoices {
		if inv.Line == line {
			return inv
		}
	}
	t.Fatalf("no invoice at line %d", line)
	return Invoice{}
}

func paymentAtLine(t *testing.T, led *Ledger, line int) Payment {
	t.Helper()
	for _, p := range led.Payments {
		if p.Line == line {
			return p
		}
	}
	t.Fatalf("no payment at line %d", line)
	return Payment{}
}

// Sage Coala: the payments are lettered against invoices that are not in the extract. The
// lettering says they are settled, so none of them is left as money on account.
func TestSageCoalaLetteredOutside(t *testing.T) {
	_, led := readSample(t, "sage-coala-2020.txt")
	if len(led.Customers) != 1 || led.Customers[0].Ref != "411PASSA" || led.Customers[0].Name != "Passage" ||
		led.Customers[0].Account != "41100000000" {
		t.Fatalf("customers = %+v", led.Customers)
	}
	if len(led.Payments) != 8 || len(led.Allocations) != 0 || len(led.Invoices) != 0 {
		t.Fatalf("%d payments, %d allocations, %d invoices; want 8, 0, 0", len(led.Payments), len(led.Allocations), len(led.Invoices))
	}
	for _, p := range led.Payments {
		if p.SettledOutside != p.Amount || p.Unallocated != 0 || p.Letter == "" {
			t.Errorf("payment %+v: want wholly settled outside the file", p)
		}
	}
	p := led.Payments[0]
	if p.Date != civil.D(2020, 1, 9) || p.Amount != money.MustParse("18.95") || !strings.Contains(p.Reference, "FA2000004") {
		t.Errorf("first payment = %+v", p)
	}
}

// In 0000000001FEC20220831 the previous year is summarised in one opening line per customer
// ("RAN"), while the payments of September are lettered against the previous year's
// invoices: they settle those opening balances. Invoices of August lettered with next year's
// payments are settled outside the file. Only two items stay open.
func TestCrossYearLettering(t *testing.T) {
	_, led := readSample(t, "0000000001FEC20220831.txt")
	var open []string
	for _, inv := range led.Invoices {
		if inv.Kind == receivable.KindInvoice && inv.Open > 0 {
			open = append(open, inv.CustomerRef+" "+inv.PieceRef+" "+inv.Open.String())
		}
	}
	want := []string{"CPERR0 RAN 94.95", "CNOURR FA  220272 8115.06"}
	if strings.Join(open, ", ") != strings.Join(want, ", ") {
		t.Errorf("open invoices = %q, want %q", open, want)
	}
	// PROSOL: opening balance 35 724,95, settled by three September and October payments whose
	// lettering groups hold no invoice (AARP, AARQ) or not enough (AARR).
	ran := invoiceAtLine(t, led, 48)
	if ran.CustomerRef != "CPRO00" || ran.Amount != money.MustParse("35724.95") || ran.Open != 0 || ran.Allocated != ran.Amount {
		t.Errorf("PROSOL opening balance = %+v", ran)
	}
	var byOpening money.Cents
	for _, a := range led.Allocations {
		if a.InvoiceKey == ran.Key {
			if a.Rule != RuleOpening {
				t.Errorf("allocation %+v: want rule opening", a)
			}
			byOpening += a.Amount
		}
	}
	if byOpening != ran.Amount {
		t.Errorf("allocated to the opening balance: %v", byOpening)
	}
	aarr := paymentAtLine(t, led, 1989)
	if aarr.Letter != "AARR" || aarr.Amount != money.MustParse("29602.76") || aarr.Unallocated != 0 || aarr.SettledOutside != 0 {
		t.Errorf("AARR payment = %+v", aarr)
	}
	late := invoiceAtLine(t, led, 5383) // AATG, 31 August 2022, paid the next year
	if late.SettledOutside != late.Amount || late.Open != 0 {
		t.Errorf("invoice lettered with next year's payment = %+v", late)
	}
}

// ISTEA letters with "*A" codes beside plain "A" on the same account, reuses letters across
// accounts, and puts a 0,01 rounding line in a group; it also carries a DateRglt column.
func TestISTEALettering(t *testing.T) {
	f, err := Parse("123456789FEC20201231.txt", openSample(t, "123456789FEC20201231.txt"))
	if err != nil {
		t.Fatal(err)
	}
	led := f.Receivables(Options{CustomerAccounts: []string{"401", "409", "411"}})
	checkLedger(t, f, led)
	if led.Stats.LetteringGroups != 7 || led.Stats.UnbalancedGroups != 0 {
		t.Errorf("stats %+v: want 7 balanced groups (A, *A, B on 40199999; *A, *B, *C on 40910000; A on 41199999)", led.Stats)
	}
	letters := map[string]money.Cents{}
	for _, a := range led.Allocations {
		if strings.HasPrefix(a.InvoiceKey, "21|21-8743") || strings.HasPrefix(a.InvoiceKey, "90|90-6595") {
			letters[a.Letter] += a.Amount
		}
	}
	if letters["*A"] != money.MustParse("192.61") || len(letters) != 1 {
		t.Errorf("allocations of the *A group on 40199999 = %v, want 192.61 under *A only", letters)
	}
	bounced := invoiceAtLine(t, led, 1410)
	if bounced.DueDate != civil.D(2020, 9, 30) || bounced.Origin != OriginOther || bounced.Open != 0 {
		t.Errorf("bounced cheque = %+v, want due date from DateRglt", bounced)
	}
}

func TestOddFormats(t *testing.T) {
	t.Run("trailing pipe, padding, 8-bit", func(t *testing.T) {
		f, _ := readSample(t, "111111111FEC20221231.TXT")
		l := lineAt(t, f, 779)
		if l.EcritureLib != "CREATø MAQUETTE ETIQ" || l.Debit != money.MustParse("390") || l.JournalCode != "FG" ||
			l.EcritureNum != "00000201" || l.ValidDate != civil.D(2024, 3, 31) {
			t.Errorf("line 779 = %+v", l)
		}
		if len(f.Columns) != 19 || f.Columns[18] != "" {
			t.Errorf("columns = %q, want 18 names and the empty one after the trailing pipe", f.Columns)
		}
	})
	t.Run("padded header, signed amounts", func(t *testing.T) {
		f, _ := readSample(t, "123456789FEC20230331.txt")
		if f.Columns[1] != "JournalLib" {
			t.Errorf("column 1 = %q", f.Columns[1])
		}
		l := f.Lines[0]
		if l.JournalCode != "A" || l.Debit != money.MustParse("69.40") || l.Credit != 0 || l.PieceRef != "43" {
			t.Errorf("first line = %+v", l)
		}
		// The samples README counts 60 negative amounts: 23 debits and 37 credits.
		negD, negC := 0, 0
		for _, l := range f.Lines {
			if l.Debit < 0 {
				negD++
			}
			if l.Credit < 0 {
				negC++
			}
		}
		if negD != 23 || negC != 37 {
			t.Errorf("%d negative debits and %d negative credits, want 23 and 37", negD, negC)
		}
	})
	t.Run("CR CR LF", func(t *testing.T) {
		f, _ := readSample(t, "123456789FEC20500930.txt")
		for i, l := range f.Lines {
			if l.Num != i+2 || strings.ContainsAny(l.Idevise+l.EcritureLib, "\r\n") {
				t.Fatalf("line %d read as %d: %+v", i+2, l.Num, l)
			}
		}
	})
	t.Run("EcritureNum 0, credit notes by counterpart", func(t *testing.T) {
		f, led := readSample(t, "123456789FEC20200331.txt")
		if f.Columns[5] != "CompteLIB" || f.Lines[0].CompteLib != "Charges à payer" {
			t.Errorf("column %q, label %q", f.Columns[5], f.Lines[0].CompteLib)
		}
		if cn := invoiceAtLine(t, led, 3774); cn.Kind != receivable.KindCreditNote || cn.Number != "2018000102" {
			t.Errorf("line 3774 = %+v, want a credit note", cn)
		}
		// A bank transfer whose label mentions the credit note it nets is still a payment.
		if p := paymentAtLine(t, led, 2048); p.Journal != "21" {
			t.Errorf("line 2048 = %+v", p)
		}
	})
}
