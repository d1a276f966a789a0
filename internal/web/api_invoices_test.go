package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAPIListInvoices(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "viewer@a.example")
	base := f.companyA() + "/invoices"
	all, _ := pages(t, c, base+"?limit=200")
	overdue, _ := pages(t, c, base+"?status=overdue&limit=200")
	open, _ := pages(t, c, base+"?status=open&limit=200")
	if len(overdue) == 0 || len(overdue) >= len(open) || len(open) >= len(all) {
		t.Fatalf("%d invoices, %d open, %d overdue", len(all), len(open), len(overdue))
	}
	for _, inv := range overdue {
		if inv["open_cents"].(float64) <= 0 || inv["days_late"].(float64) <= 0 || inv["kind"] != "invoice" {
			t.Errorf("overdue: %v", inv)
		}
	}
	for _, inv := range open {
		if inv["open_cents"].(float64) != inv["amount_cents"].(float64)-inv["allocated_cents"].(float64) || inv["open_cents"].(float64) <= 0 {
			t.Errorf("open: %v", inv)
		}
	}
	ref := overdue[0]["customer_ref"].(string)
	for _, inv := range c.get(base+"?customer="+ref+"&limit=500").want(t, http.StatusOK).items(t) {
		if inv["customer_ref"] != ref {
			t.Errorf("customer=%s lists %v", ref, inv["customer_ref"])
		}
	}
	number := overdue[0]["number"].(string)
	if got := c.get(base+"?number="+number).want(t, http.StatusOK).items(t); len(got) != 1 || got[0]["number"] != number {
		t.Errorf("number=%s: %v", number, got)
	}
	if got := c.get(base+"?number=NO-SUCH").want(t, http.StatusOK).items(t); len(got) != 0 {
		t.Errorf("number=NO-SUCH: %v", got)
	}
	for _, cn := range c.get(base+"?kind=credit_note").want(t, http.StatusOK).items(t) {
		if cn["kind"] != "credit_note" || cn["days_late"] != 0.0 {
			t.Errorf("credit note: %v", cn)
		}
	}
	one := c.get(base+"/"+jsonString(overdue[0]["id"])).want(t, http.StatusOK).object(t)
	if !equalJSON(one, overdue[0]) {
		t.Errorf("GET one: %v, listed %v", one, overdue[0])
	}
	c.get(base+"/999999").wantError(t, http.StatusNotFound, "not_found", "")
	c.get(base+"/FA-1").wantError(t, http.StatusNotFound, "not_found", "")
	c.get(base+"?status=late").wantError(t, http.StatusBadRequest, "bad_request", "status")
	c.get(base+"?customer=NO-SUCH").wantError(t, http.StatusBadRequest, "bad_request", "customer")
	c.get(base+"?status=open&status=all").wantError(t, http.StatusBadRequest, "bad_request", "status")
}

func TestAPICreateInvoiceAndCreditNote(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	base := f.companyA() + "/invoices"
	resp := c.post(base, map[string]any{"number": "FA-API-1", "customer_ref": ids["ref"], "issue_date": "2026-11-02",
		"due_date": "2026-11-20", "amount_cents": 186000}).want(t, http.StatusCreated)
	inv := resp.object(t)
	if inv["open_cents"] != 186000.0 || inv["days_late"] != 3.0 || inv["currency"] != "EUR" || inv["customer_ref"] != ids["ref"] {
		t.Errorf("created %v", inv)
	}
	c.get(strings.TrimPrefix(resp.header.Get("Location"), apiPrefix)).want(t, http.StatusOK)
	c.post(base, map[string]any{"number": "FA-API-1", "customer_ref": ids["ref"], "issue_date": "2026-11-02",
		"due_date": "2026-11-20", "amount_cents": 1}).wantError(t, http.StatusConflict, "conflict", "")

	note := c.post(base, map[string]any{"kind": "credit_note", "number": "AV-API-1", "customer_ref": ids["ref"],
		"issue_date": "2026-11-22", "amount_cents": 200000, "credits_number": "FA-API-1"}).want(t, http.StatusCreated).object(t)
	if note["allocated_cents"] != 186000.0 || note["open_cents"] != 14000.0 || note["due_date"] != "2026-11-22" {
		t.Errorf("credit note: %v", note)
	}
	if got := c.get(base + "/" + jsonString(inv["id"])).object(t); got["open_cents"] != 0.0 || got["days_late"] != 0.0 {
		t.Errorf("the credited invoice: %v", got)
	}
	timeline := c.get(f.companyA() + "/customers/" + ids["ref"] + "/timeline?limit=500").items(t)
	var kinds []string
	for _, e := range timeline {
		if strings.Contains(e["summary"].(string), "API-1") {
			kinds = append(kinds, e["kind"].(string))
		}
	}
	if strings.Join(kinds, " ") != "credit_note invoice" {
		t.Errorf("timeline entries of the new documents: %v", kinds)
	}

	before := f.digest(t)
	valid := func(k string, v any) map[string]any {
		b := map[string]any{"number": "FA-API-2", "customer_ref": ids["ref"], "issue_date": "2026-11-02", "due_date": "2026-12-02", "amount_cents": 100}
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{valid("number", nil), "number"},
		{valid("customer_ref", nil), "customer_ref"},
		{valid("customer_ref", "NO-SUCH"), "customer_ref"},
		{valid("issue_date", nil), "issue_date"},
		{valid("issue_date", "02/11/2026"), "issue_date"},
		{valid("due_date", nil), "due_date"},
		{valid("due_date", "2026-10-01"), "due_date"},
		{valid("amount_cents", 0), "amount_cents"},
		{valid("amount_cents", nil), "amount_cents"},
		{valid("currency", "euro"), "currency"},
		{valid("kind", "quote"), "kind"},
		{valid("credits_number", "FA-API-1"), "credits_number"},
	} {
		c.post(base, tc.body).wantError(t, http.StatusUnprocessableEntity, "unprocessable", tc.field)
	}
	c.post(base, map[string]any{"kind": "credit_note", "number": "AV-API-2", "customer_ref": ids["ref"], "issue_date": "2026-11-22",
		"amount_cents": 100, "credits_number": "NO-SUCH"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "credits_number")
	c.post(base, valid("amount", 100)).wantError(t, http.StatusBadRequest, "bad_request", "amount")
	if f.digest(t) != before {
		t.Error("a refused invoice changed something")
	}
}

func TestAPIPauseAnInvoice(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	path := f.companyA() + "/invoices/" + ids["invoice"]
	res := c.post(path+"/pause", map[string]any{"until": "2026-12-15", "reason": "credit note coming"}).want(t, http.StatusOK).object(t)
	if res["invoice_number"] == "" || res["customer_ref"] != ids["ref"] {
		t.Errorf("pause: %v", res)
	}
	if got := c.get(path).object(t); got["paused_until"] != "2026-12-15" || got["pause_reason"] != "credit note coming" {
		t.Errorf("paused invoice: %v", got)
	}
	if res := c.post(path+"/resume", nil).want(t, http.StatusOK).object(t); res["changed"] != true {
		t.Errorf("resume: %v", res)
	}
	if got := c.get(path).object(t); got["paused_until"] != nil {
		t.Errorf("resumed invoice: %v", got["paused_until"])
	}
	notes := c.get(f.companyA() + "/invoices?kind=credit_note&limit=1").items(t)
	if len(notes) == 0 {
		t.Skip("no credit note in the demo")
	}
	c.post(f.companyA()+"/invoices/"+jsonString(notes[0]["id"])+"/pause", map[string]any{"until": "2026-12-15", "reason": "x"}).
		wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
}

func TestAPISkipAndForceAStep(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	inv := openInvoices(t, c, f, ids["ref"])[2]
	path := f.companyA() + "/invoices/" + jsonString(inv["id"])
	// An unknown step is refused with the steps of the customer's policy.
	msg := c.post(path+"/force", map[string]any{"step": "no-such-step"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "step")
	_, list, ok := strings.Cut(msg, "its steps are ")
	steps := strings.Split(list, ", ")
	if !ok || len(steps) < 3 {
		t.Fatalf("message %q lists no steps", msg)
	}
	c.post(path+"/skip", map[string]any{}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "step")
	c.post(path+"/skip", map[string]any{"name": steps[0]}).wantError(t, http.StatusBadRequest, "bad_request", "name")

	got := c.post(path+"/skip", map[string]any{"step": steps[0], "reason": "sent by hand"}).want(t, http.StatusOK).object(t)
	if got["kind"] != "skip" || got["step"] != steps[0] || got["invoice_number"] != inv["number"] || got["customer_ref"] != ids["ref"] ||
		got["reason"] != "sent by hand" || got["day"] != "2026-11-23" || got["by"] != "collector@a.example" || got["policy"] == "" {
		t.Errorf("skipped: %v", got)
	}
	// A forced step is taken by the next run, today's too, whatever its date.
	last := steps[len(steps)-1]
	if got := c.post(path+"/force", map[string]any{"step": last}).want(t, http.StatusOK).object(t); got["kind"] != "force" || got["step"] != last {
		t.Errorf("forced: %v", got)
	}
	run := c.post(f.companyA()+"/runs", nil).want(t, http.StatusOK).object(t)
	taken := false
	for _, a := range run["actions"].([]any) {
		a := a.(map[string]any)
		lines, _ := a["lines"].([]any)
		for _, i := range lines {
			i := i.(map[string]any)
			taken = taken || (i["number"] == inv["number"] && i["step"] == last && i["forced"] == true)
		}
	}
	if !taken {
		t.Errorf("the run after forcing %s on %s: %v", last, inv["number"], run["actions"])
	}

	// A settled invoice has nothing to remind; a credit note has no steps.
	owes := int64(inv["open_cents"].(float64))
	c.post(f.companyA()+"/payments", map[string]any{"customer_ref": ids["ref"], "date": "2026-11-23", "amount_cents": owes,
		"allocations": []any{map[string]any{"invoice_number": inv["number"], "amount_cents": owes}}}).want(t, http.StatusCreated)
	c.post(path+"/force", map[string]any{"step": last}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
	note := c.post(f.companyA()+"/invoices", map[string]any{"kind": "credit_note", "number": "AV-STEP-1", "customer_ref": ids["ref"],
		"issue_date": "2026-11-22", "amount_cents": 100}).want(t, http.StatusCreated).object(t)
	before := f.digest(t)
	c.post(f.companyA()+"/invoices/"+jsonString(note["id"])+"/skip", map[string]any{"step": steps[0]}).
		wantError(t, http.StatusUnprocessableEntity, "unprocessable", "")
	if f.digest(t) != before {
		t.Error("a refused skip changed something")
	}
}
