package camt

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// sharedSamples holds the AGPL sample, read in place rather than copied.
const sharedSamples = "../../../../shared/samples/camt053"

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

func readSample(t testing.TB, name string) *Document {
	t.Helper()
	doc, err := Read(name, bytes.NewReader(openSample(t, name)))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return doc
}

// reconciles reports whether opening balance plus entries gives the closing balance, for
// each statement that has both: the strongest check that every amount and direction was
// read right.
func reconciles(st Statement) (opening, entries, closing money.Cents, ok bool) {
	var haveOpen, haveClose bool
	for _, b := range st.Balances {
		switch b.Type {
		case "OPBD", "PRCD":
			if !haveOpen {
				opening, haveOpen = b.Amount, true
			}
		case "CLBD":
			closing, haveClose = b.Amount, true
		}
	}
	for _, e := range st.Entries {
		if e.Credit {
			entries += e.Amount
		} else {
			entries -= e.Amount
		}
	}
	return opening, entries, closing, haveOpen && haveClose && opening+entries == closing
}

func TestSamples(t *testing.T) {
	m := money.MustParse
	tests := []struct {
		file       string
		version    string
		account    string
		statements int
		entries    int
		credits    int
		reversals  int
		payments   int
		incoming   money.Cents
		reconciles bool
	}{
		{"abn-amro_example_camt.xml", "camt.053.001.02", "NL77ABNA0574908765", 1, 13, 7, 2, 22, m("28.00"), true},
		{"ing_example_camt.xml", "camt.053.001.02", "NL08INGB0000001234", 1, 9, 5, 1, 4, m("865.00"), true},
		{"FI_camt_053_sample.xml", "camt.053.001.02", "FI7433010001222090", 1, 10, 6, 0, 6, m("23075.00"), true},
		{"goldman-sachs_camt_053_us_v2_sample.xml", "camt.053.001.02", "DD01100056869", 1, 15, 10, 3, 7, m("70.00"), false},
		{"Business_Sample_camt.053.001.04.xml", "camt.053.001.04", "50000000054910000003", 1, 3, 2, 0, 2, m("135678.50"), true},
		{"camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml", "camt.053.001.04", "CH0309000000250090342", 1, 13, 5, 2, 21, m("1700.56"), true},
		{"camt.053_P_CH2909000000250094239_1110092698_0_2020112503071366.xml", "camt.053.001.04", "CH2909000000250094239", 1, 5, 4, 0, 4, m("4733.72"), false},
		{"test-camt053-txdtls.xml", "camt.053.001.04", "CH1111000000123456789", 1, 1, 1, 0, 2, m("3483.00"), true},
		{"camt053.v8.xml", "camt.053.001.08", "NL26VAYB8060476890", 1, 1, 1, 0, 1, m("8.85"), false},
		{"LT625883379695428516_2024-04-11.xml", "camt.053.001.08", "LT625883379695428516", 2, 15, 3, 0, 3, m("940505.25"), true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readSample(t, tt.file)
			if doc.Version != tt.version || doc.Message != "camt.053" || len(doc.Statements) != tt.statements ||
				doc.Statements[0].Account.ID() != tt.account {
				t.Errorf("%s %s, %d statements, account %q", doc.Message, doc.Version, len(doc.Statements), doc.Statements[0].Account.ID())
			}
			entries, credits, reversals := 0, 0, 0
			for _, st := range doc.Statements {
				for _, e := range st.Entries {
					entries++
					if e.Credit {
						credits++
					}
					if e.Reversal {
						reversals++
					}
					if len(e.Transactions) == 0 || e.BookingDate.IsZero() && tt.file != "LT625883379695428516_2024-04-11.xml" {
						t.Errorf("entry at line %d: %+v", e.Line, e)
					}
				}
				if _, _, _, ok := reconciles(st); tt.reconciles && !ok && len(st.Entries) > 0 {
					o, e, c, _ := reconciles(st)
					t.Errorf("statement %s: %v + %v != %v", st.ID, o, e, c)
				}
			}
			pays := doc.IncomingPayments()
			var total money.Cents
			keys := map[string]bool{}
			for _, p := range pays {
				total += p.Amount
				if keys[p.Key] || p.Amount <= 0 || p.Date.IsZero() {
					t.Errorf("payment %+v: duplicate key, empty amount or date", p)
				}
				keys[p.Key] = true
			}
			if entries != tt.entries || credits != tt.credits || reversals != tt.reversals || len(pays) != tt.payments || total != tt.incoming {
				t.Errorf("%d entries, %d credits, %d reversals, %d payments of %v; want %d, %d, %d, %d, %v",
					entries, credits, reversals, len(pays), total, tt.entries, tt.credits, tt.reversals, tt.payments, tt.incoming)
			}
		})
	}
}

func TestSampleDetails(t *testing.T) {
	t.Run("ABN AMRO batches and SCOR", func(t *testing.T) {
		doc := readSample(t, "abn-amro_example_camt.xml")
		scor := 0
		for _, e := range doc.Statements[0].Entries {
			for _, tx := range e.Transactions {
				for _, r := range tx.References {
					if r.Type == "SCOR" && len(r.Ref) == 16 {
						scor++
					}
				}
			}
		}
		if scor != 11 {
			t.Errorf("%d SCOR references, want 11", scor)
		}
		e := doc.Statements[0].Entries[3] // Acceptgiro batch of 10, all listed
		if e.NbOfTxs != 10 || len(e.Transactions) != 10 || !e.Itemized || e.BankTxCode != "PMNT/RCDT/ESCT" {
			t.Errorf("batch entry = %+v", e)
		}
	})
	t.Run("FI batch with fewer TxDtls keeps the entry amount", func(t *testing.T) {
		doc := readSample(t, "FI_camt_053_sample.xml")
		var partial, rf, invoices bool
		for _, e := range doc.Statements[0].Entries {
			if e.NbOfTxs > len(e.Transactions) && !e.Itemized {
				partial = true
			}
			for _, tx := range e.Transactions {
				for _, r := range tx.References {
					if r.Ref == "RF98123456789012" && r.RF() {
						rf = true
					}
				}
				for _, u := range tx.Unstructured {
					if u == "Invoices 123 and 321" {
						invoices = true
					}
				}
			}
		}
		if !partial || !rf || !invoices {
			t.Errorf("partial batch %v, RF reference %v, unstructured %v", partial, rf, invoices)
		}
	})
	t.Run("Business sample: Othr, DtTm, FX", func(t *testing.T) {
		doc := readSample(t, "Business_Sample_camt.053.001.04.xml")
		fx := doc.Statements[0].Entries[2]
		if fx.Amount != money.MustParse("30000") || fx.Currency != "SEK" || fx.Itemized ||
			fx.Transactions[0].Currency != "EUR" || fx.Transactions[0].Amount != money.MustParse("3255") ||
			fx.BookingDate != civil.D(2010, 10, 18) {
			t.Errorf("FX entry = %+v", fx)
		}
		if p := doc.IncomingPayments()[1]; p.Amount != fx.Amount || p.Currency != "SEK" {
			t.Errorf("FX payment = %+v, want the entry's amount", p)
		}
	})
	t.Run("v08 party wrappers and status code", func(t *testing.T) {
		doc := readSample(t, "camt053.v8.xml")
		e := doc.Statements[0].Entries[0]
		tx := e.Transactions[0]
		if e.Status != "BOOK" || tx.DebtorName != "NAME NAME" || tx.DebtorIBAN != "NL56AGDH9619008421" ||
			tx.CreditorName != "Company Name" || tx.References[0] != (Reference{Type: "SCOR", Issuer: "BBA", Ref: "4654654654654654"}) ||
			tx.Amount != 0 || e.Itemized {
			t.Errorf("entry = %+v", e)
		}
	})
	t.Run("ISR references", func(t *testing.T) {
		doc := readSample(t, "test-camt053-txdtls.xml")
		pays := doc.IncomingPayments()
		if len(pays) != 2 || pays[0].Amount != money.MustParse("2187") || pays[1].Amount != money.MustParse("1296") ||
			pays[0].PayerName != "Banque Cantonale Vaudoise" || len(pays[0].References) != 1 {
			t.Fatalf("payments = %+v", pays)
		}
		if r := doc.Statements[0].Entries[0].Transactions[1].References[0]; r.Type != "ISR Reference" {
			t.Errorf("reference = %+v", r)
		}
	})
	t.Run("credit text on a debit entry is not incoming", func(t *testing.T) {
		doc := readSample(t, "camt.053_P_CH2909000000250094239_1110092698_0_2020112503071366.xml")
		for _, e := range doc.Statements[0].Entries {
			if !e.Credit && e.Incoming() {
				t.Errorf("debit entry %+v counted as incoming", e)
			}
		}
	})
	t.Run("LT: no dates, single line", func(t *testing.T) {
		doc := readSample(t, "LT625883379695428516_2024-04-11.xml")
		if len(doc.Statements[1].Entries) != 0 || doc.Created != civil.D(2024, 4, 11) {
			t.Errorf("second statement %+v, created %v", doc.Statements[1], doc.Created)
		}
		for _, p := range doc.IncomingPayments() {
			if p.Date != civil.D(2024, 4, 11) {
				t.Errorf("payment %+v: want the message's date", p)
			}
		}
	})
}

func TestMalformed(t *testing.T) {
	good := openSample(t, "camt053.v8.xml")
	tests := []struct {
		name string
		in   []byte
		is   error
		want string
	}{
		{"truncated", good[:len(good)/2], ErrSyntax, "camt.xml line 114, Stmt[1]/Ntry: malformed XML: XML syntax error on line 114: unexpected EOF"},
		{"bad amount", bytes.Replace(good, []byte(`<Amt Ccy="EUR">8.85</Amt>`), []byte(`<Amt Ccy="EUR">8,85</Amt>`), 1), ErrAmount,
			`camt.xml line 110, Stmt[1]/Ntry[1]/Amt: "8,85": invalid amount`},
		{"bad date", bytes.Replace(good, []byte(`<Dt>2015-01-02</Dt>`), []byte(`<Dt>2015-13-02</Dt>`), 1), ErrDate,
			`camt.xml line 110, Stmt[1]/Ntry[1]/ValDt/Dt: "2015-13-02": invalid date`},
		{"not camt", []byte(`<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`), ErrNotCAMT,
			`camt.xml line 1, Invoice: not an ISO 20022 bank statement (camt.052, camt.053 or camt.054): root element Invoice in namespace "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"`},
		{"empty", nil, ErrNotCAMT, "camt.xml: not an ISO 20022"},
		{"unclosed tag", []byte(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>1</Idx>`), ErrSyntax,
			"camt.xml line 1, Stmt[1]/Id: malformed XML: XML syntax error on line 1: element <Id> closed by </Idx>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("camt.xml", bytes.NewReader(tt.in))
			if !errors.Is(err, tt.is) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant %s… (%v)", err, tt.want, tt.is)
			}
		})
	}
}

// camt.054 notifications and camt.052 reports share the statement's structure under other
// element names.
func TestNotificationAndReport(t *testing.T) {
	v8 := string(openSample(t, "camt053.v8.xml"))
	for _, tt := range []struct{ message, root, stmt string }{
		{"camt.054", "BkToCstmrDbtCdtNtfctn", "Ntfctn"},
		{"camt.052", "BkToCstmrAcctRpt", "Rpt"},
	} {
		s := strings.ReplaceAll(v8, "camt.053.001.08", tt.message+".001.08")
		s = strings.ReplaceAll(s, "BkToCstmrStmt>", tt.root+">")
		s = strings.ReplaceAll(strings.ReplaceAll(s, "<Stmt>", "<"+tt.stmt+">"), "</Stmt>", "</"+tt.stmt+">")
		doc, err := Read("n.xml", strings.NewReader(s))
		if err != nil {
			t.Fatalf("%s: %v", tt.message, err)
		}
		if doc.Message != tt.message || doc.Version != tt.message+".001.08" || len(doc.IncomingPayments()) != 1 {
			t.Errorf("%s: %+v", tt.message, doc)
		}
	}
}
