package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCustomerHistoryShowsTheTimelineOldestFirstWithTheActionsStatus(t *testing.T) {
	db := accountsDB(t)
	// Friday: the e-mail of D+1 for C1, the preventive step of each invoice passed over.
	runOK(t, db, "run", "--date", "20/11/2026")
	runOK(t, db, "pause", "--customer", "C1", "--until", "30/11/2026", "--reason", "redressement judiciaire")
	out := runOK(t, db, "customer", "history", "C1")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "C1 — Garage Martin") || !strings.HasPrefix(lines[2], "day ") {
		t.Fatalf("history:\n%s", out)
	}
	body := strings.Join(lines[3:], "\n")
	if !strings.Contains(body, "20/11/2026  action") || !strings.Contains(body, "queued") || !strings.Contains(body, "skipped") ||
		!strings.HasPrefix(lines[len(lines)-1], "23/11/2026  pause") || !strings.Contains(lines[len(lines)-1], "redressement judiciaire") {
		t.Errorf("history:\n%s", out)
	}
	var tl struct {
		Customer struct {
			Ref string `json:"ref"`
		} `json:"customer"`
		Entries []struct {
			Day      string `json:"day"`
			Kind     string `json:"kind"`
			Summary  string `json:"summary"`
			Status   string `json:"status"`
			Actor    string `json:"actor"`
			ActionID int64  `json:"action_id"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "customer", "history", "C1", "--reverse", "--format", "json")), &tl); err != nil {
		t.Fatal(err)
	}
	if tl.Customer.Ref != "C1" || len(tl.Entries) != 4 || tl.Entries[0].Kind != "pause" || tl.Entries[3].Day != "2026-11-20" || tl.Entries[3].ActionID == 0 {
		t.Errorf("json = %+v", tl)
	}
	if out := runOK(t, db, "client", "history", "C1", "--limit", "1"); strings.Count(out, "\n") != 4 || !strings.Contains(out, "pause") {
		t.Errorf("--limit 1:\n%s", out)
	}
	if out := runOK(t, db, "customer", "list"); !strings.Contains(out, "Garage Martin") {
		t.Errorf("customer list:\n%s", out)
	}
	if e := runFails(t, 1, db, "customer", "history", "C9"); !strings.Contains(e, `no customer with reference "C9"`) {
		t.Errorf("unknown customer: %s", e)
	}
	if e := runFails(t, 2, db, "customer", "history"); !strings.Contains(e, "want REF") {
		t.Errorf("no ref: %s", e)
	}
}
