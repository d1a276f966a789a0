package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// LetterFile is one letter written out for printing.
type LetterFile struct {
	OutboxID   int64  `json:"outbox_id"`
	Customer   string `json:"customer_ref"`
	Channel    string `json:"channel"`
	Path       string `json:"path"`
	SHA256     string `json:"sha256"`
	DocumentID int64  `json:"document_id"`
}

// LettersResult lists the day's letters and the combined file to print.
type LettersResult struct {
	Day      civil.Date   `json:"day"`
	Letters  []LetterFile `json:"letters"`
	Combined string       `json:"combined,omitempty"`
	Settled  int          `json:"cancelled_settled"` // letters not printed: their invoices were paid since
}

// PrintedLetter is one letter of the day, frozen: its outbox item, its stored document and
// the very bytes kept as proof.
type PrintedLetter struct {
	OutboxID   int64  `json:"outbox_id"`
	Customer   string `json:"customer_ref"`
	Channel    string `json:"channel"`
	Template   string `json:"template"`
	DocumentID int64  `json:"document_id"`
	SHA256     string `json:"sha256"`
	Name       string `json:"name"` // the file name to give it
	PDF        []byte `json:"-"`
}

// LettersPrint is the day's letters, each frozen, and the combined PDF to print them in one go.
type LettersPrint struct {
	Day          civil.Date      `json:"day"`
	Letters      []PrintedLetter `json:"letters"`
	Combined     []byte          `json:"-"`                  // nil when there is no letter
	CombinedName string          `json:"combined,omitempty"` // "2026-11-23-a-imprimer.pdf"
	Settled      int             `json:"cancelled_settled"`  // letters not printed: their invoices were paid since
}

// PrintLetters renders the letters of day — simple and registered — and joins them into one
// PDF to print. The first rendering of a letter is frozen: its PDF is kept in the database with
// its SHA-256 (the proof of what was sent) and the item moves to ready; later calls give the
// very same bytes again. A letter whose invoices were all paid since is cancelled instead.
// Nothing touches the disk: the command line writes the files (Letters), the web application
// answers them.
func (a *App) PrintLetters(ctx context.Context, co receivable.Company, day civil.Date) (LettersPrint, error) {
	res := LettersPrint{Day: day}
	items, err := a.Store.ListOutbox(ctx, store.OutboxQuery{CompanyID: co.ID, Day: day,
		Channels: []string{string(dunning.Letter), string(dunning.RegisteredLetter)},
		Statuses: []string{store.OutboxPending, store.OutboxReady, store.OutboxPosted, store.OutboxDelivered}})
	if err != nil {
		return res, fmt.Errorf("letters of %s: %w", day, err)
	}
	slices.SortFunc(items, func(x, y store.OutboxItem) int { return int(x.ID - y.ID) })
	for _, it := range items {
		pdf, err := a.letterPDF(ctx, co, it)
		if err == ErrSettled {
			res.Settled++
			if err := a.Store.InTx(ctx, func(q store.Queries) error {
				return q.SetOutboxStatus(ctx, co.ID, it.ID, []string{store.OutboxPending}, store.OutboxCancelled)
			}); err != nil {
				return res, fmt.Errorf("cancelling settled letter %d: %w", it.ID, err)
			}
			continue
		}
		if err != nil {
			return res, fmt.Errorf("letter %d (%s): %w", it.ID, it.CustomerRef, err)
		}
		// Read again: the first rendering froze the document's id and hash into the item.
		it, err = a.Store.OutboxItemByID(ctx, co.ID, it.ID)
		if err != nil {
			return res, fmt.Errorf("letter %d: %w", it.ID, err)
		}
		res.Letters = append(res.Letters, PrintedLetter{OutboxID: it.ID, Customer: it.CustomerRef, Channel: it.Channel, Template: it.Template,
			DocumentID: it.DocumentID, SHA256: it.DocumentSHA256, PDF: pdf,
			Name: fmt.Sprintf("%s-%06d-%s-%s.pdf", day, it.ID, safeName(it.CustomerRef), safeName(it.Template))})
	}
	if len(res.Letters) == 0 {
		return res, nil
	}
	// The print file joins the frozen PDFs themselves: what is printed is, byte for byte,
	// what was hashed and kept.
	rs := make([]io.ReadSeeker, len(res.Letters))
	for i, l := range res.Letters {
		rs[i] = bytes.NewReader(l.PDF)
	}
	var buf bytes.Buffer
	if err := api.MergeRaw(rs, &buf, false, model.NewDefaultConfiguration()); err != nil {
		return res, fmt.Errorf("print file: %w", err)
	}
	res.Combined = buf.Bytes()
	res.CombinedName = fmt.Sprintf("%s-a-imprimer.pdf", day)
	if co.Language == "en" {
		res.CombinedName = fmt.Sprintf("%s-to-print.pdf", day)
	}
	return res, nil
}

// Letters writes the letters of day (PrintLetters) in dir: one PDF each and the combined PDF
// to print.
func (a *App) Letters(ctx context.Context, co receivable.Company, day civil.Date, dir string) (LettersResult, error) {
	res := LettersResult{Day: day}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	p, err := a.PrintLetters(ctx, co, day)
	res.Settled = p.Settled
	if err != nil {
		return res, err
	}
	for _, l := range p.Letters {
		path := filepath.Join(dir, l.Name)
		if err := os.WriteFile(path, l.PDF, 0o644); err != nil {
			return res, err
		}
		res.Letters = append(res.Letters, LetterFile{OutboxID: l.OutboxID, Customer: l.Customer, Channel: l.Channel, Path: path,
			SHA256: l.SHA256, DocumentID: l.DocumentID})
	}
	if p.Combined != nil {
		res.Combined = filepath.Join(dir, p.CombinedName)
		if err := os.WriteFile(res.Combined, p.Combined, 0o644); err != nil {
			return res, err
		}
	}
	return res, nil
}

// letterPDF returns the letter's frozen PDF, rendering and freezing it the first time.
func (a *App) letterPDF(ctx context.Context, co receivable.Company, it store.OutboxItem) ([]byte, error) {
	if it.DocumentID != 0 {
		d, err := a.Store.Document(ctx, co.ID, it.DocumentID)
		return d.Content, err
	}
	c := a.Composer()
	m, d, err := c.Message(ctx, co, it)
	if err != nil {
		return nil, err
	}
	if m.Letter == nil {
		return nil, fmt.Errorf("template %s gave no letter", it.Template)
	}
	var buf bytes.Buffer
	if err := letter.Render(&buf, *m.Letter); err != nil {
		return nil, err
	}
	doc := store.Document{CompanyID: co.ID, CustomerID: it.CustomerID, Kind: "letter", ContentType: "application/pdf",
		Name: fmt.Sprintf("%s-%s-%d.pdf", it.Template, d.Customer.Ref, it.ID), Content: buf.Bytes()}
	frozen, _ := json.Marshal(m.Letter)
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.PutDocument(ctx, &doc); err != nil {
			return err
		}
		it.ContactID, it.Recipient, it.Subject, it.Content = d.Contact.ID, d.Customer.Name, m.Subject, string(frozen)
		it.DocumentID, it.DocumentSHA256, it.Document = doc.ID, doc.SHA256, doc.Name
		if err := q.FreezeOutbox(ctx, it); err != nil {
			return err
		}
		if err := q.SetOutboxStatus(ctx, co.ID, it.ID, []string{store.OutboxPending}, store.OutboxReady); err != nil {
			return err
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: a.Today(co), Kind: "letter_ready", Actor: "letters",
			Summary: fmt.Sprintf("Courrier « %s » prêt à imprimer (PDF %s, SHA-256 %s)", m.Subject, doc.Name, doc.SHA256[:16]),
			Data:    fmt.Sprintf(`{"outbox_id":%d,"document_id":%d,"sha256":%q}`, it.ID, doc.ID, doc.SHA256)})
	})
	return buf.Bytes(), err
}

// LetterPosted records that a letter went to the post office, with its registered-mail
// number: the action is sent from that day (today when day is zero).
func (a *App) LetterPosted(ctx context.Context, co receivable.Company, outboxID int64, tracking string, day civil.Date, author string) error {
	tracking = strings.TrimSpace(tracking)
	if day.IsZero() {
		day = a.Today(co)
	}
	return a.Store.InTx(ctx, func(q store.Queries) error {
		it, err := letterItem(ctx, q, co, outboxID)
		if err != nil {
			return err
		}
		if it.Channel == string(dunning.RegisteredLetter) && tracking == "" {
			return inputErr("number", "letter %d is a registered letter: its registered-mail number is required", outboxID)
		}
		if !slices.Contains([]string{store.OutboxPending, store.OutboxReady, store.OutboxPosted}, it.Status) {
			return fmt.Errorf("letter %d is %s: only a letter to print or printed is posted: %w", outboxID, it.Status, store.ErrConflict)
		}
		if err := q.LetterPosted(ctx, co.ID, outboxID, tracking, day); err != nil {
			return err
		}
		if it.ActionID != 0 {
			q.SetActionStatus(ctx, co.ID, it.ActionID, []dunning.Status{dunning.StatusQueued}, dunning.StatusSent, "", author)
		}
		if err := recordNotice(ctx, q, co, it, store.FormalNotice{Sent: day, Reference: tracking}); err != nil {
			return err
		}
		summary := fmt.Sprintf("Courrier « %s » posté le %s", it.Subject, day.Format("fr"))
		if tracking != "" {
			summary += ", recommandé n° " + tracking
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: day, Kind: "letter_posted", Actor: author,
			Summary: summary, Data: fmt.Sprintf(`{"outbox_id":%d,"tracking":%q}`, outboxID, tracking)})
	})
}

// LetterReceived records a registered letter's first presentation and its acknowledgement of
// receipt (the dates the law counts interest from).
func (a *App) LetterReceived(ctx context.Context, co receivable.Company, outboxID int64, presented, received civil.Date, author string) error {
	if presented.IsZero() {
		return inputErr("presented", "the date of the first presentation by the post is required")
	}
	if !received.IsZero() && received.Before(presented) {
		return inputErr("received", "the acknowledgement of receipt (%s) cannot be signed before the first presentation (%s)", received, presented)
	}
	return a.Store.InTx(ctx, func(q store.Queries) error {
		it, err := letterItem(ctx, q, co, outboxID)
		if err != nil {
			return err
		}
		if it.Status != store.OutboxPosted && it.Status != store.OutboxDelivered {
			return fmt.Errorf("letter %d is %s: record its posting first: %w", outboxID, it.Status, store.ErrConflict)
		}
		if !it.PostedOn.IsZero() && presented.Before(it.PostedOn) {
			return inputErr("presented", "the first presentation (%s) cannot precede the posting (%s)", presented, it.PostedOn)
		}
		if err := q.LetterReceived(ctx, co.ID, outboxID, presented, received); err != nil {
			return err
		}
		if err := recordNotice(ctx, q, co, it, store.FormalNotice{Presented: presented, Acknowledged: received}); err != nil {
			return err
		}
		summary := fmt.Sprintf("Courrier « %s » présenté le %s", it.Subject, presented.Format("fr"))
		if !received.IsZero() {
			summary += ", accusé de réception signé le " + received.Format("fr")
		}
		return q.AddEvent(ctx, &store.Event{CompanyID: co.ID, CustomerID: it.CustomerID, Day: presented, Kind: "letter_received", Actor: author,
			Summary: summary, Data: fmt.Sprintf(`{"outbox_id":%d}`, outboxID)})
	})
}

// letterItem reads a letter of the company's outbox; an e-mail is not a letter, and is not
// found as one.
func letterItem(ctx context.Context, q store.Queries, co receivable.Company, id int64) (store.OutboxItem, error) {
	it, err := q.OutboxItemByID(ctx, co.ID, id)
	if err != nil {
		return it, fmt.Errorf("letter %d: %w", id, err)
	}
	if it.Channel != string(dunning.Letter) && it.Channel != string(dunning.RegisteredLetter) {
		return it, fmt.Errorf("outbox item %d is an %s, not a letter: %w", id, it.Channel, store.ErrNotFound)
	}
	return it, nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// recordNotice records the dates of a formal notice (the registered letter of a level-3 step)
// on each of its invoices: the penalty computation counts a consumer's legal interest from
// them. Other letters are not formal notices and record nothing.
func recordNotice(ctx context.Context, q store.Queries, co receivable.Company, it store.OutboxItem, n store.FormalNotice) error {
	if it.ActionID == 0 {
		return nil
	}
	act, err := q.Action(ctx, co.ID, it.ActionID)
	if err != nil {
		return err
	}
	if act.Phase != dunning.Level3 {
		return nil
	}
	for _, l := range act.Invoices {
		n.CompanyID, n.InvoiceID, n.ActionID = co.ID, l.ID, act.ID
		if err := q.SetFormalNotice(ctx, n); err != nil {
			return err
		}
	}
	return nil
}
