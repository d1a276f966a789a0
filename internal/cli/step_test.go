package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// dryRunSteps lists, per customer, the steps a dry run of the day would take.
func dryRunSteps(t *testing.T, db string) map[string][]string {
	t.Helper()
	var res struct {
		Actions []struct {
			CustomerRef string `json:"customer_ref"`
			Step        string `json:"step"`
			Policy      string `json:"policy"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "run", "--dry-run", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, a := range res.Actions {
		out[a.CustomerRef] = append(out[a.CustomerRef], a.Step+"@"+a.Policy)
	}
	return out
}

func TestSkippedStepIsReplacedByTheLatestOtherStepDue(t *testing.T) {
	db := accountsDB(t)
	if got := dryRunSteps(t, db)["C1"]; strings.Join(got, " ") != "appel-1@standard-fr" {
		t.Fatalf("before: %v", got)
	}
	out := runOK(t, db, "step", "skip", "--invoice", "F1", "--step", "appel-1", "--reason", "joint par e-mail")
	if !strings.Contains(out, "Step appel-1 of policy standard-fr skipped for invoice F1 (customer C1).") {
		t.Errorf("skip: %s", out)
	}
	runOK(t, db, "step", "skip", "--invoice", "F2", "--step", "appel-1")
	if got := dryRunSteps(t, db)["C1"]; strings.Join(got, " ") != "relance-1@standard-fr" {
		t.Errorf("after skipping the call on both invoices: %v", got)
	}
	if hist := runOK(t, db, "customer", "history", "C1"); strings.Count(hist, "step_skip") != 2 || !strings.Contains(hist, "joint par e-mail") {
		t.Errorf("history:\n%s", hist)
	}
}

func TestForcedStepGoesOutWithTheNextRunWhateverItsDate(t *testing.T) {
	db := accountsDB(t)
	if got := dryRunSteps(t, db)["C5"]; len(got) != 0 {
		t.Fatalf("C5's invoice is not due, yet: %v", got)
	}
	out := runOK(t, db, "step", "force", "--invoice", "F6", "--step", "mise-en-demeure", "--reason", "cessation d'activité annoncée")
	if !strings.Contains(out, "forced for invoice F6 (customer C5): it goes out with the next run") {
		t.Errorf("force: %s", out)
	}
	if got := dryRunSteps(t, db)["C5"]; strings.Join(got, " ") != "mise-en-demeure@standard-fr" {
		t.Errorf("after forcing: %v", got)
	}
}

func TestStepUsageErrorsNameWhatIsMissingOrUnknown(t *testing.T) {
	db := accountsDB(t)
	if e := runFails(t, 2, db, "step", "skip", "--invoice", "F1"); !strings.Contains(e, "--step NAME") {
		t.Errorf("missing step: %s", e)
	}
	e := runFails(t, 2, db, "step", "force", "--invoice", "F1", "--step", "relance-9")
	if !strings.Contains(e, `policy standard-fr has no step "relance-9"`) || !strings.Contains(e, "rappel-preventif, relance-1, appel-1") {
		t.Errorf("unknown step: %s", e)
	}
	if e := runFails(t, 1, db, "step", "skip", "--invoice", "F99", "--step", "appel-1"); !strings.Contains(e, `no invoice numbered "F99"`) {
		t.Errorf("unknown invoice: %s", e)
	}
}
