package store

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/civil"
)

// ChannelQueries store what leaves the process: company settings, templates edited by users,
// and the outbox.
type ChannelQueries interface {
	// Setting reads a company setting ("" and ErrNotFound when unset).
	Setting(ctx context.Context, companyID int64, key string) (string, error)
	SetSetting(ctx context.Context, companyID int64, key, value string) error

	// Template reads the company's version of a template; ErrNotFound means the shipped one
	// applies.
	Template(ctx context.Context, companyID int64, key, lang, channel string) (StoredTemplate, error)
	SaveTemplate(ctx context.Context, companyID int64, t StoredTemplate) error
	DeleteTemplate(ctx context.Context, companyID int64, key, lang, channel string) error
	ListTemplates(ctx context.Context, companyID int64) ([]StoredTemplate, error)

	// Enqueue adds a message to the outbox; an item whose key exists is left alone (false).
	Enqueue(ctx context.Context, it *OutboxItem) (bool, error)
	// ClaimOutbox takes up to limit items due for sending on the channels — pending and due, or
	// being sent by a process whose lease ran out — marks them sending until now+lease, and
	// counts the attempt. companyID 0 claims for every company. On PostgreSQL concurrent
	// claimers skip each other's rows (SKIP LOCKED).
	ClaimOutbox(ctx context.Context, companyID int64, channels []string, now time.Time, lease time.Duration, limit int) ([]OutboxItem, error)
	// FreezeOutbox records the rendered message before its first attempt: every retry sends
	// exactly this.
	FreezeOutbox(ctx context.Context, it OutboxItem) error
	// OutboxSent, OutboxRetry and OutboxFailed record an attempt's outcome for an item the
	// caller claimed.
	OutboxSent(ctx context.Context, companyID, id int64, at time.Time) error
	OutboxRetry(ctx context.Context, companyID, id int64, next time.Time, reason string) error
	OutboxFailed(ctx context.Context, companyID, id int64, reason string) error
	// SetOutboxStatus moves an item from one of from to to (approve: held→pending; reject:
	// held→cancelled; retry: failed→pending); ErrConflict otherwise.
	SetOutboxStatus(ctx context.Context, companyID, id int64, from []string, to string) error
	OutboxItemByID(ctx context.Context, companyID, id int64) (OutboxItem, error)
	ListOutbox(ctx context.Context, q OutboxQuery) ([]OutboxItem, error)
	// LetterPosted and LetterReceived record a letter's posting (registered-mail number) and
	// its first presentation and acknowledgement of receipt.
	LetterPosted(ctx context.Context, companyID, id int64, tracking string, posted civil.Date) error
	LetterReceived(ctx context.Context, companyID, id int64, presented, received civil.Date) error
}

// StoredTemplate is a template a user edited.
type StoredTemplate struct {
	Key       string    `json:"key"`
	Lang      string    `json:"lang"`
	Channel   string    `json:"channel"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Author    string    `json:"author,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Outbox statuses. An e-mail goes held (awaiting approval) → pending → sending → sent, or
// failed (permanently, or after the last retry), or cancelled (approval refused). A letter
// goes pending → ready (rendered, to print) → posted → delivered.
const (
	OutboxHeld      = "held"
	OutboxPending   = "pending"
	OutboxSending   = "sending"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
	OutboxCancelled = "cancelled"
	OutboxReady     = "ready"
	OutboxPosted    = "posted"
	OutboxDelivered = "delivered"
)

// OutboxItem is one outgoing message.
type OutboxItem struct {
	ID             int64      `json:"id"`
	CompanyID      int64      `json:"-"`
	CustomerID     int64      `json:"customer_id"`
	ActionID       int64      `json:"action_id,omitempty"`
	Key            string     `json:"key"`
	Kind           string     `json:"kind"`    // reminder, confirmation, statement, test
	Channel        string     `json:"channel"` // email, letter, registered_letter
	Template       string     `json:"template,omitempty"`
	Payload        string     `json:"payload,omitempty"` // JSON: what to render beyond the action (a promise id…)
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	NextAt         time.Time  `json:"next_attempt_at"`
	LastError      string     `json:"last_error,omitempty"`
	ContactID      int64      `json:"contact_id,omitempty"`
	Recipient      string     `json:"recipient,omitempty"`
	MessageID      string     `json:"message_id,omitempty"`
	Subject        string     `json:"subject,omitempty"`
	Content        string     `json:"-"` // frozen rendered message (JSON)
	Document       string     `json:"document,omitempty"`
	DocumentSHA256 string     `json:"document_sha256,omitempty"`
	DocumentID     int64      `json:"document_id,omitempty"` // the stored PDF of a letter
	SentAt         time.Time  `json:"sent_at,omitzero"`
	Tracking       string     `json:"tracking_number,omitempty"`
	PostedOn       civil.Date `json:"posted_on"`
	PresentedOn    civil.Date `json:"presented_on"`
	ReceivedOn     civil.Date `json:"received_on"`
	Day            civil.Date `json:"day"`
	Author         string     `json:"author,omitempty"`
	CustomerRef    string     `json:"customer_ref,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// OutboxQuery filters the outbox.
type OutboxQuery struct {
	CompanyID  int64
	CustomerID int64
	ActionID   int64
	Statuses   []string
	Channels   []string
	Day        civil.Date
	Limit      int
	Offset     int
}
