// Package mail sends e-mail through an SMTP server (any: the company's, a relay, a provider),
// with STARTTLS or implicit TLS and authentication, and says whether a failure is permanent (an
// address that does not exist: stop) or temporary (a server down: retry later).
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Settings say how to reach the SMTP server. They are stored per company in the database;
// Password is a secret and is never printed (see Redacted).
type Settings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	TLS      string `json:"tls"` // "none", "starttls" or "tls"
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"`                 // "Recouvrement <recouvrement@example.fr>"
	Helo     string `json:"helo,omitempty"`       // the name given in HELO/EHLO; the host name by default
	PerMin   int    `json:"per_minute,omitempty"` // sending rate limit; 0 = none
	// InsecureSkipVerify accepts any server certificate (a self-signed relay on a LAN).
	InsecureSkipVerify bool `json:"insecure_skip_verify,omitempty"`
}

// Validate checks the settings enough to give a clear message before any connection.
func (s Settings) Validate() error {
	var errs []string
	if strings.TrimSpace(s.Host) == "" {
		errs = append(errs, "host is required")
	}
	if s.Port <= 0 || s.Port > 65535 {
		errs = append(errs, fmt.Sprintf("port %d is not a TCP port", s.Port))
	}
	switch s.TLS {
	case "none", "starttls", "tls":
	default:
		errs = append(errs, fmt.Sprintf("tls %q: want none, starttls or tls", s.TLS))
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		errs = append(errs, fmt.Sprintf("from %q is not an e-mail address", s.From))
	}
	if s.User != "" && s.Password == "" {
		errs = append(errs, "a user needs a password")
	}
	if len(errs) > 0 {
		return fmt.Errorf("smtp settings: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Redacted is the settings with the password hidden, for printing and logging.
func (s Settings) Redacted() Settings {
	if s.Password != "" {
		s.Password = "********"
	}
	return s
}

// String never shows the password, whatever prints the settings.
func (s Settings) String() string {
	r := s.Redacted()
	return fmt.Sprintf("smtp://%s@%s:%d (tls %s, from %s)", r.User, r.Host, r.Port, r.TLS, r.From)
}

// Message is one e-mail.
type Message struct {
	MessageID   string // without angle brackets; the same on every retry, so that a mailbox can tell a resent message from a new one
	From        string // defaults to Settings.From
	To          string // "Name <address>" or an address
	ReplyTo     string
	Subject     string
	Text        string
	HTML        string
	Date        time.Time
	Attachments []Attachment
	Headers     map[string]string
}

// Attachment is a file joined to a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Error is a delivery failure; Permanent says that retrying is pointless (5xx).
type Error struct {
	Permanent bool
	Code      int
	Err       error
}

func (e *Error) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	if e.Code != 0 {
		return fmt.Sprintf("%s delivery failure (%d): %v", kind, e.Code, e.Err)
	}
	return fmt.Sprintf("%s delivery failure: %v", kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a delivery failure that a retry cannot fix.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

// Sender sends messages with one SMTP connection per call (the outbox sends in small batches;
// pooling is not worth its failure modes).
type Sender struct {
	s       Settings
	timeout time.Duration
}

// NewSender checks the settings and returns a sender.
func NewSender(s Settings) (*Sender, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Sender{s: s, timeout: 30 * time.Second}, nil
}

// Settings are the sender's settings.
func (s *Sender) Settings() Settings { return s.s }

func (s *Sender) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.s.Port), gomail.WithTimeout(s.timeout)}
	tlsConf := &tls.Config{ServerName: s.s.Host, InsecureSkipVerify: s.s.InsecureSkipVerify, MinVersion: tls.VersionTLS12}
	switch s.s.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSConfig(tlsConf))
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(tlsConf))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.s.User != "" {
		// On an encrypted connection the strongest mechanism the server offers is chosen; without
		// TLS go-mail rightly refuses to send a password in clear unless told so: a user who
		// chose --tls none (a relay on the LAN) is told so by the CLI.
		auth := gomail.SMTPAuthAutoDiscover
		if s.s.TLS == "none" {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.s.User), gomail.WithPassword(s.s.Password))
	}
	if s.s.Helo != "" {
		opts = append(opts, gomail.WithHELO(s.s.Helo))
	}
	return gomail.NewClient(s.s.Host, opts...)
}

// Build turns a Message into the MIME message that goes over the wire (text and HTML parts,
// attachments, the fixed Message-ID and Date).
func (s *Sender) Build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	from := m.From
	if from == "" {
		from = s.s.From
	}
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("from %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, &Error{Permanent: true, Err: fmt.Errorf("to %q: %w", m.To, err)}
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to %q: %w", m.ReplyTo, err)
		}
	}
	msg.Subject(m.Subject)
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	} else {
		msg.SetMessageID()
	}
	if m.Date.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.Date)
	}
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	default:
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
	}
	return msg, nil
}

// Send delivers one message. The error is an *Error saying whether to retry.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.Build(m)
	if err != nil {
		return err
	}
	c, err := s.client()
	if err != nil {
		return &Error{Err: err}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return classify(err)
	}
	return nil
}

// classify maps go-mail's errors: a server reply 5xx is permanent, 4xx and everything that is
// not a reply (a refused connection, a timeout, a TLS failure) is temporary.
func classify(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		return &Error{Permanent: code >= 500 && code < 600, Code: code, Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return &Error{Err: err}
	}
	return &Error{Err: err}
}
