package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestImportWarnsOfPaymentTermsBeyondTheCapsAndStillImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		// Issued 15 January 2026. The caps (C. com. L441-10 I): 60 days → 16 March; 45 days
		// end of month counted +45 then end of month → 1 March → 31 March; counted end of
		// month then +45 → 31 January + 45 = 17 March.
		//   F1 due 30 April (105 days): beyond all three.
		//   F2 due 15 March (59 days): within 60 days, lawful.
		//   F3 due 17 March (61 days): beyond 60 days but within 45 days end of month either
		//   way: lawful only if 45 days end of month was expressly agreed.
		csv := "numéro;client;date;échéance;montant\n" +
			"F1;C1;15/01/2026;30/04/2026;1200,00\n" +
			"F2;C1;15/01/2026;15/03/2026;800,00\n" +
			"F3;C2;15/01/2026;17/03/2026;500,00\n"
		dry, err := a.Import(ctx, co, app.ImportInvoices, "factures.csv", strings.NewReader(csv), app.ImportOptions{DryRun: true})
		if err != nil || len(dry.Warnings) != 2 {
			t.Fatalf("dry run = %+v, %v", dry.Warnings, err)
		}
		res, err := a.Import(ctx, co, app.ImportInvoices, "factures.csv", strings.NewReader(csv), app.ImportOptions{})
		if err != nil || res.Stats.Created != 3 {
			t.Fatalf("import = %+v, %v", res.Stats, err)
		}
		if res.TermsExceeded != 2 || len(res.Warnings) != 2 {
			t.Fatalf("warnings = %+v", res.Warnings)
		}
		w1, w3 := res.Warnings[0], res.Warnings[1]
		if w1.Line != 2 || w1.Invoice != "F1" || !strings.Contains(w1.Message, "105 jours") || !strings.Contains(w1.Message, "60 jours") {
			t.Errorf("F1 = %+v", w1)
		}
		if w3.Line != 4 || w3.Invoice != "F3" || !strings.Contains(w3.Message, "expressément convenu") {
			t.Errorf("F3 = %+v", w3)
		}

		rep, err := a.TermsReport(ctx, co, app.TermsReportOptions{})
		if err != nil || len(rep) != 2 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		r := rep[0]
		if r.Number != "F1" || r.CustomerRef != "C1" || r.Days != 105 || r.Limit60 != civil.MustParse("2026-03-16") ||
			r.Limit45EOMA != civil.MustParse("2026-03-31") || r.Limit45EOMB != civil.MustParse("2026-03-17") ||
			!r.Exceeds45EOMA || !r.Exceeds45EOMB {
			t.Errorf("F1 in the report = %+v", r)
		}
		if rep[1].Number != "F3" || rep[1].Exceeds45EOMB {
			t.Errorf("F3 in the report = %+v", rep[1])
		}
		if none, _ := a.TermsReport(ctx, co, app.TermsReportOptions{IssuedFrom: civil.MustParse("2026-02-01")}); len(none) != 0 {
			t.Errorf("issued from February: %+v", none)
		}
	})
}
