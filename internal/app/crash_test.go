package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
)

// TestMain lets the test binary act as the sender process of the crash test: started with
// RELANCE_CRASH_DB set, it sends the outbox of that database and exits.
func TestMain(m *testing.M) {
	if path := os.Getenv("RELANCE_CRASH_DB"); path != "" {
		os.Exit(crashChild(path))
	}
	os.Exit(m.Run())
}

func crashChild(path string) int {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	a := app.New(db, nil)
	// A short lease so that the next process takes over quickly what this one left mid-send.
	_, err = a.SendOutbox(ctx, app.SendOptions{Composer: plainComposer{db}, Lease: 300 * time.Millisecond, Batch: 5})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestSenderKilledAtRandomPointsLosesNothingAndResendsTheSameMessage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := newApp(db)
	c := startCatcher(t)
	co, _, _ := a.Init(ctx, receivable.Company{Name: "Crash"})
	if err := a.SetSMTPSettings(ctx, co, relmail.Settings{Host: "127.0.0.1", Port: c.Port(), TLS: "none", From: "r@crash.example"}); err != nil {
		t.Fatal(err)
	}
	const n = 300
	for i := range n {
		cu := receivable.Customer{CompanyID: co.ID, Ref: fmt.Sprintf("C%03d", i), Name: fmt.Sprintf("Client %d", i)}
		if err := db.CreateCustomer(ctx, &cu); err != nil {
			t.Fatal(err)
		}
		ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID, Email: fmt.Sprintf("c%d@client.example", i), Dunning: true}
		db.AddContact(ctx, &ct)
		it := store.OutboxItem{CompanyID: co.ID, CustomerID: cu.ID, Key: fmt.Sprintf("crash/%d", i), Kind: "test", Channel: "email", Template: "level1", Day: day}
		if _, err := db.Enqueue(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills := 0
	for round := 0; round < 200; round++ {
		left, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Statuses: []string{store.OutboxPending, store.OutboxSending}})
		if len(left) == 0 {
			break
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "RELANCE_CRASH_DB="+path)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Kill the first rounds at a random moment of the batch, then let one finish.
		if round < 8 {
			select {
			case <-done:
			case <-time.After(time.Duration(5+rng.IntN(120)) * time.Millisecond):
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
				kills++
			}
		} else if err := <-done; err != nil {
			t.Fatalf("sender exited: %v", err)
		}
		time.Sleep(350 * time.Millisecond) // let the killed sender's lease run out
	}
	sent, _ := db.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Statuses: []string{store.OutboxSent}})
	if len(sent) != n {
		t.Fatalf("%d of %d items sent", len(sent), n)
	}
	received := map[string]int{}
	for _, m := range c.Messages() {
		received[m.MessageID]++
	}
	resent := 0
	for _, it := range sent {
		switch k := received[it.MessageID]; {
		case k == 0:
			t.Errorf("outbox %d (%s) marked sent, never received", it.ID, it.MessageID)
		case k > 1:
			resent += k - 1
		}
	}
	if len(received) != n {
		t.Errorf("%d distinct messages received, want %d: every message arrives, with its one Message-ID", len(received), n)
	}
	// A kill between the server's acceptance and the commit of "sent" makes the next process
	// send the message again: the same content with the same Message-ID, which mailboxes keep
	// once. No SMTP exchange can close that window; the figure says how often it was hit.
	t.Logf("%d messages, %d kills, %d SMTP-level resends of an accepted message (same Message-ID)", n, kills, resent)
	if kills == 0 {
		t.Error("no sender was killed mid-batch: the test proved nothing")
	}
}
