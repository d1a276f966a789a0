package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
)

func init() {
	const c = "/companies/{company}"
	addAPI("GET", c+"/reports/aging", auth.Viewer, (*apiHandler).agingReport)
	addAPI("GET", c+"/reports/dso", auth.Viewer, (*apiHandler).dsoReport)
	addAPI("GET", c+"/customers/{ref}/statement", auth.Viewer, (*apiHandler).statement)
}

// agingReport answers the aging balance in the stable JSON of `relance report aging --format
// json`.
func (h *apiHandler) agingReport(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "date")
	day := p.date("date")
	if p.err != nil {
		return p.err
	}
	if day.IsZero() {
		day = h.app.Today(co)
	}
	rep, err := h.app.AgingReport(r.Context(), co, day)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// apiDSO is the days sales outstanding at each month's end, oldest first; the last month
// ends on the report's date.
type apiDSO struct {
	Date     civil.Date `json:"date"`
	Currency string     `json:"currency"`
	Months   []apiMonth `json:"months"`
}

type apiMonth struct {
	Day        civil.Date  `json:"day"`
	Receivable money.Cents `json:"receivable_cents"`
	Sales91    money.Cents `json:"sales_91_days_cents"`
	DSO        int         `json:"dso_days"`
}

func (h *apiHandler) dsoReport(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "date", "months")
	day, months := p.date("date"), p.int("months", 12, 1, 60)
	if p.err != nil {
		return p.err
	}
	if day.IsZero() {
		day = h.app.Today(co)
	}
	ends := make([]civil.Date, 0, months)
	for i := months - 1; i >= 0; i-- {
		end := civil.D(day.Year, day.Month-time.Month(i), 1).EndOfMonth()
		if end.After(day) {
			end = day
		}
		ends = append(ends, end)
	}
	figs, err := h.app.Store.MonthEnds(r.Context(), co.ID, ends)
	if err != nil {
		return err
	}
	out := apiDSO{Date: day, Currency: co.Currency, Months: make([]apiMonth, 0, len(figs))}
	for _, f := range figs {
		out.Months = append(out.Months, apiMonth{Day: f.Day, Receivable: f.Receivable, Sales91: f.Sales91, DSO: f.DSO()})
	}
	return writeJSON(w, http.StatusOK, out)
}

// statement is the customer's statement of claim with late penalties and the recovery
// indemnity, as `relance penalties --customer REF --format json` prints it.
func (h *apiHandler) statement(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	p := readParams(r, "date", "paid_late_since")
	opts := app.StatementOptions{Day: p.date("date"), PaidLateSince: p.date("paid_late_since")}
	if p.err != nil {
		return p.err
	}
	st, _, err := h.app.CustomerStatement(r.Context(), co, cu.Ref, opts)
	var missing *penalty.MissingRateError
	if errors.As(err, &missing) {
		return invalid("", "%v", err)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
