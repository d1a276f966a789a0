// Package catcher is an SMTP server that keeps what it receives in memory: the tests send
// through it and check what arrived, and `relance serve --demo` sends its e-mails to it so that
// nothing leaves the machine. It can be stopped and restarted on the same port (a server down
// for a while) and told to refuse some recipients, permanently or for a while.
package catcher

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message as received.
type Message struct {
	From      string
	To        []string
	Raw       []byte
	Header    mail.Header
	MessageID string // without angle brackets
	Subject   string // decoded
	At        time.Time
}

// Catcher is a running SMTP server.
type Catcher struct {
	mu       sync.Mutex
	addr     string
	srv      *smtp.Server
	msgs     []Message
	reject   map[string]int // address -> SMTP code (550 permanent, 451 temporary)
	tempLeft map[string]int // for 451: how many more times to refuse
	user     string
	pass     string
}

// Start listens on addr ("127.0.0.1:0" for any free port).
func Start(addr string) (*Catcher, error) {
	c := &Catcher{reject: map[string]int{}, tempLeft: map[string]int{}}
	if err := c.listen(addr); err != nil {
		return nil, err
	}
	return c, nil
}

// RequireAuth makes the server demand PLAIN authentication with these credentials.
func (c *Catcher) RequireAuth(user, pass string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.user, c.pass = user, pass
}

func (c *Catcher) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("catcher: %w", err)
	}
	srv := smtp.NewServer(backend{c})
	srv.Domain = "catcher.local"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 25 << 20
	// Senders killed mid-transaction are part of the tests: their resets are not news.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	c.mu.Lock()
	c.addr, c.srv = l.Addr().String(), srv
	c.mu.Unlock()
	go srv.Serve(l)
	return nil
}

// Addr is host:port.
func (c *Catcher) Addr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.addr
}

// Port is the TCP port.
func (c *Catcher) Port() int {
	_, p, _ := net.SplitHostPort(c.Addr())
	var n int
	fmt.Sscanf(p, "%d", &n)
	return n
}

// Stop closes the server: connections are refused until Restart.
func (c *Catcher) Stop() error {
	c.mu.Lock()
	srv := c.srv
	c.srv = nil
	c.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// Restart listens again on the same address.
func (c *Catcher) Restart() error { return c.listen(c.Addr()) }

// Reject makes the server answer code (550: no such user; 451: try again later) to RCPT TO
// this address; times bounds the temporary refusals (0: always).
func (c *Catcher) Reject(address string, code, times int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := strings.ToLower(address)
	c.reject[key] = code
	if times > 0 {
		c.tempLeft[key] = times
	}
}

// Messages returns a copy of what was received, in order.
func (c *Catcher) Messages() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Message(nil), c.msgs...)
}

// WaitFor waits until n messages have arrived or the timeout passes.
func (c *Catcher) WaitFor(n int, timeout time.Duration) []Message {
	deadline := time.Now().Add(timeout)
	for {
		msgs := c.Messages()
		if len(msgs) >= n || time.Now().After(deadline) {
			return msgs
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type backend struct{ c *Catcher }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{c: b.c}, nil }

type session struct {
	c      *Catcher
	from   string
	to     []string
	authed bool
}

func (s *session) AuthMechanisms() []string { return []string{"PLAIN"} }

func (s *session) Auth(mech string) (smtpSASL, error) { return plainServer(s), nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.c.mu.Lock()
	need := s.c.user != ""
	s.c.mu.Unlock()
	if need && !s.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	key := strings.ToLower(to)
	switch code := s.c.reject[key]; {
	case code >= 500:
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user: " + to}
	case code >= 400:
		// A bounded refusal counts down, then the address is accepted again.
		if left, bounded := s.c.tempLeft[key]; bounded {
			if left--; left == 0 {
				delete(s.c.reject, key)
				delete(s.c.tempLeft, key)
			} else {
				s.c.tempLeft[key] = left
			}
		}
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{4, 2, 0}, Message: "Try again later"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Message{From: s.from, To: append([]string(nil), s.to...), Raw: raw, At: time.Now()}
	if pm, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Header = pm.Header
		m.MessageID = strings.Trim(pm.Header.Get("Message-Id"), "<> ")
		dec := new(mimeDecoder)
		m.Subject = dec.decode(pm.Header.Get("Subject"))
	}
	s.c.mu.Lock()
	s.c.msgs = append(s.c.msgs, m)
	s.c.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

var errBadAuth = errors.New("invalid credentials")
