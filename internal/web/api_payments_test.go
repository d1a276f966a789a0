package web

import (
	"net/http"
	"strings"
	"testing"
)

// openInvoices lists a customer's open invoices, the oldest due first.
func openInvoices(t *testing.T, c *apiClient, f *fixture, ref string) []map[string]any {
	t.Helper()
	return c.get(f.companyA()+"/invoices?status=open&limit=500&customer="+ref).want(t, http.StatusOK).items(t)
}

func TestAPIRecordAPaymentAllocatedToInvoices(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	invs := openInvoices(t, c, f, ids["ref"])
	first, second := invs[0], invs[1]
	owes := int64(first["open_cents"].(float64))
	body := map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": owes + 1000, "method": "virement",
		"external_id": "bank-1", "allocations": []any{
			map[string]any{"invoice_number": first["number"], "amount_cents": owes},
			map[string]any{"invoice_number": second["number"], "amount_cents": 500},
		}}
	pay := c.post(f.companyA()+"/payments", body).want(t, http.StatusCreated).object(t)
	if pay["allocated_cents"] != float64(owes+500) || pay["unallocated_cents"] != 500.0 || pay["source"] != "api" || len(pay["allocations"].([]any)) != 2 {
		t.Errorf("payment: %v", pay)
	}
	if a := pay["allocations"].([]any)[0].(map[string]any); a["open_cents"] != 0.0 || a["invoice_number"] != first["number"] {
		t.Errorf("first allocation: %v", a)
	}
	if got := c.get(f.companyA() + "/invoices/" + jsonString(first["id"])).object(t); got["open_cents"] != 0.0 {
		t.Errorf("the paid invoice still owes %v", got["open_cents"])
	}
	if got := c.get(f.companyA() + "/invoices/" + jsonString(second["id"])).object(t); got["open_cents"] != second["open_cents"].(float64)-500 {
		t.Errorf("the partly paid invoice owes %v", got["open_cents"])
	}
	// The same external id again is the same payment: refused, not recorded twice.
	c.post(f.companyA()+"/payments", body).wantError(t, http.StatusConflict, "conflict", "")

	list := c.get(f.companyA()+"/payments?customer="+ids["ref"]+"&limit=500").want(t, http.StatusOK).items(t)
	found := 0
	for _, p := range list {
		if p["customer_ref"] != ids["ref"] {
			t.Errorf("customer=%s lists %v", ids["ref"], p["customer_ref"])
		}
		if p["external_id"] == "bank-1" {
			found++
		}
	}
	if found != 1 {
		t.Errorf("the payment is listed %d times", found)
	}
	for _, p := range c.get(f.companyA() + "/payments?unallocated=true&limit=500").items(t) {
		if p["unallocated_cents"].(float64) <= 0 {
			t.Errorf("unallocated=true lists %v", p)
		}
	}
	timeline := c.get(f.companyA() + "/customers/" + ids["ref"] + "/timeline?limit=500").items(t)
	payments := 0
	for _, e := range timeline {
		if e["kind"] == "payment" && strings.Contains(e["summary"].(string), first["number"].(string)) {
			payments++
		}
	}
	if payments != 1 {
		t.Errorf("%d payment entries in the timeline", payments)
	}
}

func TestAPIAPaymentIsNeverAllocatedBeyondWhatIsOwed(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	inv := openInvoices(t, c, f, ids["ref"])[0]
	owes := int64(inv["open_cents"].(float64))
	before := f.digest(t)
	alloc := func(number any, amount int64) []any {
		return []any{map[string]any{"invoice_number": number, "amount_cents": amount}}
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": owes + 1, "allocations": alloc(inv["number"], owes+1)}, "allocations[0].amount_cents"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "allocations": alloc(inv["number"], 200)}, "allocations"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "allocations": alloc("NO-SUCH", 100)}, "allocations[0].invoice_number"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "allocations": alloc(inv["number"], 0)}, "allocations[0].amount_cents"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "allocations": append(alloc(inv["number"], 50), alloc(inv["number"], 50)...)}, "allocations[1].invoice_number"},
		{map[string]any{"date": "2026-11-20", "amount_cents": 100, "allocations": alloc(inv["number"], 100)}, "customer_ref"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "allocations": alloc(inv["number"], 100), "allocate_oldest_first": true}, "allocate_oldest_first"},
		{map[string]any{"customer_ref": ids["ref"], "amount_cents": 100}, "date"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": -100}, "amount_cents"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100, "currency": "euro"}, "currency"},
		{map[string]any{"customer_ref": ids["ref"], "date": "2026-11-24", "amount_cents": 100}, "date"},
	} {
		c.post(f.companyA()+"/payments", tc.body).wantError(t, http.StatusUnprocessableEntity, "unprocessable", tc.field)
	}
	// Another customer's invoice is refused, naming it.
	others := c.get(f.companyA() + "/invoices?status=open&limit=500").items(t)
	for _, o := range others {
		if o["customer_ref"] != ids["ref"] {
			msg := c.post(f.companyA()+"/payments", map[string]any{"customer_ref": ids["ref"], "date": "2026-11-20", "amount_cents": 100,
				"allocations": alloc(o["number"], 100)}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "allocations[0].invoice_number")
			if !strings.Contains(msg, o["number"].(string)) {
				t.Errorf("message %q does not name the invoice", msg)
			}
			break
		}
	}
	if f.digest(t) != before {
		t.Error("a refused payment changed something")
	}
}

func TestAPIPaymentAllocatedOldestFirst(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	invs := openInvoices(t, c, f, ids["ref"])
	var total int64
	for _, inv := range invs {
		total += int64(inv["open_cents"].(float64))
	}
	pay := c.post(f.companyA()+"/payments", map[string]any{"customer_ref": ids["ref"], "date": "2026-11-21", "amount_cents": total + 5000,
		"allocate_oldest_first": true}).want(t, http.StatusCreated).object(t)
	if pay["allocated_cents"] != float64(total) || pay["unallocated_cents"] != 5000.0 || len(pay["allocations"].([]any)) != len(invs) {
		t.Errorf("payment: %v", pay)
	}
	if left := openInvoices(t, c, f, ids["ref"]); len(left) != 0 {
		t.Errorf("%d invoices still open", len(left))
	}
	// Unmatched money: no customer, nothing allocated.
	p := c.post(f.companyA()+"/payments", map[string]any{"date": "2026-11-21", "amount_cents": 4200, "payer_name": "SARL INCONNUE"}).
		want(t, http.StatusCreated).object(t)
	if p["customer_ref"] != "" || p["unallocated_cents"] != 4200.0 || !strings.HasPrefix(p["external_id"].(string), "api-") {
		t.Errorf("unmatched payment: %v", p)
	}
}

// A payment through the API goes through app.RecordPayment: neither allocations nor
// allocate_oldest_first leaves it on the customer's account, and a retry under the same
// external_id is a 409 even when it asks for something else.
func TestAPIPaymentOnAccountAndItsRetry(t *testing.T) {
	f := newFixture(t)
	c := f.api(t, "collector@a.example")
	ids := f.objectsOfA(t)
	before := openInvoices(t, c, f, ids["ref"])
	body := map[string]any{"customer_ref": ids["ref"], "date": "2026-11-23", "amount_cents": 2500, "method": "chèque", "external_id": "chq-77"}
	pay := c.post(f.companyA()+"/payments", body).want(t, http.StatusCreated).object(t)
	if pay["customer_ref"] != ids["ref"] || pay["allocated_cents"] != 0.0 || pay["unallocated_cents"] != 2500.0 || len(pay["allocations"].([]any)) != 0 {
		t.Errorf("payment on account: %v", pay)
	}
	if after := openInvoices(t, c, f, ids["ref"]); jsonString(after) != jsonString(before) {
		t.Error("a payment left on account changed what the invoices owe")
	}
	body["allocate_oldest_first"] = true
	msg := c.post(f.companyA()+"/payments", body).wantError(t, http.StatusConflict, "conflict", "")
	if !strings.Contains(msg, "chq-77") {
		t.Errorf("the conflict does not name the external id: %q", msg)
	}
	entries := 0
	for _, e := range c.get(f.companyA() + "/customers/" + ids["ref"] + "/timeline?limit=500").items(t) {
		if e["kind"] == "payment" && strings.Contains(e["summary"].(string), "au crédit du compte") {
			entries++
		}
	}
	if entries != 1 {
		t.Errorf("%d timeline entries for the payment on account", entries)
	}
}
