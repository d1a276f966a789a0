package web

import (
	"net/http"
	"testing"
)

func TestAPIRunADay(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	path := f.companyA() + "/runs"
	before := f.digest(t)
	var dry struct {
		Run struct {
			DryRun  bool   `json:"dry_run"`
			Day     string `json:"day"`
			Actions int    `json:"actions"`
			RunID   int64  `json:"run_id"`
		} `json:"run"`
		Actions []map[string]any `json:"actions"`
		LeftOut []map[string]any `json:"left_out"`
	}
	c.post(path, map[string]any{"day": "2026-11-30", "dry_run": true, "explain": true}).want(t, http.StatusOK).decode(t, &dry)
	if !dry.Run.DryRun || dry.Run.Day != "2026-11-30" || dry.Run.RunID != 0 || dry.Run.Actions != len(dry.Actions) || len(dry.Actions) == 0 || dry.LeftOut == nil {
		t.Errorf("dry run: %+v, %d actions, %d left out", dry.Run, len(dry.Actions), len(dry.LeftOut))
	}
	if f.digest(t) != before {
		t.Error("a dry run changed something")
	}
	c.post(path, map[string]any{"day": "2026-11-30"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "day")
	c.post(path, map[string]any{"day": "30/11/2026", "dry_run": true}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "day")
	c.post(path, map[string]any{"dryrun": true}).wantError(t, http.StatusBadRequest, "bad_request", "dryrun")

	// Today was run by the fixture: running it again records nothing more.
	again := c.post(path, nil).want(t, http.StatusOK).object(t)
	if run := again["run"].(map[string]any); run["actions"] != 0.0 || run["dry_run"] != false || run["day"] != "2026-11-23" || len(again["actions"].([]any)) != 0 {
		t.Errorf("today again: %v", again)
	}
	if _, ok := again["left_out"]; ok {
		t.Error("left_out without explain")
	}
}
