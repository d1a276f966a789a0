package web

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/app"
)

func TestAPIListAndReadActions(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	base := f.companyA() + "/actions"
	all, _ := pages(t, c, base+"?limit=100")
	if len(all) == 0 {
		t.Fatal("the fixture's run recorded no action")
	}
	calls := c.get(base+"?channel=call,task&status=queued&day=2026-11-23&limit=500").want(t, http.StatusOK).items(t)
	for _, a := range calls {
		if (a["channel"] != "call" && a["channel"] != "task") || a["status"] != "queued" || a["day"] != "2026-11-23" {
			t.Errorf("filtered: %v %v %v", a["channel"], a["status"], a["day"])
		}
	}
	ref := all[0]["customer_ref"].(string)
	for _, a := range c.get(base+"?customer="+ref).want(t, http.StatusOK).items(t) {
		if a["customer_ref"] != ref {
			t.Errorf("customer=%s lists %v", ref, a["customer_ref"])
		}
	}
	one := c.get(base+"/"+jsonString(all[0]["id"])).want(t, http.StatusOK).object(t)
	if one["id"] != all[0]["id"] || one["key"] != all[0]["key"] {
		t.Errorf("GET one: %v", one)
	}
	c.get(base+"?status=waiting").wantError(t, http.StatusBadRequest, "bad_request", "status")
	c.get(base+"?channel=fax").wantError(t, http.StatusBadRequest, "bad_request", "channel")
	c.get(base+"?day=23/11/2026").wantError(t, http.StatusBadRequest, "bad_request", "day")
	c.get(base+"/0").wantError(t, http.StatusNotFound, "not_found", "")
}

func TestAPIApproveRejectAndDone(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	base := f.companyA() + "/actions"
	waiting := c.get(base+"?status=awaiting_approval&limit=500").want(t, http.StatusOK).items(t)
	if len(waiting) < 2 {
		t.Fatalf("%d actions awaiting approval in the demo", len(waiting))
	}
	approve := base + "/" + jsonString(waiting[0]["id"])
	if got := c.post(approve+"/approve", nil).want(t, http.StatusOK).object(t); got["status"] != "queued" || got["author"] == "" {
		t.Errorf("approved: %v %v", got["status"], got["author"])
	}
	c.post(approve+"/approve", nil).wantError(t, http.StatusConflict, "conflict", "")
	c.post(approve+"/reject", nil).wantError(t, http.StatusConflict, "conflict", "")
	reject := base + "/" + jsonString(waiting[1]["id"])
	if got := c.post(reject+"/reject", map[string]any{"reason": "the customer called"}).want(t, http.StatusOK).object(t); got["status"] != "cancelled" || got["note"] != "the customer called" {
		t.Errorf("rejected: %v %v", got["status"], got["note"])
	}
	c.post(reject+"/reject", map[string]any{"motive": "x"}).wantError(t, http.StatusBadRequest, "bad_request", "motive")

	calls := c.get(base+"?channel=call&status=queued").want(t, http.StatusOK).items(t)
	if len(calls) == 0 {
		t.Fatal("no call queued in the demo")
	}
	call := base + "/" + jsonString(calls[0]["id"])
	if got := c.post(call+"/done", map[string]any{"note": "transfer ordered for Friday"}).want(t, http.StatusOK).object(t); got["status"] != "done" || got["note"] != "transfer ordered for Friday" {
		t.Errorf("done: %v %v", got["status"], got["note"])
	}
	c.post(call+"/done", nil).wantError(t, http.StatusConflict, "conflict", "")
	emails := c.get(base + "?channel=email&status=queued").items(t)
	if len(emails) > 0 {
		c.post(base+"/"+jsonString(emails[0]["id"])+"/done", nil).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
	}
}

func TestAPIWorklistIsTheApplicationsWorklist(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	var got struct {
		Day  string `json:"day"`
		Todo []struct {
			ActionID int64 `json:"action_id"`
		} `json:"todo"`
		Approvals []struct {
			ActionID int64 `json:"action_id"`
		} `json:"awaiting_approval"`
	}
	c.get(f.companyA()+"/worklist").want(t, http.StatusOK).decode(t, &got)
	want, err := f.a.Worklist(context.Background(), f.coA, app.WorklistParams{})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(items []app.WorkItem) []int64 {
		var out []int64
		for _, it := range items {
			out = append(out, it.ActionID)
		}
		return out
	}
	var todo, approvals []int64
	for _, it := range got.Todo {
		todo = append(todo, it.ActionID)
	}
	for _, it := range got.Approvals {
		approvals = append(approvals, it.ActionID)
	}
	if got.Day != "2026-11-23" || !slices.Equal(todo, ids(want.Todo)) || !slices.Equal(approvals, ids(want.Approvals)) || len(todo) == 0 {
		t.Errorf("worklist %s: todo %v, approvals %v; want %v, %v", got.Day, todo, approvals, ids(want.Todo), ids(want.Approvals))
	}
	if items := c.get(f.companyA()+"/worklist?collector=nobody").want(t, http.StatusOK).object(t)["todo"].([]any); len(items) != 0 {
		t.Errorf("nobody's worklist: %v", items)
	}
}
