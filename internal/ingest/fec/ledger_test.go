package fec

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

const ownFEC = "123456782FEC20251231.txt"

// item is what a collector needs to know of an item, for comparisons.
type item struct {
	Customer, Kind, Number string
	Due                    civil.Date
	Amount, Alloc, Outside money.Cents
	Open                   money.Cents
}

func items(led *Ledger) []item {
	var out []item
	for _, inv := range led.Invoices {
		out = append(out, item{inv.CustomerRef, string(inv.Kind), inv.Number, inv.DueDate,
			inv.Amount, inv.Allocated, inv.SettledOutside, inv.Open})
	}
	for _, p := range led.Payments {
		out = append(out, item{p.CustomerRef, "payment", p.PieceRef, civil.Date{},
			p.Amount, p.Allocated, p.SettledOutside, p.Unallocated})
	}
	return out
}

// TestOwnFEC checks every item of the small FEC written for this package against open items
// computed by hand:
//
//	C001 Boulangerie Martin: FA2024-0120 (opening, 1 200) paid by lettering AA; FA2025-0001
//	  (1 440) partly paid 440 under partial lettering "ac", so 1 000 open; FA2025-0005 (240)
//	  open; RECT2025-01, a negative debit of 50 against revenue, an unused credit note.
//	  Balance 1 200 + 1 440 + 240 - 50 - 1 200 - 440 = 1 190 = 1 000 + 240 - 50.
//	C002 Hôtel Beauséjour: opening balance RAN 2 400, paid by a transfer lettered AB against
//	  last year's invoices (rule opening); FA2025-0002 (600) settled by credit note
//	  AV2025-0001 (120) and a transfer of 480, all lettered AD. Balance 0.
//	C003 Épicerie Fine Léa: FA2025-0003 (960) open; FA2025-0004 (360) lettered AE with a
//	  payment of next January, settled outside; a down payment of 100 unallocated.
//	  Balance 960 + 360 - 100 = 1 220 = 960 + 360 settled outside - 100.
func TestOwnFEC(t *testing.T) {
	f, led := readSample(t, ownFEC)
	checkLedger(t, f, led)
	if f.Encoding != "ISO-8859-15" || f.Separator != '\t' {
		t.Errorf("encoding %s, separator %q", f.Encoding, f.Separator)
	}
	m := money.MustParse
	d := civil.MustParse
	want := []item{
		{"C001", "invoice", "FA2024-0120", d("2025-01-09"), m("1200"), m("1200"), 0, 0},
		{"C002", "invoice", "RAN", civil.Date{}, m("2400"), m("2400"), 0, 0},
		{"C001", "invoice", "FA2025-0001", d("2025-03-05"), m("1440"), m("440"), 0, m("1000")},
		{"C002", "invoice", "FA2025-0002", d("2025-03-12"), m("600"), m("600"), 0, 0},
		{"C002", "credit_note", "AV2025-0001", civil.Date{}, m("120"), m("120"), 0, 0},
		{"C003", "invoice", "FA2025-0003", d("2025-04-14"), m("960"), 0, 0, m("960")},
		{"C001", "invoice", "FA2025-0005", d("2025-07-30"), m("240"), 0, 0, m("240")},
		{"C003", "invoice", "FA2025-0004", d("2026-01-19"), m("360"), 0, m("360"), 0},
		{"C001", "credit_note", "RECT2025-01", civil.Date{}, m("50"), 0, 0, m("50")},
		{"C001", "payment", "REL01", civil.Date{}, m("1200"), m("1200"), 0, 0},
		{"C002", "payment", "REL01", civil.Date{}, m("2400"), m("2400"), 0, 0},
		{"C002", "payment", "REL03", civil.Date{}, m("480"), m("480"), 0, 0},
		{"C001", "payment", "REL03", civil.Date{}, m("440"), m("440"), 0, 0},
		{"C003", "payment", "REL07", civil.Date{}, m("100"), 0, 0, m("100")},
	}
	if diff := cmp.Diff(want, items(led)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantCust := []Customer{
		{Ref: "C001", Name: "SARL Boulangerie Martin", Account: "41100000", Lines: 6, Balance: m("1190")},
		{Ref: "C002", Name: "SAS Hôtel Beauséjour", Account: "41100000", Lines: 5, Balance: 0},
		{Ref: "C003", Name: "Épicerie Fine Léa", Account: "41100000", Lines: 3, Balance: m("1220")},
	}
	if diff := cmp.Diff(wantCust, led.Customers); diff != "" {
		t.Errorf("customers (-want +got):\n%s", diff)
	}
	var rules []string
	for _, a := range led.Allocations {
		rules = append(rules, fmt.Sprintf("%s %s %s %s", a.Rule, a.Letter, a.Amount, a.Date))
	}
	wantRules := []string{
		"lettering AA 1200.00 2025-01-15",
		"lettering ac 440.00 2025-03-10",
		"lettering AD 120.00 2025-03-01",
		"lettering AD 480.00 2025-03-01",
		"opening AB 2400.00 2025-01-20",
	}
	if diff := cmp.Diff(wantRules, rules); diff != "" {
		t.Errorf("allocations (-want +got):\n%s", diff)
	}
	s := led.Stats
	if s.OpenInvoices != 3 || s.OpenAmount != m("2200") || s.UnusedCredit != m("150") ||
		s.SettledOutside != m("360") || s.UnbalancedGroups != 3 || s.PartialGroups != 1 {
		t.Errorf("stats = %+v", s)
	}
	cn := led.Invoices[8]
	if cn.Origin != OriginSale || cn.IssueDate != d("2025-07-01") || cn.Kind != receivable.KindCreditNote {
		t.Errorf("negative debit = %+v, want a credit note of 2025-07-01", cn)
	}
	if op := led.Invoices[0]; op.Origin != OriginOpening || op.IssueDate != d("2024-12-10") {
		t.Errorf("opening item = %+v, want its original piece date", op)
	}
}

// With ImputeUnlettered, unlettered credits go to the oldest unlettered debits of the same
// account: C001's credit note of 50 to FA2025-0005, C003's 100 to FA2025-0003. The partial
// lettering "ac" is the accountant's decision and is left alone.
func TestImputeUnlettered(t *testing.T) {
	f, _ := readSample(t, ownFEC)
	led := f.Receivables(Options{ImputeUnlettered: true})
	checkLedger(t, f, led)
	open := map[string]money.Cents{}
	for _, inv := range led.Invoices {
		open[inv.Number] = inv.Open
	}
	m := money.MustParse
	if open["FA2025-0005"] != m("190") || open["FA2025-0003"] != m("860") || open["FA2025-0001"] != m("1000") ||
		open["RECT2025-01"] != 0 {
		t.Errorf("open = %v", open)
	}
	n := 0
	for _, a := range led.Allocations {
		if a.Rule == RuleImputation {
			n++
		}
	}
	if n != 2 || led.Stats.UnusedCredit != 0 {
		t.Errorf("%d imputations, unused credit %v; want 2 and 0", n, led.Stats.UnusedCredit)
	}
}

// The same file in every layout packages produce reads to the same ledger.
func TestLayouts(t *testing.T) {
	raw := openSample(t, ownFEC)
	utf, err := charmap.ISO8859_15.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	lf := bytes.ReplaceAll(utf, []byte("\r\n"), []byte("\n"))
	pipe := func(b []byte) []byte {
		var out []string
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			fs := strings.Split(l, "\t")
			for i := range fs {
				fs[i] = fmt.Sprintf("%-12s", fs[i]) // fixed-width padding
			}
			out = append(out, strings.Join(fs, "|")+"|")
		}
		return []byte(strings.Join(out, "\n") + "\n")
	}
	w1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(string(lf), "Ventes", "Ventes \u2019")))
	variants := map[string][]byte{
		"UTF-8 LF":             lf,
		"UTF-8 BOM CRLF":       append([]byte("\xEF\xBB\xBF"), utf...),
		"CR CR LF":             bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\r\n")),
		"CR only":              bytes.ReplaceAll(lf, []byte("\n"), []byte("\r")),
		"pipe, padded, ending": pipe(lf),
		"Windows-1252":         w1252,
		"header case": bytes.Replace(lf, []byte("JournalCode\tJournalLib"),
			[]byte("JOURNALCODE\t journallib "), 1),
	}
	_, want := readSample(t, ownFEC)
	for name, b := range variants {
		t.Run(name, func(t *testing.T) {
			f, err := Parse("v.txt", b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(items(want), items(f.Receivables(Options{}))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Montant and Sens may replace Debit and Credit (article A47 A-1, II).
func TestMontantSens(t *testing.T) {
	in := "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\n" +
		"VT|Ventes|1|31/01/2026|411000|Clients|C1|Client 1|F1|31/01/2026|Facture F1|120,00|D||||||\n" +
		"VT|Ventes|1|31/01/2026|706000|Ventes|||F1|31/01/2026|Facture F1|120,00|C||||||\n" +
		"BQ|Banque|2|15/02/2026|411000|Clients|C1|Client 1|V1|15/02/2026|Virement|20,00|C||||||\n"
	f, err := Parse("ms.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	led := f.Receivables(Options{})
	if len(led.Invoices) != 1 || led.Invoices[0].Amount != money.MustParse("120") ||
		led.Invoices[0].IssueDate != civil.D(2026, 1, 31) || led.Payments[0].Unallocated != money.MustParse("20") {
		t.Errorf("ledger = %+v", led)
	}
}

func TestForeignCurrency(t *testing.T) {
	in := "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n" +
		"VE\tVentes\t1\t20260131\t411000\tClients\tUS1\tAcme Inc\tF9\t20260131\tInvoice F9\t920,00\t0,00\t\t\t\t1000,00\tUSD\n"
	f, err := Parse("fx.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	inv := f.Receivables(Options{}).Invoices[0]
	if inv.Currency != "EUR" || inv.ForeignAmount != money.MustParse("1000") || inv.ForeignCurrency != "USD" {
		t.Errorf("invoice = %+v", inv)
	}
}

func TestErrors(t *testing.T) {
	head := "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n"
	good := "VE\tVentes\t1\t20260131\t411000\tClients\t\t\tF1\t20260131\tF1\t10,00\t0,00\t\t\t\t\t\n"
	tests := []struct {
		name, in, want string
	}{
		{"bad amount", head + good + strings.Replace(good, "10,00", "12,3,4", 1),
			`FEC123.txt line 3, column Debit: "12,3,4": invalid amount`},
		{"bad date", head + strings.Replace(good, "\t20260131\t411000", "\t20261331\t411000", 1),
			`FEC123.txt line 2, column EcritureDate: "20261331": invalid date, want yyyymmdd or dd/mm/yyyy`},
		{"missing date", head + strings.Replace(good, "\t20260131\t411000", "\t\t411000", 1),
			`FEC123.txt line 2, column EcritureDate: "": invalid date, want yyyymmdd or dd/mm/yyyy`},
		{"missing columns", "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tDebit\tCredit\n",
			"FEC123.txt line 1: not a FEC file: missing columns CompteLib, CompAuxNum, CompAuxLib, PieceRef, PieceDate, EcritureLib, EcritureLet, DateLet, ValidDate, Montantdevise, Idevise"},
		{"separator inside a field", head + strings.Replace(strings.Replace(good, "\tF1\t", "\tF1\tx\t", 1), "\t\n", "\tEUR\n", 1),
			"FEC123.txt line 2: wrong number of fields: 19 fields, the header has 18 (a separator inside a field?)"},
		{"empty", "\n\n", "FEC123.txt: empty file: no header line"},
		{"empty account", head + strings.Replace(good, "411000", "", 1),
			`FEC123.txt line 2, column CompteNum: "": empty account number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("FEC123.txt", []byte(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v\nwant    %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "FEC123.txt" {
				t.Errorf("error %v is not an *Error naming the file", err)
			}
		})
	}
	t.Run("several lines, sentinel", func(t *testing.T) {
		bad := strings.Replace(good, "10,00", "abc", 1)
		_, err := Parse("FEC123.txt", []byte(head+bad+good+bad))
		if !errors.Is(err, ErrAmount) || strings.Count(err.Error(), "invalid amount") != 2 ||
			!strings.Contains(err.Error(), "line 4, column Debit") {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("stops after 20", func(t *testing.T) {
		bad := strings.Replace(good, "10,00", "abc", 1)
		_, err := Parse("FEC123.txt", []byte(head+strings.Repeat(bad, 50)))
		if n := strings.Count(err.Error(), "\n"); n != 20 || !strings.Contains(err.Error(), "too many errors, stopped at line 21") {
			t.Errorf("%d lines in error:\n%v", n+1, err)
		}
	})
}
