package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/ingest/camt"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

const camtDir = "../ingest/camt/testdata"

// credit is one incoming transfer of a generated camt.053 statement.
type credit struct {
	Entry      string // NtryRef, when the bank numbers its entries
	Ref        string // the bank's reference, unique in the statement
	Date       civil.Date
	Amount     money.Cents
	Payer      string
	Remittance string
	Documents  []string // referred document numbers (RfrdDocInf/Nb)
}

// writeCAMT writes a camt.053.001.08 statement of the credits, as a French bank would send it.
func writeCAMT(w io.Writer, credits []credit) {
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>GEN</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>GEN-1</Id><CreDtTm>2026-11-21T06:00:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
`)
	esc := func(s string) string {
		var b bytes.Buffer
		for _, r := range s {
			switch r {
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '&':
				b.WriteString("&amp;")
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	for _, c := range credits {
		fmt.Fprint(w, "<Ntry>")
		if c.Entry != "" {
			fmt.Fprintf(w, "<NtryRef>%s</NtryRef>", esc(c.Entry))
		}
		fmt.Fprintf(w, `<Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>
<NtryDtls><TxDtls><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr></RltdPties><RmtInf>`,
			c.Amount, c.Date, c.Date, c.Ref, c.Amount, esc(c.Payer))
		if c.Remittance != "" {
			fmt.Fprintf(w, "<Ustrd>%s</Ustrd>", esc(c.Remittance))
		}
		if len(c.Documents) > 0 {
			fmt.Fprint(w, "<Strd>")
			for _, d := range c.Documents {
				fmt.Fprintf(w, "<RfrdDocInf><Nb>%s</Nb></RfrdDocInf>", esc(d))
			}
			fmt.Fprint(w, "</Strd>")
		}
		fmt.Fprint(w, "</RmtInf></TxDtls></NtryDtls></Ntry>\n")
	}
	fmt.Fprint(w, "</Stmt></BkToCstmrStmt></Document>\n")
}

// The statements of other banks, one per camt.053 version and the CSV exports: every credit
// becomes a payment once, whatever the number of imports.
func TestBankStatementsOfEachVersionRecordEachCreditOnce(t *testing.T) {
	files := map[string]string{
		"abn-amro_example_camt.xml":           "camt.053.001.02",
		"Business_Sample_camt.053.001.04.xml": "camt.053.001.04",
		"camt053.v8.xml":                      "camt.053.001.08",
		"csv/boursorama.csv":                  "csv",
		"csv/credit-agricole.csv":             "csv",
		"csv/english.csv":                     "csv",
	}
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		for name, format := range files {
			t.Run(filepath.Base(name), func(t *testing.T) {
				a := newApp(db)
				co, _, _ := a.Init(ctx, receivable.Company{Name: "Bank " + name})
				data, err := os.ReadFile(filepath.Join(camtDir, name))
				if err != nil {
					t.Fatal(err)
				}
				var doc *camt.Document
				if format == "csv" {
					doc, err = camt.ReadCSV(name, bytes.NewReader(data))
				} else {
					doc, err = camt.Read(name, bytes.NewReader(data))
				}
				if err != nil {
					t.Fatal(err)
				}
				credits := doc.IncomingPayments()
				var want money.Cents
				for _, p := range credits {
					want += p.Amount
				}
				res, err := a.ImportBank(ctx, co, name, bytes.NewReader(data), app.BankOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Format != format || res.Credits == 0 || res.Credits != len(credits) || res.Created != res.Credits || res.Amount != want ||
					res.Matching.Unmatched+res.Matching.Skipped != res.Created {
					t.Errorf("result = %+v, want %d credits of %v in %s", res, len(credits), want, format)
				}
				stored := 0
				db.EachPayment(ctx, co.ID, func(p store.PaymentExport) error {
					stored++
					if p.CustomerID != 0 || p.Source == "" || p.ExternalID == "" {
						t.Errorf("payment %+v", p)
					}
					return nil
				})
				if stored != len(credits) {
					t.Errorf("%d payments stored, want %d", stored, len(credits))
				}
				before := snapshot(t, db, co)
				again, err := a.ImportBank(ctx, co, name, bytes.NewReader(data), app.BankOptions{})
				if err != nil || again.Created != 0 || again.Unchanged != len(credits) || again.Matching.Payments != 0 {
					t.Errorf("second import = %+v, %v", again, err)
				}
				if snapshot(t, db, co) != before {
					t.Error("the second import changed the database")
				}
			})
		}
	})
}

func TestAMalformedStatementNamesTheElementAndStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := loadFixture(t, db)
		data := readStatement(t)
		before := snapshot(t, db, co)
		for _, tc := range []struct {
			name string
			data []byte
			want []string
		}{
			{"amount.xml", bytes.Replace(data, []byte(`<Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>`), []byte(`<Amt Ccy="EUR">5OO.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>`), 1),
				[]string{"amount.xml", "line 38", "Ntry[3]/Amt", "5OO.00"}},
			{"truncated.xml", data[:len(data)*2/3], []string{"truncated.xml", "line"}},
			{"releve.csv", []byte("ceci n'est pas un relevé\n;;\n"), []string{"releve.csv", "header"}},
		} {
			_, err := a.ImportBank(ctx, co, tc.name, bytes.NewReader(tc.data), app.BankOptions{})
			if err == nil {
				t.Errorf("%s: imported", tc.name)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: error %q does not say %q", tc.name, err, w)
				}
			}
		}
		if after := snapshot(t, db, co); after != before {
			t.Errorf("a malformed statement changed the database:\n%s", after)
		}
	})
}

// Statements overlap (a monthly one over the daily ones): a credit already recorded is not
// recorded again, and not matched again.
func TestOverlappingStatementsRecordEachPaymentOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := loadFixture(t, db)
		if _, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		writeCAMT(&buf, []credit{
			{Entry: "1", Ref: "BQ2026112000001", Date: civil.MustParse("2026-11-20"), Amount: money.MustParse("1200.00"), Payer: "SARL BOULANGERIE MARTIN", Remittance: "REGLEMENT FACTURE FA-1001"},
			{Ref: "BQ2026112300001", Date: civil.MustParse("2026-11-23"), Amount: money.MustParse("240.00"), Payer: "GARAGE DU CENTRE", Remittance: "FACT FA-1009"},
		})
		// The first credit is the daily statement's first entry, as the monthly one repeats it.
		res, err := a.ImportBank(ctx, co, "mensuel.xml", &buf, app.BankOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Unchanged != 1 || res.Matching.Auto != 1 {
			t.Errorf("overlapping statement = %+v", res)
		}
	})
}

// loadFixture is a company with the invoices of testdata/factures.csv.
func loadFixture(t *testing.T, db *sqlstore.DB) (*app.App, receivable.Company) {
	t.Helper()
	a, co := newCompany(t, db)
	f, err := os.Open("testdata/factures.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := a.Import(context.Background(), co, app.ImportInvoices, "factures.csv", f, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return a, co
}

func readStatement(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/releve-camt053.xml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBankDryRunSaysWhatTheImportWouldDoAndStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := loadFixture(t, db)
		before := snapshot(t, db, co)
		dry, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{DryRun: true})
		if err != nil || !dry.DryRun {
			t.Fatalf("dry run = %+v, %v", dry, err)
		}
		if after := snapshot(t, db, co); after != before {
			t.Fatalf("the dry run stored:\n%s", after)
		}
		real, err := a.ImportBank(ctx, co, "releve-camt053.xml", bytes.NewReader(readStatement(t)), app.BankOptions{})
		if err != nil {
			t.Fatal(err)
		}
		dry.DryRun = false
		if dry != real {
			t.Errorf("the dry run said %+v, the import did %+v", dry, real)
		}
	})
}
