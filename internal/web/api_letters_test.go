package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

func TestAPIPrintsTheDaysLettersAndRecordsARegisteredLettersPostingAndReceipt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	reg := f.dayLetters(t)
	c := f.api(t, "collector@a.example")
	base := f.companyA() + "/letters"

	letters := c.get(base+"?day="+today.String()+"&limit=500").want(t, http.StatusOK).items(t)
	if len(letters) < 2 {
		t.Fatalf("%d letters today", len(letters))
	}
	for _, l := range letters {
		if l["channel"] != "letter" && l["channel"] != "registered_letter" || l["day"] != today.String() {
			t.Errorf("not a letter of the day: %v", l)
		}
	}
	if got := c.get(base).want(t, http.StatusOK).items(t); len(got) != len(letters) {
		t.Errorf("without ?day=, %d letters, today's are %d", len(got), len(letters))
	}

	resp := c.post(base+"/print", map[string]string{"day": today.String()}).want(t, http.StatusOK)
	if resp.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(resp.body), "%PDF") ||
		!strings.HasPrefix(resp.header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("print: %q %q", resp.header.Get("Content-Type"), resp.header.Get("Content-Disposition"))
	}
	pages := 0
	for _, it := range f.printable(t) {
		doc := c.get(f.companyA()+"/documents/"+itoa(it.DocumentID)).want(t, http.StatusOK)
		sum := sha256.Sum256(doc.body)
		if it.DocumentSHA256 == "" || hex.EncodeToString(sum[:]) != it.DocumentSHA256 || doc.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("letter %d's document is not the one kept", it.ID)
		}
		pages += pageCount(t, doc.body)
	}
	if got := pageCount(t, resp.body); got != pages {
		t.Errorf("the print file has %d pages, the letters %d", got, pages)
	}
	c.post(base+"/print", map[string]string{"day": "2020-01-01"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "day")

	path := base + "/" + itoa(reg.ID)
	c.post(path+"/received", map[string]string{"presented": today.String()}).wantError(t, http.StatusConflict, "conflict", "")
	c.post(path+"/posted", map[string]string{"date": today.String()}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "number")
	c.post(path+"/posted", map[string]string{"number": "1A", "date": "23/11"}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "date")
	got := c.post(path+"/posted", map[string]string{"number": "1A 123 456 7890 1", "date": today.String()}).want(t, http.StatusOK).object(t)
	if got["status"] != "posted" || got["tracking_number"] != "1A 123 456 7890 1" || got["posted_on"] != today.String() {
		t.Errorf("posted: %v", got)
	}
	c.post(path+"/received", map[string]string{}).wantError(t, http.StatusUnprocessableEntity, "unprocessable", "presented")
	c.post(path+"/received", map[string]string{"presented": today.AddDays(2).String(), "received": today.AddDays(1).String()}).
		wantError(t, http.StatusUnprocessableEntity, "unprocessable", "received")
	got = c.post(path+"/received", map[string]string{"presented": today.AddDays(1).String(), "received": today.AddDays(2).String()}).want(t, http.StatusOK).object(t)
	if got["status"] != "delivered" || got["presented_on"] != today.AddDays(1).String() || got["received_on"] != today.AddDays(2).String() {
		t.Errorf("received: %v", got)
	}
	kinds := strs(c.get(f.companyA()+"/customers/"+f.customerRefOf(t, reg)+"/timeline?limit=500").items(t), "kind")
	if !slices.Contains(kinds, "letter_posted") || !slices.Contains(kinds, "letter_received") {
		t.Errorf("the timeline does not hold the posting and the receipt: %v", kinds)
	}

	// An e-mail of the outbox is no letter; another company's document is not found.
	mails, _ := f.a.Store.ListOutbox(ctx, store.OutboxQuery{CompanyID: f.coA.ID, Channels: []string{"email"}, Limit: 1})
	if len(mails) > 0 {
		c.post(base+"/"+itoa(mails[0].ID)+"/posted", map[string]string{"number": "1A"}).wantError(t, http.StatusNotFound, "not_found", "")
	}
	docB := store.Document{CompanyID: f.coB.ID, Kind: "attachment", Name: "b.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 B")}
	if err := f.a.Store.PutDocument(ctx, &docB); err != nil {
		t.Fatal(err)
	}
	c.get(f.companyA()+"/documents/"+itoa(docB.ID)).wantError(t, http.StatusNotFound, "not_found", "")
	c.get(base+"?day=tomorrow").wantError(t, http.StatusBadRequest, "bad_request", "day")
}

// customerRefOf is the reference of the message's customer.
func (f *fixture) customerRefOf(t *testing.T, it store.OutboxItem) string {
	t.Helper()
	cu, err := f.a.Store.Customer(context.Background(), f.coA.ID, it.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	return cu.Ref
}
