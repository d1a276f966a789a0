package storetest

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
)

func outboxTests() []namedTest {
	return []namedTest{
		{"OutboxKeyMakesEnqueueIdempotent", testEnqueueIdempotent},
		{"OutboxClaimsDueItemsAndTakesOverExpiredLeases", testClaimOutbox},
		{"OutboxConcurrentClaimersNeverShareAnItem", testClaimDisjoint},
		{"OutboxAttemptOutcomesAndApprovals", testOutboxOutcomes},
		{"OutboxLettersRecordPostingAndReceipt", testLetterTracking},
		{"RecordedActionsAreQueuedInTheSameTransaction", testDecisionEnqueues},
		{"StepsPassedOverComeBackAsSkippedHistory", testSupersededHistory},
		{"SettingsAndTemplatesArePerCompany", testSettingsTemplates},
		{"DocumentsAreKeptOnceWithTheirHash", testDocuments},
	}
}

type namedTest struct {
	name string
	f    func(t *testing.T, s store.Store)
}

func enqueue(t *testing.T, s store.Queries, companyID, customerID int64, key string) store.OutboxItem {
	t.Helper()
	it := store.OutboxItem{CompanyID: companyID, CustomerID: customerID, Key: key, Kind: "reminder", Channel: "email", Day: civil.MustParse("2026-11-23")}
	ok, err := s.Enqueue(ctx, &it)
	if err != nil || !ok {
		t.Fatalf("enqueue %s: %v %v", key, ok, err)
	}
	return it
}

func testEnqueueIdempotent(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	enqueue(t, s, co.ID, cu.ID, "k1")
	again := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "k1", Kind: "reminder", Channel: "email", Day: civil.MustParse("2026-11-23")}
	if ok, err := s.Enqueue(ctx, &again); ok || err != nil {
		t.Errorf("second enqueue of k1: %v %v", ok, err)
	}
	items, _ := s.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID})
	if len(items) != 1 || items[0].CustomerRef != "C1" || items[0].Status != store.OutboxPending {
		t.Errorf("outbox = %+v", items)
	}
}

func testClaimOutbox(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	a := enqueue(t, s, co.ID, cu.ID, "a")
	later := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "later", Kind: "reminder", Channel: "email", NextAt: now.Add(time.Hour), Day: civil.MustParse("2026-11-23")}
	s.Enqueue(ctx, &later)
	held := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "held", Kind: "reminder", Channel: "email", Status: store.OutboxHeld, Day: civil.MustParse("2026-11-23")}
	s.Enqueue(ctx, &held)
	letter := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "letter", Kind: "reminder", Channel: "letter", Day: civil.MustParse("2026-11-23")}
	s.Enqueue(ctx, &letter)
	got, err := s.ClaimOutbox(ctx, co.ID, []string{"email"}, now, time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].ID != a.ID || got[0].Status != store.OutboxSending || got[0].Attempts != 1 {
		t.Fatalf("claim = %+v, %v", got, err)
	}
	if again, _ := s.ClaimOutbox(ctx, co.ID, []string{"email"}, now.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
		t.Errorf("claimed while leased: %+v", again)
	}
	// The claimant crashed: once the lease ran out the item is taken over, the attempt counted.
	over, _ := s.ClaimOutbox(ctx, co.ID, []string{"email"}, now.Add(2*time.Minute), time.Minute, 10)
	if len(over) != 1 || over[0].ID != a.ID || over[0].Attempts != 2 {
		t.Errorf("take-over = %+v", over)
	}
	if due, _ := s.ClaimOutbox(ctx, 0, []string{"email"}, now.Add(2*time.Hour), time.Minute, 10); len(due) != 2 {
		t.Errorf("after an hour, all companies: %d claimed, want the later one and the expired lease", len(due))
	}
}

func testClaimDisjoint(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	for i := range 60 {
		enqueue(t, s, co.ID, cu.ID, fmt.Sprintf("m%d", i))
	}
	now := time.Now()
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for {
				items, err := s.ClaimOutbox(ctx, co.ID, nil, now, time.Hour, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(items) == 0 {
					return
				}
				mu.Lock()
				for _, it := range items {
					seen[it.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 60 {
		t.Errorf("claimed %d distinct items of 60", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("item %d claimed %d times", id, n)
		}
	}
}

func testOutboxOutcomes(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	now := time.Now()
	it := enqueue(t, s, co.ID, cu.ID, "x")
	claimed, _ := s.ClaimOutbox(ctx, co.ID, nil, now, time.Minute, 1)
	c := claimed[0]
	c.Recipient, c.MessageID, c.Subject, c.Content = "a@b.fr", "id-1@relance", "Relance", `{"text":"x"}`
	if err := s.FreezeOutbox(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxRetry(ctx, co.ID, it.ID, now.Add(time.Minute), "451 try later"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OutboxItemByID(ctx, co.ID, it.ID)
	if got.Status != store.OutboxPending || got.LastError != "451 try later" || got.MessageID != "id-1@relance" || got.Content != `{"text":"x"}` {
		t.Errorf("after retry = %+v", got)
	}
	if err := s.OutboxSent(ctx, co.ID, it.ID, now); err != nil {
		t.Fatal(err)
	}
	got, _ = s.OutboxItemByID(ctx, co.ID, it.ID)
	if got.Status != store.OutboxSent || got.SentAt.IsZero() || got.LastError != "" {
		t.Errorf("after sent = %+v", got)
	}
	if err := s.SetOutboxStatus(ctx, co.ID, it.ID, []string{store.OutboxHeld}, store.OutboxPending); !errors.Is(err, store.ErrConflict) {
		t.Errorf("approving a sent item: %v", err)
	}
	f := enqueue(t, s, co.ID, cu.ID, "y")
	s.OutboxFailed(ctx, co.ID, f.ID, "550 no such user")
	if err := s.SetOutboxStatus(ctx, co.ID, f.ID, []string{store.OutboxFailed}, store.OutboxPending); err != nil {
		t.Errorf("retrying a failed item: %v", err)
	}
	other := Company(t, s, "b")
	if _, err := s.OutboxItemByID(ctx, other.ID, f.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another company reads the item: %v", err)
	}
}

func testLetterTracking(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	it := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: "l", Kind: "reminder", Channel: "registered_letter", Day: civil.MustParse("2026-11-23")}
	s.Enqueue(ctx, &it)
	if err := s.LetterReceived(ctx, co.ID, it.ID, civil.MustParse("2026-11-25"), civil.MustParse("2026-11-26")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("receipt before posting: %v", err)
	}
	if err := s.LetterPosted(ctx, co.ID, it.ID, "1A 234 567 8901 2", civil.MustParse("2026-11-24")); err != nil {
		t.Fatal(err)
	}
	if err := s.LetterReceived(ctx, co.ID, it.ID, civil.MustParse("2026-11-25"), civil.MustParse("2026-11-26")); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OutboxItemByID(ctx, co.ID, it.ID)
	if got.Status != store.OutboxDelivered || got.Tracking != "1A 234 567 8901 2" || got.PostedOn.String() != "2026-11-24" ||
		got.PresentedOn.String() != "2026-11-25" || got.ReceivedOn.String() != "2026-11-26" {
		t.Errorf("letter = %+v", got)
	}
}

func testDecisionEnqueues(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	inv := Invoice(t, s, cu, "F1", "2026-10-01", "100.00")
	day := civil.MustParse("2026-11-23")
	mk := func(ch dunning.Channel, approval bool) dunning.Action {
		return dunning.Action{CustomerID: cu.ID, Day: day, Channel: ch, Step: "s-" + string(ch), Phase: dunning.Level2, Template: "level2",
			NeedsApproval: approval, Key: dunning.ActionKey(cu.ID, day, ch), InvoiceNumbers: []string{"F1"},
			Invoices: []dunning.ActionInvoice{{ID: inv.ID, Number: "F1", Step: "s-" + string(ch)}}}
	}
	d := dunning.Decision{CustomerID: cu.ID, Day: day, Actions: []dunning.Action{mk(dunning.Email, false), mk(dunning.RegisteredLetter, true), mk(dunning.Call, false)}}
	err := s.InTx(ctx, func(q store.Queries) error { _, err := q.RecordDecision(ctx, co.ID, 0, d, "run"); return err })
	if err != nil {
		t.Fatal(err)
	}
	items, _ := s.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID})
	st := map[string]string{}
	for _, it := range items {
		st[it.Channel] = it.Status
	}
	if len(items) != 2 || st["email"] != store.OutboxPending || st["registered_letter"] != store.OutboxHeld {
		t.Errorf("outbox after recording = %+v", items)
	}
}

func testSettingsTemplates(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	if _, err := s.Setting(ctx, a.ID, "smtp"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unset setting: %v", err)
	}
	s.SetSetting(ctx, a.ID, "smtp", `{"host":"x"}`)
	s.SetSetting(ctx, a.ID, "smtp", `{"host":"y"}`)
	if v, _ := s.Setting(ctx, a.ID, "smtp"); v != `{"host":"y"}` {
		t.Errorf("setting = %q", v)
	}
	if _, err := s.Setting(ctx, b.ID, "smtp"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("b sees a's setting: %v", err)
	}
	tpl := store.StoredTemplate{Key: "level1", Lang: "fr", Channel: "email", Subject: "Relance", Body: "Madame, Monsieur,"}
	if err := s.SaveTemplate(ctx, a.ID, tpl); err != nil {
		t.Fatal(err)
	}
	got, err := s.Template(ctx, a.ID, "level1", "fr", "email")
	if err != nil || got.Body != tpl.Body {
		t.Errorf("template = %+v %v", got, err)
	}
	if _, err := s.Template(ctx, b.ID, "level1", "fr", "email"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("b sees a's template: %v", err)
	}
	if err := s.DeleteTemplate(ctx, a.ID, "level1", "fr", "email"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListTemplates(ctx, a.ID); len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}
}

func testDocuments(t *testing.T, s store.Store) {
	a, b := Company(t, s, "a"), Company(t, s, "b")
	cu := Customer(t, s, a.ID, "C1")
	d := store.Document{CompanyID: a.ID, CustomerID: cu.ID, Kind: "letter", Name: "mise-en-demeure.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.7 é")}
	if err := s.PutDocument(ctx, &d); err != nil {
		t.Fatal(err)
	}
	again := d
	again.ID, again.Name = 0, "copie.pdf"
	if err := s.PutDocument(ctx, &again); err != nil || again.ID != d.ID {
		t.Errorf("same content stored twice: %d vs %d, %v", again.ID, d.ID, err)
	}
	got, err := s.Document(ctx, a.ID, d.ID)
	if err != nil || string(got.Content) != "%PDF-1.7 é" || got.SHA256 != d.SHA256 || got.Size != len(d.Content) {
		t.Fatalf("document = %+v %v", got, err)
	}
	if _, err := s.Document(ctx, b.ID, d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("b reads a's document: %v", err)
	}
	it := enqueue(t, s, a.ID, cu.ID, "letter-1")
	it.DocumentID, it.DocumentSHA256 = d.ID, d.SHA256
	if err := s.FreezeOutbox(ctx, it); err != nil {
		t.Fatal(err)
	}
	if back, _ := s.OutboxItemByID(ctx, a.ID, it.ID); back.DocumentID != d.ID {
		t.Errorf("outbox document = %d", back.DocumentID)
	}
	if list, _ := s.ListDocuments(ctx, a.ID, cu.ID); len(list) != 1 || list[0].Content != nil {
		t.Errorf("list = %+v", list)
	}
}

// The steps a catch-up passed over are read back, the next day, as skipped steps of their
// invoices on the day they were passed over — what keeps the decision from taking them later.
func testSupersededHistory(t *testing.T, s store.Store) {
	co := Company(t, s, "a")
	cu := Customer(t, s, co.ID, "C1")
	f1 := Invoice(t, s, cu, "F1", "2026-08-01", "100.00")
	f2 := Invoice(t, s, cu, "F2", "2026-08-15", "200.00")
	other := Customer(t, s, co.ID, "C2")
	Invoice(t, s, other, "F3", "2026-08-01", "300.00")
	day := civil.MustParse("2026-11-23")
	d := dunning.Decision{CustomerID: cu.ID, Day: day, Superseded: []dunning.Superseded{
		{InvoiceID: f1.ID, Number: "F1", Step: "relance-1", Phase: dunning.Level1, Channel: dunning.Email},
		{InvoiceID: f1.ID, Number: "F1", Step: "relance-2", Phase: dunning.Level2, Channel: dunning.Letter},
		{InvoiceID: f2.ID, Number: "F2", Step: "relance-1", Phase: dunning.Level1, Channel: dunning.Email}}}
	if err := s.InTx(ctx, func(q store.Queries) error { _, err := q.RecordDecision(ctx, co.ID, 0, d, "run"); return err }); err != nil {
		t.Fatal(err)
	}
	accounts, err := s.LoadAccounts(ctx, co.ID, day.AddDays(1), 0, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]civil.Date{}
	for _, a := range accounts {
		for _, h := range a.History {
			for _, pi := range h.Invoices {
				if h.Status != dunning.StatusSkipped {
					t.Errorf("%s: %s of invoice %d is %s", a.Customer.Ref, pi.Step, pi.ID, h.Status)
				}
				got[fmt.Sprintf("%s/%d/%s", a.Customer.Ref, pi.ID, pi.Step)] = h.Day
			}
		}
	}
	want := []string{fmt.Sprintf("C1/%d/relance-1", f1.ID), fmt.Sprintf("C1/%d/relance-2", f1.ID), fmt.Sprintf("C1/%d/relance-1", f2.ID)}
	if len(got) != len(want) {
		t.Errorf("history read back = %v, want %v", got, want)
	}
	for _, k := range want {
		if got[k] != day {
			t.Errorf("%s passed over on %v, read back as of %v", k, day, got[k])
		}
	}
}
