package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type worklistJSON struct {
	Day  string `json:"day"`
	Todo []struct {
		ActionID    int64  `json:"action_id"`
		CustomerRef string `json:"customer_ref"`
		Channel     string `json:"channel"`
		Step        string `json:"step"`
		Phase       string `json:"phase"`
		Template    string `json:"template"`
		Contact     struct {
			Name  string `json:"name"`
			Phone string `json:"phone"`
		} `json:"contact"`
		Invoices []string `json:"invoices"`
		Total    int64    `json:"total_cents"`
		DaysLate int      `json:"days_late"`
	} `json:"todo"`
	Approvals []struct {
		CustomerRef string `json:"customer_ref"`
		Step        string `json:"step"`
		Channel     string `json:"channel"`
	} `json:"awaiting_approval"`
}

func worklist(t *testing.T, db string, args ...string) (worklistJSON, []string, []string) {
	t.Helper()
	var wl worklistJSON
	if err := json.Unmarshal([]byte(runOK(t, db, append([]string{"worklist", "--format", "json"}, args...)...)), &wl); err != nil {
		t.Fatal(err)
	}
	var todo, approvals []string
	for _, it := range wl.Todo {
		todo = append(todo, it.CustomerRef+" "+it.Step)
	}
	for _, it := range wl.Approvals {
		approvals = append(approvals, it.CustomerRef+" "+it.Step)
	}
	return wl, todo, approvals
}

func TestWorklistPutsTheFirmestAndLargestFirstFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	if _, todo, _ := worklist(t, db); len(todo) != 0 {
		t.Fatalf("a worklist before any run: %v", todo)
	}
	runOK(t, db, "run")
	wl, todo, approvals := worklist(t, db)
	// The litigation task, then the level-2 call (C2), then the level-1 call (C1).
	if strings.Join(todo, ", ") != "C4 contentieux, C2 appel-2, C1 appel-1" || strings.Join(approvals, ", ") != "C3 mise-en-demeure" {
		t.Errorf("todo %v, awaiting approval %v", todo, approvals)
	}
	c2 := wl.Todo[1]
	if wl.Day != "2026-11-23" || c2.Channel != "call" || c2.Phase != "level2" || c2.Template != "call-level2" || c2.Contact.Name != "Mme Roux" ||
		c2.Contact.Phone != "01 23 45 67 89" || strings.Join(c2.Invoices, " ") != "F3" || c2.Total != 500000 || c2.DaysLate != 21 || c2.ActionID == 0 {
		t.Errorf("C2's call = %+v", c2)
	}
	out := runOK(t, db, "worklist")
	for _, w := range []string{"Calls and tasks to do on 23/11/2026: 3", "Mme Roux", "01 23 45 67 89", "call-level2", "5\u00a0000,00",
		"Awaiting approval: 1", "mise-en-demeure", "relance outbox approve|reject"} {
		if !strings.Contains(out, w) {
			t.Errorf("table does not say %q:\n%s", w, out)
		}
	}
	// Claire has C2 and C3.
	if _, todo, approvals := worklist(t, db, "--collector", "claire"); strings.Join(todo, ", ") != "C2 appel-2" || strings.Join(approvals, ", ") != "C3 mise-en-demeure" {
		t.Errorf("claire: todo %v, approvals %v", todo, approvals)
	}
	// Left undone, the calls are still there the next day, a day later.
	wl, todo, _ = worklist(t, db, "--date", "24/11/2026")
	if len(todo) != 3 || wl.Todo[1].DaysLate != 22 {
		t.Errorf("the next day: %v, %+v", todo, wl.Todo)
	}
	if out := runOK(t, db, "worklist", "--date", "24/11/2026"); !strings.Contains(out, "since 23/11/2026") {
		t.Errorf("the next day's table:\n%s", out)
	}
	if e := runFails(t, 2, db, "worklist", "--date", "demain"); !strings.Contains(e, "--date") {
		t.Errorf("bad date: %s", e)
	}
}
