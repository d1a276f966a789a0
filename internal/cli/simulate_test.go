package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type simulation struct {
	CustomerRef string `json:"customer_ref"`
	Policy      string `json:"policy"`
	Days        []struct {
		Day      string `json:"day"`
		Decision struct {
			Actions []struct {
				Step     string   `json:"step"`
				Channel  string   `json:"channel"`
				Invoices []string `json:"invoices"`
			} `json:"actions"`
		} `json:"decision"`
	} `json:"days"`
}

func simulate(t *testing.T, db string, args ...string) []simulation {
	t.Helper()
	var out []simulation
	if err := json.Unmarshal([]byte(runOK(t, db, append([]string{"simulate", "--format", "json"}, args...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func steps(s simulation) []string {
	var out []string
	for _, d := range s.Days {
		for _, a := range d.Decision.Actions {
			out = append(out, d.Day+" "+a.Channel+" "+a.Step)
		}
	}
	return out
}

func TestSimulationOfAPolicyShowsEachStepOnItsDayFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	// F6, due Sunday 20 December: every step moved off weekends and holidays.
	sims := simulate(t, db, "--customer", "C5", "--days", "80")
	want := []string{
		"2026-12-15 email rappel-preventif",
		"2026-12-21 email relance-1",
		"2026-12-28 call appel-1",
		"2027-01-04 email relance-1b",
		"2027-01-11 registered_letter relance-2",
		"2027-01-11 call appel-2",
		"2027-02-01 registered_letter mise-en-demeure",
	}
	if len(sims) != 1 || sims[0].CustomerRef != "C5" || sims[0].Policy != "standard-fr" || strings.Join(steps(sims[0]), "\n") != strings.Join(want, "\n") {
		t.Errorf("simulation = %+v\nsteps:\n%s", sims, strings.Join(steps(sims[0]), "\n"))
	}
	out := runOK(t, db, "simulate", "--customer", "C5", "--days", "80")
	for _, w := range []string{"C5 — Pharmacie Blanc (policy standard-fr)", "15/12/2026", "rappel-preventif", "01/02/2027", "approval",
		"Simulated 1 customer(s) from 23/11/2026 to 10/02/2027: 7 action(s), 0 event(s). Nothing was recorded."} {
		if !strings.Contains(out, w) {
			t.Errorf("table does not say %q:\n%s", w, out)
		}
	}
	if got := dryRunInvoices(t, db); len(got) == 0 {
		t.Error("nothing to do after the simulation: did it record something?")
	}
	if out := runOK(t, db, "customer", "history", "C5"); !strings.Contains(out, "Nothing recorded yet.") {
		t.Errorf("the simulation left a trace:\n%s", out)
	}
}

func TestSimulationTriesAnotherPolicyAndCoversEveryCustomerWithoutOne(t *testing.T) {
	db := accountsDB(t)
	sims := simulate(t, db, "--customer", "C5", "--days", "40", "--policy", "bad-payer-fr", "--from", "01/12/2026")
	if len(sims) != 1 || sims[0].Policy != "bad-payer-fr" || len(sims[0].Days) == 0 || sims[0].Days[0].Day < "2026-12-01" {
		t.Errorf("with bad-payer-fr: %+v", sims)
	}
	all := simulate(t, db, "--days", "10")
	var refs []string
	for _, s := range all {
		refs = append(refs, s.CustomerRef)
	}
	if strings.Join(refs, " ") != "C1 C2 C3 C4 C5" {
		t.Errorf("whole company: %v", refs)
	}
	if out := runOK(t, db, "simulate", "--days", "10"); strings.Count(out, " — ") != 5 {
		t.Errorf("table:\n%s", out)
	}
	if e := runFails(t, 2, db, "simulate", "--days", "0"); !strings.Contains(e, "--days 0") {
		t.Errorf("zero days: %s", e)
	}
	if e := runFails(t, 2, db, "simulate", "--from", "31/02/2026"); !strings.Contains(e, "--from") {
		t.Errorf("bad date: %s", e)
	}
	if e := runFails(t, 1, db, "simulate", "--policy", "nope"); !strings.Contains(e, `no policy "nope"`) {
		t.Errorf("unknown policy: %s", e)
	}
	if e := runFails(t, 1, db, "simulate", "--customer", "C9"); !strings.Contains(e, `no customer with reference "C9"`) {
		t.Errorf("unknown customer: %s", e)
	}
}
