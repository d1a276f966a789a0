package web

import (
	"net/http"
	"testing"
)

// aCustomerWithOpenInvoices picks a customer of A with at least n open invoices that no
// dispute or plan holds yet.
func aCustomerWithOpenInvoices(t *testing.T, f *fixture, c *apiClient, n int) (string, []map[string]any) {
	t.Helper()
	for _, cu := range c.get(f.companyA()+"/customers?sort=open&limit=500").want(t, http.StatusOK).items(t) {
		if invs := openInvoices(t, c, f, cu["ref"].(string)); len(invs) >= n {
			return cu["ref"].(string), invs
		}
	}
	t.Fatalf("no customer with %d open invoices", n)
	return "", nil
}

func TestAPIDisputes(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ref, invs := aCustomerWithOpenInvoices(t, f, c, 1)
	number := invs[0]["number"]
	base := f.companyA() + "/disputes"
	d := c.post(base, map[string]any{"invoice_number": number, "reason": "delivery note missing", "date": "2026-11-20"}).
		want(t, http.StatusCreated).object(t)
	if d["open"] != true || d["opened"] != "2026-11-20" || d["customer_ref"] != ref || d["invoice_number"] != number {
		t.Errorf("dispute: %v", d)
	}
	c.post(base, map[string]any{"invoice_number": number, "reason": "again"}).wantError(t, http.StatusConflict, "conflict", "")
	c.post(base, map[string]any{"invoice_number": number}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "reason")
	c.post(base, map[string]any{"invoice_number": "NO-SUCH", "reason": "x"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "invoice_number")
	c.post(base, map[string]any{"invoice_number": number, "reason": "x", "date": "yesterday"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "date")

	open := c.get(base+"?open=true&customer="+ref).want(t, http.StatusOK).items(t)
	if len(open) != 1 || open[0]["id"] != d["id"] {
		t.Errorf("open disputes of %s: %v", ref, open)
	}
	id := jsonString(d["id"])
	c.post(base+"/"+id+"/resolve", map[string]any{}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "resolution")
	c.post(base+"/"+id+"/resolve", map[string]any{"resolution": "x", "date": "2026-11-01"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "date")
	r := c.post(base+"/"+id+"/resolve", map[string]any{"resolution": "signed delivery note sent"}).want(t, http.StatusOK).object(t)
	if r["open"] != false || r["resolved"] != "2026-11-23" || r["resolution"] != "signed delivery note sent" {
		t.Errorf("resolved: %v", r)
	}
	c.post(base+"/"+id+"/resolve", map[string]any{"resolution": "again"}).wantError(t, http.StatusConflict, "conflict", "")
	if open := c.get(base + "?open=true&customer=" + ref).items(t); len(open) != 0 {
		t.Errorf("still open: %v", open)
	}
	if all := c.get(base + "?customer=" + ref).items(t); len(all) != 1 {
		t.Errorf("all disputes of %s: %v", ref, all)
	}
	c.post(base+"/999999/resolve", map[string]any{"resolution": "x"}).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestAPIPromises(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ref, invs := aCustomerWithOpenInvoices(t, f, c, 1)
	number := invs[0]["number"].(string)
	base := f.companyA() + "/promises"
	p := c.post(base, map[string]any{"customer_ref": ref, "date": "2026-12-05", "amount_cents": 50000, "invoice_numbers": []string{number},
		"via": "call", "note": "virement vendredi"}).want(t, http.StatusCreated).object(t)
	if p["status"] != "pending" || p["amount_cents"] != 50000.0 || p["currency"] != "EUR" || p["made"] != "2026-11-23" || p["via"] != "call" {
		t.Errorf("promise: %v", p)
	}
	if ch, _ := p["confirmation"].(string); ch != "email" && ch != "letter" {
		t.Errorf("no written confirmation queued: %v", p["confirmation"])
	}
	before := f.digest(t)
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"customer_ref": ref, "date": "2026-12-05"}, "amount_cents"},
		{map[string]any{"customer_ref": ref, "date": "2026-12-05", "amount_cents": -5}, "amount_cents"},
		{map[string]any{"customer_ref": ref, "amount_cents": 5}, "date"},
		{map[string]any{"customer_ref": ref, "date": "2026-11-01", "amount_cents": 5}, "date"},
		{map[string]any{"customer_ref": ref, "date": "2026-12-05", "amount_cents": 5, "via": "fax"}, "via"},
		{map[string]any{"customer_ref": "NO-SUCH", "date": "2026-12-05", "amount_cents": 5}, "customer_ref"},
		{map[string]any{"date": "2026-12-05", "amount_cents": 5}, "customer_ref"},
		{map[string]any{"customer_ref": ref, "date": "2026-12-05", "amount_cents": 5, "invoice_numbers": []string{"NO-SUCH"}}, "invoice_numbers"},
		{map[string]any{"customer_ref": ref, "date": "2026-12-05", "amount_cents": 5, "invoice_numbers": []string{number, number}}, "invoice_numbers"},
	} {
		c.post(base, tc.body).wantError(t, http.StatusUnprocessableEntity, "unprocessable", tc.field)
	}
	if f.digest(t) != before {
		t.Error("a refused promise changed something")
	}
	if list := c.get(base+"?open=true&customer="+ref).want(t, http.StatusOK).items(t); len(list) != 1 || list[0]["id"] != p["id"] {
		t.Errorf("pending promises: %v", list)
	}
	id := jsonString(p["id"])
	if got := c.post(base+"/"+id+"/cancel", nil).want(t, http.StatusOK).object(t); got["status"] != "cancelled" || got["cancelled"] != "2026-11-23" {
		t.Errorf("cancelled: %v", got)
	}
	c.post(base+"/"+id+"/cancel", nil).wantError(t, http.StatusConflict, "conflict", "")
	c.post(base+"/"+id+"/cancel", map[string]any{"reason": "x"}).wantError(t, http.StatusBadRequest, "bad_request", "reason")
}

func TestAPIPaymentPlans(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ref, invs := aCustomerWithOpenInvoices(t, f, c, 1)
	inv := invs[0]
	owes := int64(inv["open_cents"].(float64))
	base := f.companyA() + "/plans"
	body := map[string]any{"customer_ref": ref, "invoice_numbers": []any{inv["number"]}, "note": "accord téléphonique",
		"instalments": []any{map[string]any{"due": "2026-11-25", "amount_cents": owes / 2}, map[string]any{"due": "2026-12-25", "amount_cents": owes - owes/2}}}
	late := map[string]any{"customer_ref": ref, "invoice_numbers": []any{inv["number"]}, "instalments": []any{map[string]any{"due": "2027-01-25", "amount_cents": owes}}}
	c.post(base, late).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "instalments")
	noAmount := map[string]any{"customer_ref": ref, "invoice_numbers": []any{inv["number"]}, "instalments": []any{map[string]any{"due": "2026-11-25"}}}
	c.post(base, noAmount).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "instalments[0].amount_cents")
	c.post(base, map[string]any{"customer_ref": ref, "invoice_numbers": []any{inv["number"]}}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "instalments")
	p := c.post(base, body).want(t, http.StatusCreated).object(t)
	if p["status"] != "running" || p["total_cents"] != float64(owes) || len(p["instalments"].([]any)) != 2 || p["currency"] != "EUR" {
		t.Errorf("plan: %v", p)
	}
	c.post(base, body).wantError(t, http.StatusConflict, "conflict", "")

	// A payment fills the first instalment, as the list shows.
	c.post(f.companyA()+"/payments", map[string]any{"customer_ref": ref, "date": "2026-11-23", "amount_cents": owes / 2,
		"allocations": []any{map[string]any{"invoice_number": inv["number"], "amount_cents": owes / 2}}}).want(t, http.StatusCreated)
	plans := c.get(base+"?open=true&customer="+ref).want(t, http.StatusOK).items(t)
	if len(plans) != 1 {
		t.Fatalf("running plans: %v", plans)
	}
	first := plans[0]["instalments"].([]any)[0].(map[string]any)
	if first["paid_cents"] != float64(owes/2) || first["paid_on"] != "2026-11-23" {
		t.Errorf("first instalment after the payment: %v", first)
	}
	id := jsonString(p["id"])
	if got := c.post(base+"/"+id+"/cancel", nil).want(t, http.StatusOK).object(t); got["status"] != "cancelled" {
		t.Errorf("cancelled: %v", got)
	}
	c.post(base+"/"+id+"/cancel", nil).wantError(t, http.StatusConflict, "conflict", "")
	c.get(base+"?customer=NO-SUCH").wantError(t, http.StatusBadRequest, "bad_request", "customer")
}
