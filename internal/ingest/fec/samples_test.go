package fec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// sharedSamples holds the AGPL sample files, which are read in place rather than copied into
// this repository.
const sharedSamples = "../../../../shared/samples/fec"

// openSample reads a sample from testdata, or from the shared samples directory, skipping
// the test when the latter is absent (it is present in CI).
func openSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err == nil {
		return b
	}
	b, err = os.ReadFile(filepath.Join(sharedSamples, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is AGPL-licensed and read from %s, which is absent here (CI has it)", name, sharedSamples)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readSample(t testing.TB, name string) (*File, *Ledger) {
	t.Helper()
	f, err := Parse(name, openSample(t, name))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f, f.Receivables(Options{})
}

// TestSamples reads the nine third-party FEC files. The figures were checked against an
// independent script (unlettered 411 debits and credits, balances, group counts) and against
// the samples README (732 customer sub-accounts in the Quadra file, all its groups balanced).
func TestSamples(t *testing.T) {
	m := money.MustParse
	tests := []struct {
		file                      string
		enc                       string
		sep                       byte
		lines                     int
		customers                 int
		invoices, credits, pays   int
		groups, unbalanced        int
		openInvoices              int
		open, unused, outsideDebt money.Cents
		consumedOutside           money.Cents
	}{
		{"0000000001FEC20220831.txt", "UTF-8 with BOM", '\t', 5422, 17, 400, 9, 129, 134, 15, 2, m("8210.01"), m("8289.14"), m("52596.37"), 0},
		{"000000000FEC20231231.txt", "UTF-8", '\t', 2102, 4, 20, 0, 133, 0, 0, 20, m("187770.84"), m("159999.14"), 0, 0},
		{"111111111FEC20221231.TXT", "ISO-8859-15", '|', 934, 34, 100, 3, 48, 45, 0, 30, m("14900.54"), m("484.02"), 0, 0},
		{"123456789FEC20190731.txt", "UTF-8", '\t', 12605, 732, 1715, 17, 1578, 1310, 0, 248, m("350486.26"), m("67372.43"), 0, 0},
		{"123456789FEC20200331.txt", "ISO-8859-15", '|', 4916, 7, 162, 15, 113, 75, 0, 39, m("56319.04"), m("28919.60"), 0, 0},
		{"123456789FEC20201231.txt", "UTF-8", '|', 1982, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0},
		{"123456789FEC20230331.txt", "UTF-8", '\t', 1480, 7, 159, 0, 120, 0, 0, 159, m("122705.61"), m("92805.47"), 0, 0},
		{"123456789FEC20500930.txt", "UTF-8", '\t', 10756, 1, 3, 1, 0, 1, 0, 2, m("128200.50"), 0, 0, 0},
		{"sage-coala-2020.txt", "UTF-8", '\t', 47, 1, 0, 0, 8, 8, 8, 0, 0, 0, 0, m("363.70")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, led := readSample(t, tt.file)
			if f.Encoding != tt.enc || f.Separator != tt.sep || len(f.Lines) != tt.lines {
				t.Errorf("read %s, %q, %d lines; want %s, %q, %d", f.Encoding, f.Separator, len(f.Lines), tt.enc, tt.sep, tt.lines)
			}
			s := led.Stats
			got := []any{s.Customers, s.Invoices, s.CreditNotes, s.Payments, s.LetteringGroups, s.UnbalancedGroups,
				s.OpenInvoices, s.OpenAmount, s.UnusedCredit, s.SettledOutside, s.ConsumedOutside}
			want := []any{tt.customers, tt.invoices, tt.credits, tt.pays, tt.groups, tt.unbalanced,
				tt.openInvoices, tt.open, tt.unused, tt.outsideDebt, tt.consumedOutside}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("stats %+v\nwant customers, invoices, credit notes, payments, groups, unbalanced, open invoices, open, unused, settled outside, consumed outside = %v", s, want)
					break
				}
			}
			checkLedger(t, f, led)
		})
	}
}

// checkLedger verifies what must hold for any file: every item is accounted for, allocations
// never exceed either side, keys and numbers are unique, and the open items add up to the
// customers' balances once what was settled outside the file is counted.
func checkLedger(t *testing.T, f *File, led *Ledger) {
	t.Helper()
	byNum := map[int]Line{}
	for _, l := range f.Lines {
		byNum[l.Num] = l
	}
	keys := map[string]bool{}
	numbers := map[string]bool{}
	alloc := map[string]money.Cents{}
	for _, a := range led.Allocations {
		if a.Amount <= 0 {
			t.Errorf("allocation %+v: amount not positive", a)
		}
		alloc[a.InvoiceKey] += a.Amount
		alloc[a.PaymentKey+a.CreditNoteKey] += a.Amount
		if (a.PaymentKey == "") == (a.CreditNoteKey == "") {
			t.Errorf("allocation %+v: want exactly one of payment and credit note", a)
		}
	}
	var balance, open, settled money.Cents
	for _, c := range led.Customers {
		balance += c.Balance
	}
	for _, inv := range led.Invoices {
		if keys[inv.Key] {
			t.Errorf("duplicate key %q", inv.Key)
		}
		keys[inv.Key] = true
		nk := string(inv.Kind) + " " + inv.Number
		if numbers[nk] {
			t.Errorf("duplicate number %q", nk)
		}
		numbers[nk] = true
		if inv.Amount <= 0 || inv.Open < 0 || inv.Allocated+inv.SettledOutside+inv.Open != inv.Amount {
			t.Errorf("invoice %+v does not add up", inv)
		}
		if alloc[inv.Key] != inv.Allocated {
			t.Errorf("invoice %s: allocations sum to %v, Allocated is %v", inv.Key, alloc[inv.Key], inv.Allocated)
		}
		if l, ok := byNum[inv.Line]; !ok || l.CompteNum != inv.Account || abs(l.Net()) != inv.Amount {
			t.Errorf("invoice %s: line %d does not match", inv.Key, inv.Line)
		}
		if inv.Kind == receivable.KindCreditNote {
			balance += inv.Amount
			open -= inv.Open
			settled -= inv.SettledOutside
		} else {
			balance -= inv.Amount
			open += inv.Open
			settled += inv.SettledOutside
		}
	}
	for _, p := range led.Payments {
		if keys[p.Key] {
			t.Errorf("duplicate key %q", p.Key)
		}
		keys[p.Key] = true
		if p.Amount <= 0 || p.Unallocated < 0 || p.Allocated+p.SettledOutside+p.Unallocated != p.Amount {
			t.Errorf("payment %+v does not add up", p)
		}
		if alloc[p.Key] != p.Allocated {
			t.Errorf("payment %s: allocations sum to %v, Allocated is %v", p.Key, alloc[p.Key], p.Allocated)
		}
		if l, ok := byNum[p.Line]; !ok || l.CompteNum != p.Account || -l.Net() != p.Amount {
			t.Errorf("payment %s: line %d does not match", p.Key, p.Line)
		}
		balance += p.Amount
		open -= p.Unallocated
		settled -= p.SettledOutside
	}
	if balance != 0 {
		t.Errorf("customer balances differ from the items by %v", balance)
	}
	var total money.Cents
	for _, c := range led.Customers {
		total += c.Balance
	}
	if open+settled != total {
		t.Errorf("open %v + settled outside %v != balance %v", open, settled, total)
	}
}
