package penalty

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// Two invoices of one customer on 30 April 2025, default French rate:
//   - F2 (listed first, sorted second): 2,000 due 31 Mar 2025, unpaid: 30 days at 13.15 % on
//     2,000 = 21.616… → 21.62, + 40 indemnity; balance 2,000 + 61.62 = 2,061.62.
//   - F1: 10,000 due 31 Jan 2025, 4,000 paid 28 Feb, 6,000 on 31 Mar: 100.88 + 67.01 = 167.89
//     (see TestPartialPaymentReducesTheBaseFromTheNextDay), + 40; balance 207.89.
//
// Totals: principal 12,000, outstanding 2,000, interest 189.51, indemnity 80, balance 2,269.51.
func statementFixture(t *testing.T) Statement {
	t.Helper()
	st, err := BuildStatement(StatementInput{CustomerRef: "C042", CustomerName: "Dupont SARL", Day: d("2025-04-30"),
		Invoices: []Invoice{
			{Number: "F2", IssueDate: d("2025-03-01"), DueDate: d("2025-03-31"), Amount: eur("2000.00")},
			{Number: "F1", IssueDate: d("2025-01-01"), DueDate: d("2025-01-31"), Amount: eur("10000.00"),
				Payments: []Payment{{d("2025-03-31"), eur("6000.00")}, {d("2025-02-28"), eur("4000.00")}}},
		}}, DefaultRates())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStatementListsEachInvoiceOldestFirstWithTotals(t *testing.T) {
	st := statementFixture(t)
	if len(st.Invoices) != 2 || st.Invoices[0].Invoice != "F1" || st.Invoices[1].Invoice != "F2" {
		t.Fatalf("invoices = %+v", st.Invoices)
	}
	f1, f2 := st.Invoices[0], st.Invoices[1]
	if f1.Balance != eur("207.89") || f2.Balance != eur("2061.62") || len(f1.Payments) != 2 || f1.Payments[0].Date != d("2025-02-28") {
		t.Errorf("balances %s %s, payments %+v", f1.Balance, f2.Balance, f1.Payments)
	}
	if st.Principal != eur("12000.00") || st.Outstanding != eur("2000.00") || st.Interest != eur("189.51") ||
		st.Indemnity != eur("80.00") || st.Total != eur("269.51") || st.Balance != eur("2269.51") || st.Currency != "EUR" {
		t.Errorf("totals: principal %s outstanding %s interest %s indemnity %s total %s balance %s",
			st.Principal, st.Outstanding, st.Interest, st.Indemnity, st.Total, st.Balance)
	}
	// The rules are shown once for the statement, not once per invoice.
	seen := map[Text]bool{}
	for _, n := range st.Notes {
		if seen[n] {
			t.Errorf("note repeated: %s", n.EN)
		}
		seen[n] = true
	}
}

func TestStatementJSONHasTheAgreedKeys(t *testing.T) {
	b, err := json.Marshal(statementFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Interest  *int64 `json:"interest_cents"`
		Indemnity *int64 `json:"indemnity_cents"`
		Total     *int64 `json:"total_cents"`
		Balance   *int64 `json:"balance_cents"`
		Invoices  []struct {
			Interest  *int64 `json:"interest_cents"`
			Indemnity *int64 `json:"indemnity_cents"`
			Total     *int64 `json:"total_cents"`
			Lines     []map[string]any
		}
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if v.Interest == nil || *v.Interest != 18951 || v.Indemnity == nil || *v.Indemnity != 8000 || v.Total == nil || *v.Total != 26951 || v.Balance == nil {
		t.Fatalf("statement totals in %s", b)
	}
	f1 := v.Invoices[0]
	if f1.Interest == nil || *f1.Interest != 16789 || f1.Indemnity == nil || f1.Total == nil || *f1.Total != 20789 || len(f1.Lines) != 2 {
		t.Fatalf("invoice in %s", b)
	}
	want := map[string]any{"from": "2025-02-01", "to": "2025-02-28", "days": 28.0, "rate": "13.15", "base_cents": 1000000.0, "amount_cents": 10088.0}
	for k, w := range want {
		if f1.Lines[0][k] != w {
			t.Errorf("line key %s = %#v, want %#v", k, f1.Lines[0][k], w)
		}
	}
}

func TestStatementCSVIsALedgerThatAddsUp(t *testing.T) {
	var buf bytes.Buffer
	if err := statementFixture(t).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Errorf("header = %v", rows[0])
	}
	var kinds []string
	for _, r := range rows[1:] {
		kinds = append(kinds, r[0]+":"+r[1])
	}
	want := "F1:principal F1:payment F1:payment F1:interest F1:interest F1:indemnity F1:balance " +
		"F2:principal F2:interest F2:indemnity F2:balance :total"
	if strings.Join(kinds, " ") != want {
		t.Errorf("rows = %s", strings.Join(kinds, " "))
	}
	if got := rows[4]; got[3] != "2025-02-01" || got[4] != "2025-02-28" || got[5] != "28" || got[6] != "13.15" || got[7] != "10000.00" || got[8] != "100.88" {
		t.Errorf("interest row = %v", got)
	}
	if last := rows[len(rows)-1]; last[8] != "2269.51" || last[9] != "EUR" {
		t.Errorf("total row = %v", last)
	}
}

func TestStatementTextSpeaksFrenchAndEnglish(t *testing.T) {
	st := statementFixture(t)
	for lang, wants := range map[string][]string{
		"fr": {"Décompte de la créance — Dupont SARL (C042) au 30/04/2025", "Paiement du 28/02/2025", "-4\u00a0000,00\u00a0€",
			"01/02/2025  28/02/2025  28     13,15\u00a0%", "Solde dû", "2\u00a0269,51\u00a0€", "Règles appliquées :"},
		"en": {"Statement of claim — Dupont SARL (C042) on 2025-04-30", "Payment of 2025-02-28", "-€4,000.00",
			"2025-02-01  2025-02-28  28    13.15%", "Balance due", "€2,269.51", "Rules applied:"},
	} {
		var buf bytes.Buffer
		if err := st.WriteText(&buf, lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range wants {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s text lacks %q:\n%s", lang, w, buf.String())
			}
		}
	}
}

func TestStatementRefusesMixedCurrenciesAndNamesTheInvoice(t *testing.T) {
	_, err := BuildStatement(StatementInput{Day: d("2025-04-30"), Invoices: []Invoice{
		{Number: "A", DueDate: d("2025-01-31"), Amount: 100, Currency: "EUR"},
		{Number: "B", DueDate: d("2025-02-28"), Amount: 100, Currency: "USD"},
	}}, DefaultRates())
	if err == nil || !strings.Contains(err.Error(), "invoice B") {
		t.Errorf("err = %v", err)
	}
	_, err = BuildStatement(StatementInput{Day: d("2026-08-30"), Invoices: []Invoice{{Number: "C", DueDate: d("2026-06-30"), Amount: 100}}}, DefaultRates())
	if err == nil || !strings.Contains(err.Error(), "invoice C") || !strings.Contains(err.Error(), "2026-H2") {
		t.Errorf("err = %v", err)
	}
}
