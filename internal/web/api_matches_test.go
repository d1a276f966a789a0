package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAPIMatchingReviewQueue(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	c := f.api(t, "collector@a.example")
	base := f.companyA() + "/matches"
	queue := c.get(base).want(t, http.StatusOK).items(t)
	if len(queue) != 1 || jsonString(queue[0]["id"]) != ids["match"] {
		t.Fatalf("the review queue: %v", queue)
	}
	m := queue[0]
	allocs := m["allocations"].([]any)
	pay := m["payment"].(map[string]any)
	if m["status"] != "pending" || m["customer_ref"] != ids["ref"] || m["confidence"] != 70.0 || len(allocs) != 1 ||
		jsonString(allocs[0].(map[string]any)["invoice_id"]) != ids["invoice"] || pay["amount_cents"] != 10000.0 ||
		pay["customer_ref"] != "" || m["decided_at"] != nil {
		t.Errorf("the pending proposal: %v", m)
	}
	for query, want := range map[string]int{"?status=all": 1, "?status=accepted": 0, "?status=auto": 0, "?customer=" + ids["ref"]: 1} {
		if got := c.get(base+query).want(t, http.StatusOK).items(t); len(got) != want {
			t.Errorf("%s lists %d, want %d", query, len(got), want)
		}
	}
	c.get(base+"?status=done").wantError(t, http.StatusBadRequest, "bad_request", "status")
	c.get(base+"?customer=NOPE").wantError(t, http.StatusBadRequest, "bad_request", "customer")

	invoice := f.companyA() + "/invoices/" + ids["invoice"]
	owed := c.get(invoice).want(t, http.StatusOK).object(t)["open_cents"].(float64)
	one := base + "/" + ids["match"]
	got := c.post(one+"/accept", nil).want(t, http.StatusOK).object(t)
	pay = got["payment"].(map[string]any)
	if got["status"] != "accepted" || got["decided_by"] != "collector@a.example" || got["decided_at"] == nil || got["customer_set"] != true ||
		len(got["allocation_ids"].([]any)) != 1 || pay["allocated_cents"] != 10000.0 || pay["customer_ref"] != ids["ref"] {
		t.Errorf("accepted: %v", got)
	}
	if open := c.get(invoice).object(t)["open_cents"].(float64); open != owed-10000 {
		t.Errorf("the invoice owes %v after the accept, want %v", open, owed-10000)
	}
	if msg := c.post(one+"/accept", nil).wantError(t, http.StatusConflict, "conflict", ""); !strings.Contains(msg, "accepted") {
		t.Errorf("accepting twice: %q", msg)
	}
	c.post(one+"/reject", nil).wantError(t, http.StatusConflict, "conflict", "")

	got = c.post(one+"/undo", nil).want(t, http.StatusOK).object(t)
	if got["status"] != "pending" || len(got["allocation_ids"].([]any)) != 0 || got["payment"].(map[string]any)["allocated_cents"] != 0.0 ||
		got["payment"].(map[string]any)["customer_ref"] != "" {
		t.Errorf("undone: %v", got)
	}
	if open := c.get(invoice).object(t)["open_cents"].(float64); open != owed {
		t.Errorf("the invoice owes %v after the undo, want %v", open, owed)
	}
	c.post(one+"/undo", nil).wantError(t, http.StatusConflict, "conflict", "")

	if got = c.post(one+"/reject", nil).want(t, http.StatusOK).object(t); got["status"] != "rejected" {
		t.Errorf("rejected: %v", got)
	}
	if got := c.get(base + "?status=rejected").items(t); len(got) != 1 || len(c.get(base).items(t)) != 0 {
		t.Errorf("rejected list %v", got)
	}
	c.post(one+"/undo", nil).want(t, http.StatusOK)

	// The timeline says who allocated the payment and who took it back.
	var matched, undone int
	for _, e := range c.get(f.companyA() + "/customers/" + ids["ref"] + "/timeline?limit=500").items(t) {
		switch e["kind"] {
		case "payment_matched":
			matched++
		case "match_undone":
			undone++
		}
	}
	if matched != 1 || undone != 1 {
		t.Errorf("timeline: %d matched, %d undone", matched, undone)
	}
	c.get(base+"/999999").wantError(t, http.StatusNotFound, "not_found", "")
	c.post(base+"/abc/accept", nil).wantError(t, http.StatusNotFound, "not_found", "")
}

// An invoice settled between the proposal and its acceptance makes the accept a conflict,
// and nothing is allocated.
func TestAPIAcceptingAStaleMatchIsAConflict(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	c := f.api(t, "collector@a.example")
	inv := c.get(f.companyA()+"/invoices/"+ids["invoice"]).want(t, http.StatusOK).object(t)
	owes := int64(inv["open_cents"].(float64))
	c.post(f.companyA()+"/payments", map[string]any{"customer_ref": ids["ref"], "date": "2026-11-23", "amount_cents": owes,
		"allocations": []any{map[string]any{"invoice_number": inv["number"], "amount_cents": owes}}}).want(t, http.StatusCreated)
	before := f.digest(t)
	msg := c.post(f.companyA()+"/matches/"+ids["match"]+"/accept", nil).wantError(t, http.StatusConflict, "conflict", "")
	if !strings.Contains(msg, "cannot be accepted") {
		t.Errorf("message %q", msg)
	}
	if f.digest(t) != before {
		t.Error("a refused accept changed something")
	}
	if got := c.get(f.companyA()+"/matches/"+ids["match"]).want(t, http.StatusOK).object(t); got["status"] != "pending" {
		t.Errorf("the stale proposal: %v", got)
	}
}
