package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/dunning"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/catcher"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web"
)

// The server's clock: a Monday morning in Paris, so that the demo data, the day's run and
// what the pages show are the same on every machine and every day.
var (
	day = civil.MustParse("2026-11-23")
	now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

// The collector the tests log in as.
const (
	collectorEmail    = "camille@imprimerie-lemoine.example"
	collectorName     = "Camille Roux"
	collectorPassword = "correct horse battery staple"
)

// sendEvery is how often the test server sends its outbox, as relance serve does every
// --send-every (a minute by default; shorter here so that the tests do not wait).
const sendEvery = 200 * time.Millisecond

// server is relance's web server as `relance serve --demo` runs it, inside the test
// process: the demo company on a fresh SQLite database, the day's run done, e-mails sent by
// a background sender to an SMTP catcher.
type server struct {
	URL  string
	app  *app.App
	st   store.Store
	co   receivable.Company
	mail *catcher.Catcher
}

// startServer starts a server of the test's own, stopped when the test ends. Its company
// approves its first-level reminder e-mails before they go out (a step with approval: the
// shipped policies ask it only for formal notices, which go by registered letter), so that
// the day's run leaves reminder e-mails waiting on the outbox for a collector.
func startServer(t *testing.T) *server {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := storetest.SQLite(t)
	a := app.New(db, log)
	a.Now = func() time.Time { return now }

	mailbox, err := catcher.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mailbox.Stop() })

	sum, err := demo.Load(ctx, db, demo.Generate(demo.Options{Seed: 1, Customers: 30, Today: day}))
	if err != nil {
		t.Fatal(err)
	}
	co := sum.Company
	approveFirstReminders(t, a, co)
	if _, _, err := a.AddUser(ctx, co, collectorEmail, collectorName, collectorPassword, auth.Collector); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSMTPSettings(ctx, co, relmail.Settings{Host: "127.0.0.1", Port: mailbox.Port(), TLS: "none",
		From: "Imprimerie Lemoine — Recouvrement <recouvrement@imprimerie-lemoine.example>"}); err != nil {
		t.Fatal(err)
	}
	// As relance serve --demo does: the ECB rate of the second half of 2026, assumed unchanged.
	if rate, err := money.ParseRate("2.15"); err != nil {
		t.Fatal(err)
	} else if _, _, err := a.SetRate(ctx, co, penalty.Entry{Series: penalty.ECBMRO, Semester: penalty.Semester{Year: 2026, Half: 2},
		Rate: rate, Source: "e2e: as relance serve --demo"}, "e2e"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
		t.Fatal(err)
	}
	// The first pass sends what the run queued, before any test step: a test then starts
	// from a quiet outbox, and what arrives later at the catcher comes from its own steps.
	if _, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()}); err != nil {
		t.Fatal(err)
	}

	srv, err := web.New(a, log, web.Config{Addr: "127.0.0.1:0", Composer: a.Composer(), Demo: &web.Demo{
		Email: collectorEmail, Password: collectorPassword, Mailbox: func() []web.DemoMail {
			var out []web.DemoMail
			for _, m := range mailbox.Messages() {
				out = append(out, web.DemoMail{At: m.At, To: strings.Join(m.To, ", "), Subject: m.Subject, Body: string(m.Raw)})
			}
			return out
		}}})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	addr := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe(runCtx, func(a string) { addr <- a }) }()
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		sendLoop(runCtx, t, a)
	}()
	t.Cleanup(func() {
		stop()
		<-sent
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("the server stopped with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("the server did not stop within 15s")
		}
	})
	select {
	case bound := <-addr:
		return &server{URL: "http://" + bound, app: a, st: db, co: co, mail: mailbox}
	case err := <-served:
		t.Fatalf("the server did not start: %v", err)
	}
	return nil
}

// sendLoop sends the outbox every sendEvery until ctx ends, as relance serve does.
func sendLoop(ctx context.Context, t *testing.T, a *app.App) {
	tick := time.NewTicker(sendEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if _, err := a.SendOutbox(ctx, app.SendOptions{Composer: a.Composer()}); err != nil && ctx.Err() == nil {
			t.Errorf("sending the outbox: %v", err)
		}
	}
}

// approveFirstReminders makes every policy of the company hold its first-level reminder
// e-mails for a collector's approval, through the same use case as the policy editor.
func approveFirstReminders(t *testing.T, a *app.App, co receivable.Company) {
	t.Helper()
	ctx := context.Background()
	entries, err := a.Policies(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		d, err := a.Policy(ctx, co, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		pol, changed := d.Policy, false
		for i, s := range pol.Steps {
			if s.Channel == dunning.Email && s.Phase == dunning.Level1 && !s.Approval {
				pol.Steps[i].Approval, changed = true, true
			}
		}
		if !changed {
			continue
		}
		data, err := dunning.EncodeYAML(pol)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ImportPolicy(ctx, co, app.ImportPolicyParams{Data: data, Source: e.Name + ".yaml", MakeDefault: e.Default}, "e2e"); err != nil {
			t.Fatal(err)
		}
	}
}

// message is an e-mail as the catcher received it, with its text decoded.
type message struct {
	catcher.Message
	Text string // the text/plain part, decoded
}

// waitForMessage waits until the catcher holds a message that match accepts, and fails the
// test after timeout.
func (s *server) waitForMessage(t *testing.T, what string, timeout time.Duration, match func(m message) bool) message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, m := range s.mail.Messages() {
			mm := message{Message: m, Text: plainText(t, m.Raw)}
			if match(mm) {
				return mm
			}
		}
		if time.Now().After(deadline) {
			var got []string
			for _, m := range s.mail.Messages() {
				got = append(got, strings.Join(m.To, ",")+": "+m.Subject)
			}
			t.Fatalf("%s: no such e-mail reached the SMTP server within %s; it holds %d: %q", what, timeout, len(got), got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// plainText is the text/plain part of a raw message, decoded (quoted-printable or base64),
// or its whole body when it is not multipart.
func plainText(t *testing.T, raw []byte) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reading a caught message: %v", err)
	}
	var text string
	var walk func(h func(string) string, body io.Reader)
	walk = func(h func(string) string, body io.Reader) {
		ct, params, _ := mime.ParseMediaType(h("Content-Type"))
		switch {
		case strings.HasPrefix(ct, "multipart/"):
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					return
				}
				walk(p.Header.Get, p) // a multipart.Part decodes quoted-printable itself
			}
		case ct == "text/plain" || ct == "":
			if text != "" {
				return
			}
			b, _ := io.ReadAll(decoded(h("Content-Transfer-Encoding"), body))
			text = string(b)
		}
	}
	walk(msg.Header.Get, msg.Body)
	return text
}

func decoded(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(encoding) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// outboxItem reads an outbox item from the store.
func (s *server) outboxItem(t *testing.T, id int64) store.OutboxItem {
	t.Helper()
	it, err := s.st.OutboxItemByID(context.Background(), s.co.ID, id)
	if err != nil {
		t.Fatalf("outbox item %d: %v", id, err)
	}
	return it
}
