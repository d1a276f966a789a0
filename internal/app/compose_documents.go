package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	relmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// maxAttachmentsSize caps what a reminder carries: most mail servers refuse a message much
// above 10 MB (and base64 makes it a third larger on the wire), and a refused reminder is
// worse than one without every invoice attached.
var maxAttachmentsSize = 10 << 20

// InvoiceDocumentID is the stored document an invoice's Document field names
// ("document:<id>", set when its e-invoice was imported); ok is false for anything else (a
// path, a URL, nothing).
func InvoiceDocumentID(inv receivable.Invoice) (int64, bool) {
	s, ok := strings.CutPrefix(inv.Document, "document:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// invoiceDocuments reads the stored originals of the invoices a message lists, to attach them,
// each once, while they fit beside the used bytes already attached (the statement). What does not fit, or has
// disappeared, is left out and logged: the reminder still goes, it lists the invoices itself.
func (c TemplateComposer) invoiceDocuments(ctx context.Context, co receivable.Company, it store.OutboxItem, invs []receivable.Invoice, used int) ([]relmail.Attachment, error) {
	var out []relmail.Attachment
	seen := map[int64]bool{}
	for _, inv := range invs {
		id, ok := InvoiceDocumentID(inv)
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		doc, err := c.App.Store.Document(ctx, co.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			c.App.Log.Warn("invoice document missing", "outbox_id", it.ID, "invoice", inv.Number, "document_id", id)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("document %d of invoice %s: %w", id, inv.Number, err)
		}
		if used+len(doc.Content) > maxAttachmentsSize {
			c.App.Log.Warn("invoice document not attached: the message would be too large", "outbox_id", it.ID,
				"invoice", inv.Number, "document_id", id, "size", len(doc.Content), "attached", used, "limit", maxAttachmentsSize)
			continue
		}
		used += len(doc.Content)
		out = append(out, relmail.Attachment{Name: doc.Name, ContentType: doc.ContentType, Data: doc.Content})
	}
	return out, nil
}

// attachmentsSize is the bytes the attachments hold.
func attachmentsSize(as []relmail.Attachment) int {
	n := 0
	for _, a := range as {
		n += len(a.Data)
	}
	return n
}
