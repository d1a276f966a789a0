package mail_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/catcher"
)

func start(t *testing.T) (*catcher.Catcher, relmail.Settings) {
	t.Helper()
	c, err := catcher.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	return c, relmail.Settings{Host: "127.0.0.1", Port: c.Port(), TLS: "none", From: "Recouvrement Lemoine <recouvrement@lemoine.example>"}
}

func TestMessageArrivesWithHeadersBothPartsAndAttachment(t *testing.T) {
	c, set := start(t)
	c.RequireAuth("relance", "s3cret")
	set.User, set.Password = "relance", "s3cret"
	s, err := relmail.NewSender(set)
	if err != nil {
		t.Fatal(err)
	}
	msg := relmail.Message{
		MessageID: "outbox-42.abc@relance.local", To: "Mme Hélène Dupré <helene@client.example>", ReplyTo: "claire@lemoine.example",
		Subject: "Relance : facture FA-2026-00042 échue", Text: "Madame,\n\nSauf erreur de notre part, la facture n° FA-2026-00042 de 1 234,56 € reste impayée.",
		HTML:        "<p>Madame,</p><p>Sauf erreur de notre part, la facture <b>FA-2026-00042</b> de 1&nbsp;234,56&nbsp;€ reste impayée.</p>",
		Date:        time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		Attachments: []relmail.Attachment{{Name: "relevé de compte.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 test")}},
	}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := c.WaitFor(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	m := got[0]
	if m.MessageID != msg.MessageID || m.Subject != msg.Subject || m.From != "recouvrement@lemoine.example" || m.To[0] != "helene@client.example" {
		t.Errorf("envelope/headers: id %q subject %q from %q to %v", m.MessageID, m.Subject, m.From, m.To)
	}
	if rt := m.Header.Get("Reply-To"); !strings.Contains(rt, "claire@lemoine.example") {
		t.Errorf("Reply-To = %q", rt)
	}
	parsed, _ := mail.ReadMessage(bytes.NewReader(m.Raw))
	_, params, err := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	var attachment []byte
	var walk func(r io.Reader, boundary string)
	walk = func(r io.Reader, boundary string) {
		mr := multipart.NewReader(r, boundary)
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			ct, ps, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			body := decodePart(t, p)
			switch {
			case strings.HasPrefix(ct, "multipart/"):
				walk(bytes.NewReader(body), ps["boundary"])
			case strings.Contains(p.Header.Get("Content-Disposition"), "attachment"):
				attachment = body
			default:
				parts[ct] = string(body)
			}
		}
	}
	walk(parsed.Body, params["boundary"])
	if !strings.Contains(parts["text/plain"], "1 234,56 € reste impayée") || !strings.Contains(parts["text/html"], "<b>FA-2026-00042</b>") {
		t.Errorf("parts = %q", parts)
	}
	if string(attachment) != "%PDF-1.4 test" {
		t.Errorf("attachment = %q", attachment)
	}
}

func decodePart(t *testing.T, p *multipart.Part) []byte {
	t.Helper()
	b, _ := io.ReadAll(p) // multipart.Part decodes quoted-printable itself
	if p.Header.Get("Content-Transfer-Encoding") == "base64" {
		dec, err := io.ReadAll(base64Reader(b))
		if err != nil {
			t.Fatal(err)
		}
		return dec
	}
	return b
}

func TestUnknownRecipientIsAPermanentFailureAndABusyServerATemporaryOne(t *testing.T) {
	c, set := start(t)
	s, _ := relmail.NewSender(set)
	c.Reject("nobody@client.example", 550, 0)
	err := s.Send(context.Background(), relmail.Message{To: "nobody@client.example", Subject: "x", Text: "x"})
	if err == nil || !relmail.IsPermanent(err) {
		t.Errorf("550: err = %v, want permanent", err)
	}
	c.Reject("busy@client.example", 451, 1)
	err = s.Send(context.Background(), relmail.Message{To: "busy@client.example", Subject: "x", Text: "x"})
	if err == nil || relmail.IsPermanent(err) {
		t.Errorf("451: err = %v, want temporary", err)
	}
	if err := s.Send(context.Background(), relmail.Message{To: "busy@client.example", Subject: "x", Text: "x"}); err != nil {
		t.Errorf("after the temporary refusal: %v", err)
	}
	c.Stop()
	err = s.Send(context.Background(), relmail.Message{To: "a@client.example", Subject: "x", Text: "x"})
	if err == nil || relmail.IsPermanent(err) {
		t.Errorf("server down: err = %v, want temporary", err)
	}
}

func TestSettingsNeverShowThePassword(t *testing.T) {
	s := relmail.Settings{Host: "smtp.example.fr", Port: 587, TLS: "starttls", User: "u", Password: "hunter2", From: "a@b.fr"}
	for _, out := range []string{s.String(), s.Redacted().Password} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("password shown: %s", out)
		}
	}
	if err := (relmail.Settings{Host: "h", Port: 0, TLS: "ssl", From: "nope"}).Validate(); err == nil || !strings.Contains(err.Error(), "port 0") || !strings.Contains(err.Error(), `tls "ssl"`) {
		t.Errorf("Validate = %v", err)
	}
}
