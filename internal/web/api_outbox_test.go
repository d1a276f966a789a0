package web

import (
	"context"
	"net/http"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

func TestAPIOutboxListAndRetry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := f.objectsOfA(t)
	cu, err := f.a.Store.CustomerByRef(ctx, f.coA.ID, ids["ref"])
	if err != nil {
		t.Fatal(err)
	}
	// A message that failed (its address bounced).
	it := store.OutboxItem{CompanyID: f.coA.ID, CustomerID: cu.ID, Key: "test/failed", Kind: "statement", Channel: "email", Day: today}
	if _, err := f.a.Store.Enqueue(ctx, &it); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Store.SetOutboxStatus(ctx, f.coA.ID, it.ID, []string{store.OutboxPending}, store.OutboxFailed); err != nil {
		t.Fatal(err)
	}
	c := f.api(t, "collector@a.example")
	base := f.companyA() + "/outbox"
	all, _ := pages(t, c, base+"?limit=100")
	if len(all) < 2 {
		t.Fatalf("%d messages", len(all))
	}
	failed := c.get(base+"?status=failed").want(t, http.StatusOK).items(t)
	if len(failed) != 1 || failed[0]["id"] != float64(it.ID) || failed[0]["customer_ref"] != ids["ref"] {
		t.Fatalf("failed messages: %v", failed)
	}
	for _, m := range c.get(base+"?channel=email&customer="+ids["ref"]).want(t, http.StatusOK).items(t) {
		if m["channel"] != "email" || m["customer_id"] != float64(cu.ID) {
			t.Errorf("filtered: %v", m)
		}
	}
	path := base + "/" + jsonString(it.ID)
	if got := c.get(path).want(t, http.StatusOK).object(t); got["status"] != "failed" {
		t.Errorf("GET: %v", got)
	}
	if got := c.post(path+"/retry", nil).want(t, http.StatusOK).object(t); got["status"] != "pending" {
		t.Errorf("retried: %v", got["status"])
	}
	c.post(path+"/retry", nil).wantError(t, http.StatusConflict, "conflict", "")
	kinds := strs(c.get(f.companyA()+"/customers/"+ids["ref"]+"/timeline?limit=500").items(t), "kind")
	found := false
	for _, k := range kinds {
		found = found || k == "retry"
	}
	if !found {
		t.Errorf("no retry in the timeline: %v", kinds)
	}
	c.get(base+"?status=lost").wantError(t, http.StatusBadRequest, "bad_request", "status")
	c.get(base+"/999999").wantError(t, http.StatusNotFound, "not_found", "")
}
