package web

import (
	"net/http"
	"strings"
	"testing"
)

// queuedCall finds a call of the worklist, and an open invoice of its customer that no
// dispute holds.
func queuedCall(t *testing.T, c *apiClient, f *fixture) (action, invoice map[string]any) {
	t.Helper()
	calls := c.get(f.companyA()+"/actions?channel=call&status=queued&limit=500").want(t, http.StatusOK).items(t)
	for _, a := range calls {
		ref := a["customer_ref"].(string)
		disputed := map[string]bool{}
		for _, d := range c.get(f.companyA() + "/disputes?open=true&limit=500&customer=" + ref).items(t) {
			disputed[d["invoice_number"].(string)] = true
		}
		for _, inv := range openInvoices(t, c, f, ref) {
			if !disputed[inv["number"].(string)] {
				return a, inv
			}
		}
	}
	t.Fatalf("no call of the worklist with an undisputed open invoice among %d calls", len(calls))
	return nil, nil
}

func TestAPILogACallThatGotAPromiseAndTheRightContact(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	act, inv := queuedCall(t, c, f)
	ref := act["customer_ref"].(string)
	call := f.companyA() + "/actions/" + jsonString(act["id"]) + "/call"

	// Nobody answered: the call stays on the worklist, to try again.
	got := c.post(call, map[string]any{"outcome": "no_answer", "note": "voicemail"}).want(t, http.StatusOK).object(t)
	if got["action"].(map[string]any)["status"] != "queued" || got["promise_id"] != nil || got["confirmation"] != "" {
		t.Errorf("no answer: %v", got)
	}
	body := map[string]any{"outcome": "reached", "person": "Mme Martin", "note": "transfer on Friday",
		"promise":       map[string]any{"date": "2026-11-27", "amount_cents": 50000, "invoice_numbers": []string{inv["number"].(string)}},
		"dispute":       map[string]any{"invoice_number": inv["number"], "reason": "one pallet missing"},
		"right_contact": map[string]any{"name": "Paul Durand", "role": "comptable", "email": "paul.durand@client.example"}}
	got = c.post(call, body).want(t, http.StatusOK).object(t)
	action := got["action"].(map[string]any)
	if action["status"] != "done" || got["promise_id"] == nil || got["dispute_id"] == nil || got["contact_id"] == nil ||
		(got["confirmation"] != "email" && got["confirmation"] != "letter") {
		t.Fatalf("reached: %v", got)
	}
	promises := c.get(f.companyA() + "/promises?open=true&limit=500&customer=" + ref).items(t)
	found := false
	for _, p := range promises {
		found = found || jsonString(p["id"]) == jsonString(got["promise_id"])
	}
	if !found {
		t.Errorf("the promise %v is not listed: %v", got["promise_id"], promises)
	}
	detail := c.get(f.companyA()+"/customers/"+ref).want(t, http.StatusOK).object(t)
	for _, ct := range detail["contacts"].([]any) {
		ct := ct.(map[string]any)
		if (ct["email"] == "paul.durand@client.example") != (ct["dunning"] == true) {
			t.Errorf("after the call, contact %v", ct)
		}
	}
	calls := 0
	for _, e := range c.get(f.companyA() + "/customers/" + ref + "/timeline?limit=500").items(t) {
		if e["kind"] == "call" {
			calls++
			if s := e["summary"].(string); !strings.Contains(s, "Appel sans réponse") && !strings.Contains(s, "Mme Martin") {
				t.Errorf("call entry %q", s)
			}
		}
	}
	if calls != 2 {
		t.Errorf("%d calls in the timeline, want 2", calls)
	}
	// The call is off the worklist: logging it again is a conflict.
	c.post(call, map[string]any{"outcome": "reached"}).wantError(t, http.StatusConflict, "conflict", "")
}

func TestAPILogACallRefusesWhatTheRulesRefuse(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	act, inv := queuedCall(t, c, f)
	call := f.companyA() + "/actions/" + jsonString(act["id"]) + "/call"
	number := inv["number"].(string)
	promise := func(date string, amount int, numbers ...string) map[string]any {
		return map[string]any{"date": date, "amount_cents": amount, "invoice_numbers": numbers}
	}
	before := f.digest(t)
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{}, "outcome"},
		{map[string]any{"outcome": "busy"}, "outcome"},
		{map[string]any{"outcome": "no_answer", "promise": promise("2026-11-27", 100)}, "outcome"},
		{map[string]any{"outcome": "reached", "promise": promise("", 100)}, "promise.date"},
		{map[string]any{"outcome": "reached", "promise": promise("2026-11-27", 0)}, "promise.amount_cents"},
		{map[string]any{"outcome": "reached", "promise": promise("2026-11-20", 100)}, "promise.date"},
		{map[string]any{"outcome": "reached", "promise": promise("2026-11-27", 100, "NO-SUCH")}, "promise.invoice_numbers"},
		{map[string]any{"outcome": "reached", "dispute": map[string]any{"invoice_number": "NO-SUCH", "reason": "x"}}, "dispute.invoice_number"},
		{map[string]any{"outcome": "reached", "dispute": map[string]any{"reason": "x"}}, "dispute.invoice_number"},
		{map[string]any{"outcome": "reached", "dispute": map[string]any{"invoice_number": number}}, "dispute.reason"},
		// The promise is refused after the dispute was checked: nothing of either is kept.
		{map[string]any{"outcome": "reached", "dispute": map[string]any{"invoice_number": number, "reason": "x"}, "promise": promise("2026-11-27", -5)}, "promise.amount_cents"},
	} {
		c.post(call, tc.body).wantError(t, http.StatusUnprocessableEntity, "unprocessable", tc.field)
	}
	c.post(call, map[string]any{"outcome": "reached", "mood": "happy"}).wantError(t, http.StatusBadRequest, "bad_request", "mood")
	// A message is sent by the outbox, not called.
	emails := c.get(f.companyA()+"/actions?channel=email&limit=1").want(t, http.StatusOK).items(t)
	if len(emails) == 0 {
		t.Fatal("no e-mail action in the demo")
	}
	c.post(f.companyA()+"/actions/"+jsonString(emails[0]["id"])+"/call", map[string]any{"outcome": "reached"}).
		wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
	if f.digest(t) != before {
		t.Error("a refused call changed something")
	}
}
