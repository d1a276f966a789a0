package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// customer creates a customer of kind with a stipulated rate ("" for none).
func customer(t *testing.T, db store.Store, co receivable.Company, ref string, kind receivable.Kind, rate string) receivable.Customer {
	t.Helper()
	cu := receivable.Customer{CompanyID: co.ID, Ref: ref, Name: "Client " + ref, Kind: kind, Language: "fr",
		Address: receivable.Address{Line1: "3 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"}}
	if rate != "" {
		cu.PenaltyRate = money.MustParseRate(rate)
	}
	if err := db.CreateCustomer(context.Background(), &cu); err != nil {
		t.Fatal(err)
	}
	return cu
}

func cents(s string) money.Cents { return money.MustParse(s) }

func TestStatementWithAStipulatedRateAPartialPaymentAndALatePaidInvoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test", SIREN: "123456789"})
		cu := customer(t, db, co, "X", receivable.B2B, "15")
		f1 := storetest.Invoice(t, db, cu, "F1", "2018-04-15", "15000.00")
		storetest.Pay(t, db, f1, "2018-05-15", "15000.00")
		f2 := storetest.Invoice(t, db, cu, "F2", "2018-05-31", "10000.00")
		storetest.Pay(t, db, f2, "2018-06-15", "4000.00")
		storetest.Invoice(t, db, cu, "F3", "2018-07-31", "700.00") // not yet due: not claimable

		// The published example (legal note §1.4, Les Echos Publishing): 15,000.00 due
		// 15 April 2018, paid 15 May 2018, at the 15 % stated on the invoice: 16 April to
		// 15 May = 30 days; 15,000 × 15 % × 30 / 365 = 184.9315… → 184.93, plus 40.00.
		// F2: 10,000.00 due 31 May at 15 %, 4,000.00 paid on 15 June, statement on 30 June:
		//   1–15 June, 15 days on 10,000.00: 10,000 × 15 % × 15 / 365 = 61.6438… → 61.64
		//   16–30 June, 15 days on 6,000.00:  6,000 × 15 % × 15 / 365 = 36.9863… → 36.99
		//   interest 98.63, indemnity 40.00, balance 6,000.00 + 138.63 = 6,138.63.
		// Totals: principal 25,000.00, paid 19,000.00, outstanding 6,000.00, interest 283.56,
		// indemnities 80.00, total 363.56, balance due 6,363.56.
		st, gotCu, err := a.CustomerStatement(ctx, co, "X", app.StatementOptions{Day: civil.MustParse("2018-06-30"), PaidLateSince: civil.MustParse("2018-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if gotCu.ID != cu.ID || len(st.Invoices) != 2 {
			t.Fatalf("statement of %s has %d invoices, want F1 (paid late) and F2 (open)", gotCu.Ref, len(st.Invoices))
		}
		i1, i2 := st.Invoices[0], st.Invoices[1]
		if i1.Invoice != "F1" || len(i1.Lines) != 1 || i1.Lines[0].Days != 30 || i1.Lines[0].Amount != cents("184.93") ||
			i1.Lines[0].Rate != money.MustParseRate("15") || i1.Indemnity != cents("40.00") || i1.Balance != cents("224.93") || len(i1.Payments) != 1 {
			t.Errorf("F1 = %+v", i1)
		}
		if i2.Invoice != "F2" || len(i2.Lines) != 2 || i2.Lines[0].Amount != cents("61.64") || i2.Lines[0].Base != cents("10000.00") ||
			i2.Lines[1].Amount != cents("36.99") || i2.Lines[1].Base != cents("6000.00") || i2.Interest != cents("98.63") || i2.Balance != cents("6138.63") {
			t.Errorf("F2 = %+v", i2)
		}
		if st.Principal != cents("25000.00") || st.Paid != cents("19000.00") || st.Outstanding != cents("6000.00") ||
			st.Interest != cents("283.56") || st.Indemnity != cents("80.00") || st.Total != cents("363.56") || st.Balance != cents("6363.56") {
			t.Errorf("totals = principal %s paid %s outstanding %s interest %s indemnity %s total %s balance %s",
				st.Principal, st.Paid, st.Outstanding, st.Interest, st.Indemnity, st.Total, st.Balance)
		}

		// Without the date from which late-paid invoices count, only the open one.
		open, _, err := a.CustomerStatement(ctx, co, "X", app.StatementOptions{Day: civil.MustParse("2018-06-30")})
		if err != nil || len(open.Invoices) != 1 || open.Invoices[0].Invoice != "F2" {
			t.Errorf("open only = %+v, %v", open.Invoices, err)
		}

		doc := app.StatementDocument(co, cu, st, "fr")
		var tables []letter.Table
		for _, b := range doc.Body {
			if tb, ok := b.(letter.Table); ok {
				tables = append(tables, tb)
			}
		}
		if len(tables) != 3 || doc.Recipient.Name != "Client X" || !strings.Contains(doc.Subject, "30/06/2018") ||
			tables[2].Total[1] != st.Balance.FormatCurrency("EUR", "fr") || tables[0].Total[6] != cents("224.93").FormatCurrency("EUR", "fr") {
			t.Errorf("document = %+v", doc)
		}
		if len(tables[1].Rows) != 5 { // principal, payment, two interest lines, indemnity
			t.Errorf("F2's table rows = %q", tables[1].Rows)
		}
		if _, _, err := a.CustomerStatement(ctx, co, "NOPE", app.StatementOptions{}); err == nil || !strings.Contains(err.Error(), `"NOPE"`) {
			t.Errorf("unknown customer: %v", err)
		}
	})
}

func TestStatementAtTheDefaultRateOfECBPlusTenPoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := customer(t, db, co, "Y", receivable.B2B, "")
		g1 := storetest.Invoice(t, db, cu, "G1", "2018-04-15", "15000.00")
		storetest.Pay(t, db, g1, "2018-05-15", "5000.00")
		// ECB rate in force on 1 January 2018: 0.00 % → 10.00 % for 2018-H1 (L441-10 II).
		//   16 April–15 May, 30 days on 15,000.00: 15,000 × 10 % × 30 / 365 = 123.2876… → 123.29
		//   16 May–30 June, 46 days on 10,000.00: 10,000 × 10 % × 46 / 365 = 126.0273… → 126.03
		// Interest 249.32, indemnity 40.00, balance 10,000.00 + 289.32 = 10,289.32.
		st, _, err := a.CustomerStatement(ctx, co, "Y", app.StatementOptions{Day: civil.MustParse("2018-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		it := st.Invoices[0]
		if len(it.Lines) != 2 || it.Lines[0].Rate != money.MustParseRate("10") || it.Lines[0].Days != 30 || it.Lines[0].Amount != cents("123.29") ||
			it.Lines[1].Days != 46 || it.Lines[1].Amount != cents("126.03") || st.Interest != cents("249.32") || st.Indemnity != cents("40.00") ||
			st.Balance != cents("10289.32") {
			t.Errorf("statement = %+v", st)
		}

		// The company's day count applies: 1,000.00 due 31 January 2024, on 1 March 2024,
		// 30 days at 14.50 % (ECB 4.50 % on 1 January 2024 + 10):
		//   actual/365: 1,000 × 14.50 % × 30 / 365 = 11.9178… → 11.92
		//   actual/actual, 2024 being a leap year: 1,000 × 14.50 % × 30 / 366 = 11.8852… → 11.89
		z := customer(t, db, co, "Z", receivable.B2B, "")
		storetest.Invoice(t, db, z, "Z1", "2024-01-31", "1000.00")
		on := app.StatementOptions{Day: civil.MustParse("2024-03-01")}
		if st, _, err := a.CustomerStatement(ctx, co, "Z", on); err != nil || st.Interest != cents("11.92") {
			t.Errorf("actual/365: %+v, %v", st.Interest, err)
		}
		if err := a.SetPenaltySettings(ctx, co, app.PenaltySettings{DayCount: penalty.ActualActual}); err != nil {
			t.Fatal(err)
		}
		if st, _, err := a.CustomerStatement(ctx, co, "Z", on); err != nil || st.Interest != cents("11.89") || st.Invoices[0].Lines[0].Divisor != 366 {
			t.Errorf("actual/actual: %+v, %v", st.Interest, err)
		}
	})
}

func TestConsumerInterestRunsFromTheFormalNoticeDateTheCompanyChose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		cu := customer(t, db, co, "P1", receivable.B2C, "")
		inv := storetest.Invoice(t, db, cu, "P-1", "2026-06-01", "1000.00")
		day := app.StatementOptions{Day: civil.MustParse("2026-06-22")}

		// No formal notice: no interest, and never the 40 EUR against a consumer.
		st, _, err := a.CustomerStatement(ctx, co, "P1", day)
		if err != nil || st.Total != 0 || st.Indemnity != 0 {
			t.Fatalf("without a notice: %+v, %v", st, err)
		}
		if err := db.SetFormalNotice(ctx, store.FormalNotice{CompanyID: co.ID, InvoiceID: inv.ID,
			Sent: civil.MustParse("2026-06-05"), Presented: civil.MustParse("2026-06-08")}); err != nil {
			t.Fatal(err)
		}
		// By default from the first presentation (8 June): 9–22 June, 14 days at the legal rate
		// (other cases) of 2026-H1, 2.62 %: 1,000 × 2.62 % × 14 / 365 = 1.0049… → 1.00.
		st, _, err = a.CustomerStatement(ctx, co, "P1", day)
		if err != nil || st.Interest != cents("1.00") || st.Indemnity != 0 || st.Invoices[0].Lines[0].Days != 14 {
			t.Errorf("from the presentation: %+v, %v", st, err)
		}
		// From the sending (5 June): 6–22 June, 17 days: 1,000 × 2.62 % × 17 / 365 = 1.2202… → 1.22.
		if err := a.SetPenaltySettings(ctx, co, app.PenaltySettings{ConsumerInterestFrom: app.NoticeSent}); err != nil {
			t.Fatal(err)
		}
		st, _, err = a.CustomerStatement(ctx, co, "P1", day)
		if err != nil || st.Interest != cents("1.22") {
			t.Errorf("from the sending: %+v, %v", st, err)
		}
		// From the acknowledgement, not yet signed: no interest yet.
		if err := a.SetPenaltySettings(ctx, co, app.PenaltySettings{ConsumerInterestFrom: app.NoticeAcknowledged}); err != nil {
			t.Fatal(err)
		}
		if st, _, err = a.CustomerStatement(ctx, co, "P1", day); err != nil || st.Interest != 0 {
			t.Errorf("from the acknowledgement: %+v, %v", st, err)
		}
		got, err := a.PenaltySettings(ctx, co)
		if err != nil || got.ConsumerInterestFrom != app.NoticeAcknowledged || got.DayCount != penalty.Actual365 {
			t.Errorf("settings = %+v, %v", got, err)
		}
	})
}

func TestRatesSetAndImportedOverlayTheEmbeddedTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co, _, _ := a.Init(ctx, receivable.Company{Name: "Test"})
		h2 := penalty.MustParseSemester("2026-H2")
		table, err := a.RateTable(ctx, co)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := table.Lookup(penalty.ECBMRO, h2); err == nil {
			t.Fatal("the embedded table holds ecb_mro 2026-H2: this test needs a half-year it lacks")
		}
		prev, had, err := a.SetRate(ctx, co, penalty.Entry{Series: penalty.ECBMRO, Semester: h2, Rate: money.MustParseRate("2.15"), Source: "BCE", Confirmed: true}, "alice")
		if err != nil || had {
			t.Fatalf("SetRate = %+v, %v, %v", prev, had, err)
		}
		table, _ = a.RateTable(ctx, co)
		if e, err := table.Lookup(penalty.ECBMRO, h2); err != nil || e.Rate != money.MustParseRate("2.15") || e.Source != "BCE" {
			t.Errorf("after set: %+v, %v", e, err)
		}
		// A file with a bad line stores nothing and names the line.
		bad := "series,semester,rate,source\necb_mro,2027-H1,2.00,BCE\nfr_legal_other,2026-H2,abc,JO\n"
		if _, err := a.ImportRates(ctx, co, "taux.csv", strings.NewReader(bad), "bob"); err == nil ||
			!strings.Contains(err.Error(), "taux.csv") || !strings.Contains(err.Error(), "line 3") {
			t.Errorf("bad file: %v", err)
		}
		table, _ = a.RateTable(ctx, co)
		if _, err := table.Lookup(penalty.ECBMRO, penalty.MustParseSemester("2027-H1")); err == nil {
			t.Error("a file with a bad line stored its good lines")
		}
		good := "semester,ecb_mro,legal_other\n2026-H2,2.15,2.50\n2026-H1,2.15,\n"
		n, err := a.ImportRates(ctx, co, "/tmp/taux.csv", strings.NewReader(good), "bob")
		if err != nil || n != 3 {
			t.Fatalf("import = %d, %v", n, err)
		}
		rows, err := a.Rates(ctx, co)
		if err != nil {
			t.Fatal(err)
		}
		var seen int
		for _, r := range rows {
			switch {
			case r.Series == penalty.FRLegalOther && r.Semester == h2:
				seen++
				if r.Origin != "imported from taux.csv by bob" || r.Source != "imported from taux.csv" || r.Replaces != nil {
					t.Errorf("imported row = %+v", r)
				}
			case r.Series == penalty.ECBMRO && r.Semester == penalty.MustParseSemester("2026-H1"):
				seen++
				if r.Replaces == nil || r.Replaces.Rate != money.MustParseRate("2.15") || r.UpdatedAt.IsZero() {
					t.Errorf("a user's rate over an embedded one = %+v", r)
				}
			case r.Series == penalty.ECBMRO && r.Semester == penalty.MustParseSemester("2025-H2"):
				seen++
				if r.Origin != "embedded" {
					t.Errorf("embedded row = %+v", r)
				}
			}
		}
		if seen != 3 {
			t.Errorf("rows seen = %d", seen)
		}
		if _, _, err := a.SetRate(ctx, co, penalty.Entry{Series: penalty.ECBMRO, Semester: h2, Rate: money.MustParseRate("215")}, "alice"); err == nil {
			t.Error("a rate of 215 % was accepted")
		}
		if _, _, err := a.SetRate(ctx, co, penalty.Entry{Series: "nope", Semester: h2, Rate: 1}, "alice"); err == nil {
			t.Error("an unknown series was accepted")
		}
		var missing *penalty.MissingRateError
		if _, err := penalty.Compute(penalty.Invoice{Amount: 100, DueDate: civil.MustParse("2027-01-31")}, penalty.Terms{}, civil.MustParse("2027-03-01"), table); !errors.As(err, &missing) {
			t.Errorf("2027-H1 is still missing: %v", err)
		}
	})
}
