package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/money"
)

// WriteAgingXLSX writes the aging balance as a formatted workbook: amounts as numbers with a
// currency format (so that the accountant can sum them), frozen header, total row in bold.
func WriteAgingXLSX(w io.Writer, a Aging, companyName, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Balance âgée"
	if lang == "en" {
		sheet = "Aging"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	title := fmt.Sprintf("Balance âgée au %s — %s", a.Date.Format(lang), companyName)
	if lang == "en" {
		title = fmt.Sprintf("Aging balance on %s — %s", a.Date.Format(lang), companyName)
	}
	f.SetCellValue(sheet, "A1", title)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	f.SetCellStyle(sheet, "A1", "A1", bold)
	numFmt := `#,##0.00 "€"`
	if a.Currency != "EUR" {
		numFmt = `#,##0.00 "` + a.Currency + `"`
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Border: []excelize.Border{{Type: "bottom", Color: "333333", Style: 1}}})
	num, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	totalNum, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt, Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "333333", Style: 1}}})
	header := a.Header(lang)
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		f.SetCellValue(sheet, cell, h)
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 3)
	f.SetCellStyle(sheet, "A3", last, head)
	write := func(row int, ref, name string, bs []AgingBucket, overdue, open money.Cents, style int) {
		f.SetCellValue(sheet, fmt.Sprintf("A%d", row), ref)
		f.SetCellValue(sheet, fmt.Sprintf("B%d", row), name)
		vals := []money.Cents{}
		for _, b := range bs {
			vals = append(vals, b.Amount)
		}
		vals = append(vals, overdue, open)
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+3, row)
			// The decimal text goes into the cell as a number, exactly as written: no float
			// conversion on our side.
			f.SetCellDefault(sheet, cell, v.String())
			f.SetCellStyle(sheet, cell, cell, style)
		}
	}
	row := 4
	for _, c := range a.Customers {
		write(row, c.Ref, c.Name, c.Buckets, c.Overdue, c.Open, num)
		row++
	}
	write(row, "TOTAL", "", a.Buckets, a.TotalOverdue, a.TotalOpen, totalNum)
	f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), totalNum)
	f.SetColWidth(sheet, "A", "A", 14)
	f.SetColWidth(sheet, "B", "B", 36)
	lastCol, _ := excelize.ColumnNumberToName(len(header))
	f.SetColWidth(sheet, "C", lastCol, 14)
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, Split: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	return f.Write(w)
}
