package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Mailer sends one e-mail; *mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, m relmail.Message) error
}

// Composer turns an outbox item into the message to send. It is called once per item: what it
// returns is frozen and every retry sends exactly that.
type Composer interface {
	Compose(ctx context.Context, co receivable.Company, it store.OutboxItem) (Composed, error)
}

// Composed is a message ready to go.
type Composed struct {
	ContactID   int64
	To          string // "Name <address>"
	ReplyTo     string
	Subject     string
	Text        string
	HTML        string
	Attachments []relmail.Attachment
}

// ErrNoRecipient is a composition failure that no retry can fix: the customer has no e-mail
// address that works.
var ErrNoRecipient = errors.New("no deliverable e-mail address for this customer: add a contact with an e-mail, or send a letter")

// SendOptions tune a pass over the outbox.
type SendOptions struct {
	CompanyID   int64         // 0: every company
	Batch       int           // items claimed at a time; 20 by default
	Lease       time.Duration // how long a claimed item stays with this process; 2 minutes by default
	MaxAttempts int           // temporary failures before giving up; 8 by default
	// Backoff is the wait before attempt n+1 after n failed attempts; exponential from one
	// minute, capped at six hours, by default.
	Backoff  func(attempts int) time.Duration
	Composer Composer
	// MailerFor gives the mailer of a company; by default built from its SMTP settings.
	MailerFor func(ctx context.Context, co receivable.Company) (Mailer, relmail.Settings, error)
	// Sleep waits between two messages to keep to the company's rate limit; time.Sleep (with
	// the context) by default.
	Sleep func(ctx context.Context, d time.Duration)
}

// SendResult counts a pass's outcomes.
type SendResult struct {
	Sent      int      `json:"sent"`
	Retried   int      `json:"retried"`
	Failed    int      `json:"failed"`
	Cancelled int      `json:"cancelled"`         // reminders whose invoices were paid in the meantime
	Waiting   []string `json:"waiting,omitempty"` // why some e-mails could not be tried (no SMTP settings…)
}

// SMTPSettingKey is the company setting holding its SMTP settings (JSON).
const SMTPSettingKey = "smtp"

// SMTPSettings reads the company's SMTP settings; ErrNotFound when there are none.
func (a *App) SMTPSettings(ctx context.Context, co receivable.Company) (relmail.Settings, error) {
	var s relmail.Settings
	v, err := a.Store.Setting(ctx, co.ID, SMTPSettingKey)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("stored smtp settings: %w", err)
	}
	return s, nil
}

// SetSMTPSettings validates and stores the company's SMTP settings.
func (a *App) SetSMTPSettings(ctx context.Context, co receivable.Company, s relmail.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(s)
	return a.Store.SetSetting(ctx, co.ID, SMTPSettingKey, string(b))
}

func (a *App) defaultMailer(ctx context.Context, co receivable.Company) (Mailer, relmail.Settings, error) {
	s, err := a.SMTPSettings(ctx, co)
	if err != nil {
		return nil, s, err
	}
	m, err := relmail.NewSender(s)
	return m, s, err
}

func defaultBackoff(attempts int) time.Duration {
	d := time.Minute << min(max(attempts-1, 0), 10)
	return min(d, 6*time.Hour)
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// frozen is the JSON form of a composed message in the outbox.
type frozen struct {
	To          string               `json:"to"`
	ReplyTo     string               `json:"reply_to,omitempty"`
	Subject     string               `json:"subject"`
	Text        string               `json:"text"`
	HTML        string               `json:"html,omitempty"`
	Date        time.Time            `json:"date"`
	Attachments []relmail.Attachment `json:"attachments,omitempty"`
}

// SendOutbox sends the e-mails due in the outbox until none is left, then returns. A crash at
// any point loses nothing: an item being sent stays claimed until its lease runs out and is
// then sent again — the same content with the same Message-ID, which mailboxes use to keep one
// copy. A permanent failure (an address that does not exist) is recorded on the item, its
// action and the contact, and shown; a temporary one is retried with growing waits.
func (a *App) SendOutbox(ctx context.Context, opts SendOptions) (SendResult, error) {
	var res SendResult
	if opts.Batch <= 0 {
		opts.Batch = 20
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 8
	}
	if opts.Backoff == nil {
		opts.Backoff = defaultBackoff
	}
	if opts.MailerFor == nil {
		opts.MailerFor = a.defaultMailer
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Composer == nil {
		return res, errors.New("send: no composer")
	}
	companies, err := a.Store.ListCompanies(ctx)
	if err != nil {
		return res, err
	}
	for _, co := range companies {
		if opts.CompanyID != 0 && co.ID != opts.CompanyID {
			continue
		}
		mailer, settings, err := opts.MailerFor(ctx, co)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				waiting, _ := a.Store.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Channels: []string{"email"}, Statuses: []string{store.OutboxPending}, Limit: 1})
				if len(waiting) > 0 {
					res.Waiting = append(res.Waiting, fmt.Sprintf("%s: e-mails are waiting but no SMTP server is set (relance smtp set)", co.Slug))
				}
				continue
			}
			return res, fmt.Errorf("%s: %w", co.Slug, err)
		}
		var pace time.Duration
		if settings.PerMin > 0 {
			pace = time.Minute / time.Duration(settings.PerMin)
		}
		if err := a.sendCompany(ctx, co, mailer, settings, pace, opts, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (a *App) sendCompany(ctx context.Context, co receivable.Company, mailer Mailer, settings relmail.Settings, pace time.Duration, opts SendOptions, res *SendResult) error {
	first := true
	for {
		items, err := a.Store.ClaimOutbox(ctx, co.ID, []string{"email"}, a.Now(), opts.Lease, opts.Batch)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !first && pace > 0 {
				opts.Sleep(ctx, pace)
			}
			first = false
			if err := a.sendOne(ctx, co, mailer, settings, it, opts, res); err != nil {
				return err
			}
		}
	}
}

func (a *App) sendOne(ctx context.Context, co receivable.Company, mailer Mailer, settings relmail.Settings, it store.OutboxItem, opts SendOptions, res *SendResult) error {
	if it.Content == "" {
		c, err := opts.Composer.Compose(ctx, co, it)
		if err != nil {
			if errors.Is(err, ErrNoRecipient) {
				res.Failed++
				return a.recordFailure(ctx, co, it, err.Error(), false)
			}
			if errors.Is(err, ErrSettled) {
				res.Cancelled++
				return a.recordSettled(ctx, co, it)
			}
			return fmt.Errorf("compose outbox item %d: %w", it.ID, err)
		}
		f := frozen{To: c.To, ReplyTo: c.ReplyTo, Subject: c.Subject, Text: c.Text, HTML: c.HTML, Date: a.Now().UTC().Truncate(time.Second), Attachments: c.Attachments}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		it.ContactID, it.Recipient, it.Subject, it.Content = c.ContactID, c.To, c.Subject, string(b)
		it.MessageID = messageID(it.ID, settings.From)
		if err := a.Store.FreezeOutbox(ctx, it); err != nil {
			return err
		}
	}
	var f frozen
	if err := json.Unmarshal([]byte(it.Content), &f); err != nil {
		return fmt.Errorf("outbox item %d: frozen content: %w", it.ID, err)
	}
	msg := relmail.Message{MessageID: it.MessageID, To: f.To, ReplyTo: f.ReplyTo, Subject: f.Subject, Text: f.Text, HTML: f.HTML,
		Date: f.Date, Attachments: f.Attachments, Headers: map[string]string{"X-Relance-Outbox": fmt.Sprint(it.ID)}}
	err := mailer.Send(ctx, msg)
	switch {
	case err == nil:
		res.Sent++
		return a.recordSent(ctx, co, it)
	case relmail.IsPermanent(err):
		res.Failed++
		return a.recordFailure(ctx, co, it, err.Error(), true)
	case it.Attempts >= opts.MaxAttempts:
		res.Failed++
		return a.recordFailure(ctx, co, it, fmt.Sprintf("gave up after %d attempts: %v", it.Attempts, err), false)
	default:
		res.Retried++
		a.Log.Warn("send failed, will retry", "outbox", it.ID, "attempt", it.Attempts, "error", err)
		return a.Store.OutboxRetry(ctx, co.ID, it.ID, a.Now().Add(opts.Backoff(it.Attempts)), err.Error())
	}
}

// messageID is unique per outbox item and fixed once frozen: the right-hand side is the
// sender's domain, as RFC 5322 suggests.
func messageID(id int64, from string) string {
	domain := "relance.local"
	if a, err := mail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok {
			domain = d
		}
	}
	b := make([]byte, 8)
	rand.Read(b)
	return fmt.Sprintf("relance.%d.%s@%s", id, hex.EncodeToString(b), domain)
}

func (a *App) recordSent(ctx context.Context, co receivable.Company, it store.OutboxItem) error {
	now := a.Now()
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.OutboxSent(ctx, co.ID, it.ID, now); err != nil {
			return err
		}
		if it.ActionID != 0 {
			err := q.SetActionStatus(ctx, co.ID, it.ActionID, []dunning.Status{dunning.StatusQueued, dunning.StatusFailed}, dunning.StatusSent, "", "sender")
			if err != nil && !errors.Is(err, store.ErrConflict) {
				return err
			}
		}
		data, _ := json.Marshal(map[string]any{"outbox_id": it.ID, "message_id": it.MessageID, "to": it.Recipient, "subject": it.Subject})
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: civil.Today(now, Location(co)), Kind: "email_sent",
			Actor: "sender", Summary: fmt.Sprintf("E-mail « %s » envoyé à %s", it.Subject, it.Recipient), Data: string(data)})
	})
}

// recordFailure records a failure no retry will fix; undeliverable marks the contact's address.
func (a *App) recordFailure(ctx context.Context, co receivable.Company, it store.OutboxItem, reason string, undeliverable bool) error {
	now := a.Now()
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.OutboxFailed(ctx, co.ID, it.ID, reason); err != nil {
			return err
		}
		if it.ActionID != 0 {
			err := q.SetActionStatus(ctx, co.ID, it.ActionID, []dunning.Status{dunning.StatusQueued}, dunning.StatusFailed, reason, "sender")
			if err != nil && !errors.Is(err, store.ErrConflict) {
				return err
			}
		}
		if undeliverable && it.ContactID != 0 {
			cs, err := q.Contacts(ctx, co.ID, it.CustomerID)
			if err != nil {
				return err
			}
			for _, c := range cs {
				if c.ID == it.ContactID {
					c.Undeliverable = reason
					if err := q.UpdateContact(ctx, c); err != nil {
						return err
					}
				}
			}
		}
		data, _ := json.Marshal(map[string]any{"outbox_id": it.ID, "to": it.Recipient, "error": reason})
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: civil.Today(now, Location(co)), Kind: "email_failed",
			Actor: "sender", Summary: fmt.Sprintf("Échec d'envoi de l'e-mail à %s : %s", orDash(it.Recipient), reason), Data: string(data)})
	})
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// recordSettled cancels a reminder whose invoices were all paid since it was decided.
func (a *App) recordSettled(ctx context.Context, co receivable.Company, it store.OutboxItem) error {
	now := a.Now()
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.SetOutboxStatus(ctx, co.ID, it.ID, []string{store.OutboxSending}, store.OutboxCancelled); err != nil {
			return err
		}
		if it.ActionID != 0 {
			err := q.SetActionStatus(ctx, co.ID, it.ActionID, []dunning.Status{dunning.StatusQueued}, dunning.StatusCancelled, ErrSettled.Error(), "sender")
			if err != nil && !errors.Is(err, store.ErrConflict) {
				return err
			}
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: civil.Today(now, Location(co)), Kind: "reminder_cancelled",
			Actor: "sender", Summary: "Relance annulée avant envoi : les factures concernées ont été réglées entre-temps"})
	})
}
