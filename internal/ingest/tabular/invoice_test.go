package tabular

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// hundredInvoices is a header and 99 rows, so that the file has 100 physical lines; bad, when
// set, replaces the due date of the row on that line.
func hundredInvoices(badLine int, badDue string) []byte {
	var b strings.Builder
	b.WriteString("invoice_number;customer_ref;customer_name;issue_date;due_date;amount\r\n")
	for line := 2; line <= 100; line++ {
		due := "15/02/2026"
		if line == badLine {
			due = badDue
		}
		fmt.Fprintf(&b, "FA-%03d;C%02d;Client %d;15/01/2026;%s;%d,50\r\n", line, line%7, line%7, due, line*10)
	}
	return []byte(b.String())
}

func TestBadDateOnLine57IsReportedWithFileLineFieldAndValue(t *testing.T) {
	rows, _, err := readAll(t, invoices(Options{}), "invoices.csv", hundredInvoices(57, "31/02/2026"))
	l := errorList(t, err)
	if l.Total != 1 || len(l.Errors) != 1 {
		t.Fatalf("errors: %v", err)
	}
	e := l.Errors[0]
	if e.File != "invoices.csv" || e.Line != 57 || e.Field != "due_date" || e.Value != "31/02/2026" || !errors.Is(e.Err, ErrDate) {
		t.Errorf("error = %+v", e)
	}
	want := `invoices.csv line 57, field due_date: "31/02/2026": invalid date, want dd/mm/yyyy or yyyy-mm-dd`
	if err.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", err, want)
	}
	if len(rows) != 98 {
		t.Errorf("%d valid rows, want 98 (the bad one is not yielded)", len(rows))
	}
	for _, r := range rows {
		if r.Line == 57 {
			t.Error("the bad row was yielded")
		}
	}
}

func TestEveryBadRowIsReportedNotOnlyTheFirst(t *testing.T) {
	data := "Facture;Client;Date;Échéance;Montant;Devise;Email\n" +
		"FA1;C1;01/01/2026;31/01/2026;10,00;EUR;compta@acme.fr\n" + // line 2: good
		";C1;01/01/2026;31/01/2026;10,00;EUR;\n" + // 3: no number
		"FA3;;01/01/2026;31/01/2026;10,00;EUR;\n" + // 4: no customer
		"FA4;C1;;31/01/2026;10,00;EUR;\n" + // 5: no issue date
		"FA5;C1;01/01/2026;31/01/2026;;EUR;\n" + // 6: no amount
		"FA6;C1;01/01/2026;31/01/2026;1.234;EUR;\n" + // 7: ambiguous amount
		"FA7;C1;01/02/2026;31/01/2026;10;EUR;\n" + // 8: due before issue
		"FA8;C1;01/01/2026;31/01/2026;10;euros;\n" + // 9: bad currency
		"FA9;C1;01/01/2026;31/01/2026;10;EUR;pas une adresse\n" + // 10: bad e-mail
		"FA10;C1;2026-13-01;soon;ten;EUR;\n" // 11: three errors on one row
	rows, _, err := readAll(t, invoices(Options{}), "bad.csv", []byte(data))
	l := errorList(t, err)
	type key struct {
		line  int
		field string
	}
	want := []key{{3, "invoice_number"}, {4, "customer_ref"}, {5, "issue_date"}, {6, "amount"}, {7, "amount"},
		{8, "due_date"}, {9, "currency"}, {10, "customer_email"}, {11, "amount"}, {11, "issue_date"}, {11, "due_date"}}
	var got []key
	for _, e := range l.Errors {
		got = append(got, key{e.Line, e.Field})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("errors at %v\nwant %v\n%v", got, want, err)
	}
	if l.Total != len(want) {
		t.Errorf("Total = %d, want %d", l.Total, len(want))
	}
	if len(rows) != 1 || rows[0].Number != "FA1" || rows[0].CustomerEmail != "compta@acme.fr" {
		t.Errorf("valid rows %+v", rows)
	}
	for _, w := range []string{
		`bad.csv line 3, field invoice_number: missing value`,
		`bad.csv line 7, field amount: "1.234": invalid amount: more than two decimals`,
		`bad.csv line 8, field due_date: "31/01/2026": due date before the issue date 01/02/2026`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("errors do not contain %q:\n%v", w, err)
		}
	}
}

func TestDuplicateInvoiceNumberNamesBothLines(t *testing.T) {
	data := "Facture;Client;Date;Montant\nFA1;C1;01/01/2026;10\nFA2;C1;01/01/2026;10\nFA1;C2;02/01/2026;20\n"
	rows, _, err := readAll(t, invoices(Options{}), "dup.csv", []byte(data))
	l := errorList(t, err)
	if len(rows) != 2 || l.Total != 1 {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
	e := l.Errors[0]
	if !errors.Is(e.Err, ErrDuplicate) || e.Line != 4 || e.Value != "FA1" {
		t.Errorf("error %+v", e)
	}
	if want := `dup.csv line 4, field invoice_number: "FA1": duplicate invoice number, first on line 2`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestCreditNotesFromNegativeAmountsOrTypeColumn(t *testing.T) {
	data := "Type;Facture;Client;Date;Montant TTC\n" +
		"Facture;FA1;C1;01/01/2026;100,00\n" +
		"Facture;AV1;C1;02/01/2026;-40,00\n" +
		"Avoir;AV2;C1;03/01/2026;25,00\n" +
		"AV;AV3;C1;04/01/2026;-5,00\n" +
		";FA2;C1;05/01/2026;(12,00)\n" +
		"Credit note;AV5;C1;06/01/2026;1\n" +
		"Proforma;PF1;C1;06/01/2026;1\n"
	rows, _, err := readAll(t, invoices(Options{}), "cn.csv", []byte(data))
	want := []struct {
		number string
		kind   receivable.DocKind
		amount money.Cents
	}{
		{"FA1", receivable.KindInvoice, 10000},
		{"AV1", receivable.KindCreditNote, 4000},
		{"AV2", receivable.KindCreditNote, 2500},
		{"AV3", receivable.KindCreditNote, 500},
		{"FA2", receivable.KindCreditNote, 1200},
		{"AV5", receivable.KindCreditNote, 100},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v", rows)
	}
	for i, w := range want {
		if rows[i].Number != w.number || rows[i].Kind != w.kind || rows[i].Amount != w.amount {
			t.Errorf("row %d = %s %s %d, want %+v", i, rows[i].Number, rows[i].Kind, rows[i].Amount, w)
		}
	}
	l := errorList(t, err)
	if l.Total != 1 || l.Errors[0].Field != "kind" || l.Errors[0].Value != "Proforma" {
		t.Errorf("errors %v", err)
	}
}

func TestCustomerRefAndNameFallBackOnEachOther(t *testing.T) {
	rows, _, err := readAll(t, invoices(Options{}), "a.csv", []byte("Facture;Raison sociale;Date;Montant\nFA1;ACME SA;01/01/2026;1\n"))
	if err != nil || rows[0].CustomerRef != "ACME SA" || rows[0].CustomerName != "ACME SA" {
		t.Errorf("name only: %+v %v", rows, err)
	}
	rows, _, err = readAll(t, invoices(Options{}), "b.csv", []byte("Facture;Code client;Date;Montant\nFA1;C001;01/01/2026;1\n"))
	if err != nil || rows[0].CustomerRef != "C001" || rows[0].CustomerName != "C001" {
		t.Errorf("ref only: %+v %v", rows, err)
	}
}

func TestDatesEitherColumnMayBeAbsentOrTheDueDateEmpty(t *testing.T) {
	rows, _, err := readAll(t, invoices(Options{}), "a.csv", []byte("Facture;Client;Date;Échéance;Montant\nFA1;C1;15/01/2026;;1\nFA2;C1;15/01/26;20260215;1\n"))
	if err != nil || !rows[0].DueDate.IsZero() || rows[0].IssueDate != civil.D(2026, 1, 15) ||
		rows[1].IssueDate != civil.D(2026, 1, 15) || rows[1].DueDate != civil.D(2026, 2, 15) {
		t.Errorf("empty due date: %+v %v", rows, err)
	}
	rows, _, err = readAll(t, invoices(Options{}), "b.csv", []byte("Facture;Client;Échéance;Montant\nFA1;C1;15/02/2026;1\nFA2;C1;;1\n"))
	l := errorList(t, err)
	if len(rows) != 1 || !rows[0].IssueDate.IsZero() || rows[0].DueDate != civil.D(2026, 2, 15) ||
		l.Errors[0].Line != 3 || l.Errors[0].Field != "due_date" || !errors.Is(l.Errors[0].Err, ErrMissing) {
		t.Errorf("due date only: %+v %v", rows, err)
	}
}

func TestMaxErrorsKeepsCountingAndSaysHowManyMore(t *testing.T) {
	var b strings.Builder
	b.WriteString("Facture;Client;Date;Montant\n")
	for i := range 120 {
		fmt.Fprintf(&b, "FA%d;C1;hier;1\n", i)
	}
	_, _, err := readAll(t, invoices(Options{MaxErrors: 5}), "many.csv", []byte(b.String()))
	l := errorList(t, err)
	if len(l.Errors) != 5 || l.Total != 120 {
		t.Fatalf("%d kept, %d total", len(l.Errors), l.Total)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 6 || lines[5] != "… and 115 more" || !strings.HasPrefix(lines[0], `many.csv line 2, field issue_date: "hier"`) {
		t.Errorf("message:\n%s", err)
	}

	_, _, err = readAll(t, invoices(Options{}), "many.csv", []byte(b.String()))
	if l := errorList(t, err); len(l.Errors) != 50 || l.Total != 120 {
		t.Errorf("default: %d kept, %d total", len(l.Errors), l.Total)
	}
}

func TestRowsIsSingleUseAndCanStopEarly(t *testing.T) {
	tb, err := NewInvoiceReader("a.csv", strings.NewReader("Facture;Client;Date;Montant\nFA1;C1;01/01/2026;1\nFA2;C1;01/01/2026;1\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range tb.Rows() {
		break
	}
	if err := tb.Err(); err != nil {
		t.Errorf("after an early stop: %v", err)
	}
	n := 0
	for range tb.Rows() {
		n++
	}
	if n != 0 || tb.Err() != nil {
		t.Errorf("second Rows yielded %d rows, err %v", n, tb.Err())
	}
}

func TestIOErrorIsReportedAsSuch(t *testing.T) {
	boom := errors.New("disk on fire")
	r := &failingReader{data: []byte("Facture;Client;Date;Montant\n" + strings.Repeat("FA1;C1;01/01/2026;1\n", 1)), err: boom}
	tb, err := NewInvoiceReader("io.csv", r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range tb.Rows() {
	}
	if !errors.Is(tb.Err(), boom) || !strings.HasPrefix(tb.Err().Error(), "io.csv: ") {
		t.Errorf("Err() = %v", tb.Err())
	}
}

// failingReader returns its data, then err instead of io.EOF.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}
