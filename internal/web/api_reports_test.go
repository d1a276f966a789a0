package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
)

// The aging report's JSON is the stable one of `relance report aging --format json`: the same
// value, encoded the same way.
func TestAPIAgingIsTheCommandLinesJSON(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	for _, day := range []string{"", "2026-06-30"} {
		path := f.companyA() + "/reports/aging"
		d := today
		if day != "" {
			path += "?date=" + day
			d = civil.MustParse(day)
		}
		rep, err := f.a.AgingReport(context.Background(), f.coA, d)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(rep)
		got := c.get(path).want(t, http.StatusOK)
		if strings.TrimSpace(string(got.body)) != string(want) {
			t.Errorf("aging on %s:\n got %.300s\nwant %.300s", d, got.body, want)
		}
	}
	c.get(f.companyA()+"/reports/aging?date=2026-13-01").wantError(t, http.StatusBadRequest, "bad_request", "date")
}

func TestAPIDSOByMonth(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	var rep struct {
		Date   string `json:"date"`
		Months []struct {
			Day        string `json:"day"`
			Receivable int64  `json:"receivable_cents"`
			Sales      int64  `json:"sales_91_days_cents"`
			DSO        int64  `json:"dso_days"`
		} `json:"months"`
	}
	c.get(f.companyA()+"/reports/dso").want(t, http.StatusOK).decode(t, &rep)
	if len(rep.Months) != 12 || rep.Date != "2026-11-23" || rep.Months[11].Day != "2026-11-23" || rep.Months[10].Day != "2026-10-31" || rep.Months[0].Day != "2025-12-31" {
		t.Fatalf("12 months to %s: %+v", rep.Date, rep.Months)
	}
	for _, m := range rep.Months {
		if m.Sales > 0 && m.DSO != m.Receivable*91/m.Sales {
			t.Errorf("%s: dso %d from %d and %d", m.Day, m.DSO, m.Receivable, m.Sales)
		}
	}
	if rep.Months[11].Receivable == 0 {
		t.Error("nothing receivable today?")
	}
	c.get(f.companyA()+"/reports/dso?months=3&date=2026-06-15").want(t, http.StatusOK).decode(t, &rep)
	if len(rep.Months) != 3 || rep.Months[0].Day != "2026-04-30" || rep.Months[2].Day != "2026-06-15" {
		t.Errorf("3 months to June 15: %+v", rep.Months)
	}
	c.get(f.companyA()+"/reports/dso?months=0").wantError(t, http.StatusBadRequest, "bad_request", "months")
}

func TestAPIStatementOfACustomer(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	// A business that owes: penalties run (a consumer owes none).
	var late map[string]any
	for _, cu := range c.get(f.companyA()+"/customers?sort=late&limit=500").want(t, http.StatusOK).items(t) {
		if cu["kind"] == "b2b" && cu["overdue_cents"].(float64) > 0 {
			late = cu
			break
		}
	}
	if late == nil {
		t.Fatal("no business late in the demo")
	}
	path := f.companyA() + "/customers/" + late["ref"].(string) + "/statement"
	// The rates of the half-year are not known yet: the statement says which one is missing.
	if msg := c.get(path).wantError(t, http.StatusUnprocessableEntity, "unprocessable", ""); !strings.Contains(msg, "relance rates set") {
		t.Errorf("missing rate: %s", msg)
	}
	f.setRates(t)
	var st struct {
		Ref       string `json:"customer_ref"`
		Day       string `json:"day"`
		Indemnity int64  `json:"indemnity_cents"`
		Interest  int64  `json:"interest_cents"`
		Invoices  []struct {
			Lines []map[string]any `json:"lines"`
		} `json:"invoices"`
	}
	c.get(path).want(t, http.StatusOK).decode(t, &st)
	if st.Ref != late["ref"] || st.Day != "2026-11-23" || len(st.Invoices) == 0 || st.Indemnity < 4000 || st.Interest <= 0 {
		t.Errorf("statement: %+v", st)
	}
	c.get(path+"?date=2026-11-30&paid_late_since=2026-01-01").want(t, http.StatusOK)
	c.get(f.companyA()+"/customers/NO-SUCH/statement").wantError(t, http.StatusNotFound, "not_found", "")
}
