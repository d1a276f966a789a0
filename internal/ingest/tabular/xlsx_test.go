package tabular

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX file in memory; cells maps a sheet to its rows, where a cell is any
// value excelize can write (a time.Time becomes a real date cell, a float64 a number cell).
func workbook(t *testing.T, sheets []string, cells map[string][][]any, setup func(*excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if setup != nil {
		setup(f)
	}
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range cells[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: what excelize would print US style
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sheets {
		_ = f.SetColStyle(name, "C:D", dateStyle)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXReadsDateCellsNumbersAndTextAsWritten(t *testing.T) {
	jan5 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	data := workbook(t, []string{"Factures"}, map[string][][]any{"Factures": {
		{"Relevé des factures"},
		{},
		{"N° facture", "Client", "Date facture", "Échéance", "Montant TTC", "Devise"},
		{"FA-1", "Boulangerie Lefèvre", jan5, jan5.AddDate(0, 1, 0), 1234.5, "eur"},
		{20260002, "C2", "06/01/2026", "2026-02-28", "1 234,56"},
		{"AV-1", "C3", jan5, jan5, -120.0},
		{"FA-4", "C4", jan5, jan5, 0.1 + 0.2},
	}}, nil)

	rows, tb, err := readAll(t, invoices(Options{}), "factures.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format() != "XLSX, sheet Factures" {
		t.Errorf("Format() = %q", tb.Format())
	}
	if len(rows) != 4 {
		t.Fatalf("rows = %+v", rows)
	}
	want := []struct {
		line         int
		number       string
		issue, due   string
		amount       int64
		kind         receivable.DocKind
		currency     string
		customerName string
	}{
		{4, "FA-1", "2026-01-05", "2026-02-05", 123450, receivable.KindInvoice, "EUR", "Boulangerie Lefèvre"},
		{5, "20260002", "2026-01-06", "2026-02-28", 123456, receivable.KindInvoice, "", "C2"},
		{6, "AV-1", "2026-01-05", "2026-01-05", 12000, receivable.KindCreditNote, "", "C3"},
		{7, "FA-4", "2026-01-05", "2026-01-05", 30, receivable.KindInvoice, "", "C4"},
	}
	for i, w := range want {
		r := rows[i]
		if r.Line != w.line || r.Number != w.number || r.IssueDate.String() != w.issue || r.DueDate.String() != w.due ||
			int64(r.Amount) != w.amount || r.Kind != w.kind || r.Currency != w.currency || r.CustomerName != w.customerName {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
}

func TestXLSXErrorsNameTheSheetAndRow(t *testing.T) {
	data := workbook(t, []string{"Factures"}, map[string][][]any{"Factures": {
		{"Facture", "Client", "Date", "Montant"},
		{"FA-1", "C1", "31/02/2026", 10.0},
		{"FA-2", "C1", "01/02/2026", "dix euros"},
		{"FA-3", "C1", 1234567.0, 12.345},
	}}, nil)
	_, _, err := readAll(t, invoices(Options{}), "f.xlsx", data)
	l := errorList(t, err)
	want := []string{
		`f.xlsx sheet Factures row 2, field issue_date: "31/02/2026": invalid date, want dd/mm/yyyy or yyyy-mm-dd`,
		`f.xlsx sheet Factures row 3, field amount: "dix euros": invalid amount`,
		`f.xlsx sheet Factures row 4, field amount: "12.345": invalid amount: more than two decimals`,
		`f.xlsx sheet Factures row 4, field issue_date: "1234567": invalid date`,
	}
	msg := l.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("errors\n%s\ndo not contain\n%s", msg, w)
		}
	}
}

func TestXLSXSheetChoice(t *testing.T) {
	cells := map[string][][]any{
		"Lisez-moi": {{"Ce classeur contient les factures"}},
		"Factures":  {{"Facture", "Client", "Date", "Montant"}, {"FA-1", "C1", "01/02/2026", 10.0}},
		"Avoirs":    {{"Facture", "Client", "Date", "Montant"}, {"AV-1", "C1", "01/02/2026", -5.0}, {"AV-2", "C1", "01/02/2026", -5.0}},
	}
	data := workbook(t, []string{"Lisez-moi", "Factures", "Avoirs"}, cells, nil)

	rows, _, err := readAll(t, invoices(Options{Sheet: "avoirs"}), "f.xlsx", data)
	if err != nil || len(rows) != 2 || rows[0].Kind != receivable.KindCreditNote {
		t.Errorf("sheet Avoirs: rows %+v, err %v", rows, err)
	}
	if _, err := NewInvoiceReader("f.xlsx", bytes.NewReader(data), Options{Sheet: "Clients"}); err == nil ||
		!strings.Contains(err.Error(), `f.xlsx: no sheet "Clients" (sheets: Lisez-moi, Factures, Avoirs)`) {
		t.Errorf("missing sheet: %v", err)
	}
	// The first sheet is a note without a header: the error says so instead of guessing.
	if _, err := NewInvoiceReader("f.xlsx", bytes.NewReader(data), Options{}); err == nil || !strings.Contains(err.Error(), "no column for the invoice number") {
		t.Errorf("first sheet: %v", err)
	}
}

func TestXLSXFirstVisibleSheetIsTheDefault(t *testing.T) {
	cells := map[string][][]any{
		"Codes":    {{"x"}},
		"Factures": {{"Facture", "Client", "Date", "Montant"}, {"FA-1", "C1", "01/02/2026", 10.0}},
	}
	data := workbook(t, []string{"Codes", "Factures"}, cells, nil)
	// Hide the first sheet in a second pass: excelize refuses to hide the active sheet.
	g, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g.SetActiveSheet(1)
	if err := g.SetSheetVisible("Codes", false); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, tb, err := readAll(t, invoices(Options{}), "f.xlsx", buf.Bytes())
	if err != nil || len(rows) != 1 || tb.Format() != "XLSX, sheet Factures" {
		t.Errorf("rows %+v, format %q, err %v", rows, tb.Format(), err)
	}
}

func TestXLSX1904DateSystem(t *testing.T) {
	on := true
	data := workbook(t, []string{"P"}, map[string][][]any{"P": {
		{"Date de règlement", "Montant", "Facture"},
		{time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), 10.0, "FA-1"},
	}}, func(f *excelize.File) {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
			t.Fatal(err)
		}
	})
	rows, _, err := readAll(t, payments(Options{}), "p.xlsx", data)
	if err != nil || len(rows) != 1 || rows[0].Date != civil.D(2026, 3, 15) {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
}

func TestExcelSerialDates(t *testing.T) {
	tests := []struct {
		serial string
		d1904  bool
		want   string // "" = not a date
	}{
		{"1", false, "1900-01-01"},
		{"59", false, "1900-02-28"},
		{"60", false, ""}, // Excel's 29 February 1900
		{"61", false, "1900-03-01"},
		{"45658", false, "2025-01-01"},
		{"46023", false, "2026-01-01"},
		{"46023.75", false, "2026-01-01"},
		{"0", false, ""},
		{"0", true, "1904-01-01"},
		{"44561", true, "2026-01-01"},
		{"123456", false, ""},
		{"12a", false, ""},
		{"46023.", false, "2026-01-01"},
	}
	for _, tt := range tests {
		d, ok := excelSerial(tt.serial, tt.d1904)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("excelSerial(%q, 1904=%v) = %q, want %q", tt.serial, tt.d1904, got, tt.want)
		}
	}
}

func TestXLSXDetectedByContentNotName(t *testing.T) {
	data := workbook(t, []string{"S"}, map[string][][]any{"S": {
		{"Facture", "Client", "Date", "Montant"}, {"FA-1", "C1", "01/02/2026", 10.0},
	}}, nil)
	rows, tb, err := readAll(t, invoices(Options{}), "export.csv", data)
	if err != nil || len(rows) != 1 || !strings.HasPrefix(tb.Format(), "XLSX") {
		t.Fatalf("rows %+v, format %q, err %v", rows, tb.Format(), err)
	}
}

func TestDamagedXLSXIsAnError(t *testing.T) {
	data := workbook(t, []string{"S"}, map[string][][]any{"S": {{"Facture"}}}, nil)
	for _, cut := range []int{10, len(data) / 2, len(data) - 10} {
		if _, err := NewInvoiceReader("f.xlsx", bytes.NewReader(data[:cut]), Options{}); err == nil {
			t.Errorf("file cut at %d bytes: no error", cut)
		}
	}
}

func TestXLSXProgressEndsAtTheFileSize(t *testing.T) {
	// Excel records the sheet's dimension ("A1:D3001"), which progress is computed from;
	// excelize writes "A1" unless told.
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Facture", "Client", "Date", "Montant"})
	for i := range 3000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow("Sheet1", cell, &[]any{fmt.Sprintf("FA%d", i), "C1", "01/02/2026", 10.0})
	}
	if err := f.SetSheetDimension("Sheet1", "A1:D3001"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	var got []int64
	tb, err := NewInvoiceReader("f.xlsx", bytes.NewReader(data), Options{Progress: func(n int64) { got = append(got, n) }})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range tb.Rows() {
		n++
	}
	if n != 3000 || len(got) < 3 || got[len(got)-1] != int64(len(data)) || !slices.IsSorted(got) {
		t.Errorf("%d rows, progress %v of %d bytes", n, got, len(data))
	}
}

func TestCloseReleasesAnUnreadWorkbook(t *testing.T) {
	data := workbook(t, []string{"S"}, map[string][][]any{"S": {{"Facture", "Client", "Date", "Montant"}}}, nil)
	tb, err := NewInvoiceReader("f.xlsx", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := tb.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
