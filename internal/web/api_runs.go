package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
)

func init() {
	addAPI("POST", "/companies/{company}/runs", auth.Collector, (*apiHandler).run)
}

type runInput struct {
	Day     string `json:"day"`
	DryRun  bool   `json:"dry_run"`
	Explain bool   `json:"explain"`
}

// apiRun is what `relance run --format json` prints: the run's figures and the actions it
// decided (recorded, or with dry_run only shown), and with explain the invoices left out.
type apiRun struct {
	Run     app.RunResult    `json:"run"`
	Actions []dunning.Action `json:"actions"`
	LeftOut []apiLeftOut     `json:"left_out,omitempty"`
}

type apiLeftOut struct {
	CustomerRef string `json:"customer_ref"`
	dunning.LeftOut
}

// run runs the company's collection process for a day. Running a day again adds nothing; a
// day to come can only be run dry, since what a run records goes out.
func (h *apiHandler) run(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	var in runInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	day, err := parseDate("day", in.Day, false)
	if err != nil {
		return err
	}
	today := h.app.Today(co)
	if day.IsZero() {
		day = today
	}
	if day.After(today) && !in.DryRun {
		return invalid("day", "day %s has not come yet (today is %s): what a run records goes out, so only a dry run can look ahead", day, today)
	}
	out := apiRun{Actions: []dunning.Action{}}
	if in.Explain {
		out.LeftOut = []apiLeftOut{}
	}
	opts := app.RunOptions{Day: day, DryRun: in.DryRun, Author: authorName(r), Emit: func(d dunning.Decision) {
		out.Actions = append(out.Actions, d.Actions...)
		if in.Explain {
			for _, l := range d.LeftOut {
				out.LeftOut = append(out.LeftOut, apiLeftOut{d.CustomerRef, l})
			}
		}
	}}
	if out.Run, err = h.app.Run(r.Context(), co, opts); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
