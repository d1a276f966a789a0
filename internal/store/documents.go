package store

import (
	"context"
	"time"
)

// DocumentQueries keep files as proof: the PDF of every letter and statement sent, the
// original of every e-invoice imported. They live in the database, with their SHA-256, so
// that they are backed up with it and shared by every process.
type DocumentQueries interface {
	// PutDocument stores a file; the same content for the same company is stored once and
	// its existing id returned.
	PutDocument(ctx context.Context, d *Document) error
	Document(ctx context.Context, companyID, id int64) (Document, error)
	ListDocuments(ctx context.Context, companyID, customerID int64) ([]Document, error)
}

// Document is a stored file.
type Document struct {
	ID          int64     `json:"id"`
	CompanyID   int64     `json:"-"`
	CustomerID  int64     `json:"customer_id,omitempty"`
	InvoiceID   int64     `json:"invoice_id,omitempty"`
	Kind        string    `json:"kind"` // letter, statement, einvoice, attachment
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	Size        int       `json:"size"`
	Content     []byte    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}
