package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/store"
)

// PutDocument stores a file once per content.
func (c *conn) PutDocument(ctx context.Context, d *store.Document) error {
	sum := sha256.Sum256(d.Content)
	d.SHA256, d.Size = hex.EncodeToString(sum[:]), len(d.Content)
	err := c.w.QueryRowContext(ctx, `INSERT INTO documents (company_id, customer_id, invoice_id, kind, name, content_type, sha256, size, content)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (company_id, sha256) DO NOTHING RETURNING id, created_at`,
		d.CompanyID, nullInt(d.CustomerID), nullInt(d.InvoiceID), d.Kind, d.Name, d.ContentType, d.SHA256, d.Size, d.Content).Scan(&d.ID, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = c.w.QueryRowContext(ctx, "SELECT id, created_at FROM documents WHERE company_id = $1 AND sha256 = $2", d.CompanyID, d.SHA256).Scan(&d.ID, &d.CreatedAt)
	}
	return c.mapErr(err, "store document "+d.Name)
}

// Document reads a stored file of the company.
func (c *conn) Document(ctx context.Context, companyID, id int64) (store.Document, error) {
	var d store.Document
	var cust, inv sql.NullInt64
	err := c.r.QueryRowContext(ctx, `SELECT id, company_id, customer_id, invoice_id, kind, name, content_type, sha256, size, content, created_at
		FROM documents WHERE company_id = $1 AND id = $2`, companyID, id).Scan(&d.ID, &d.CompanyID, &cust, &inv, &d.Kind, &d.Name,
		&d.ContentType, &d.SHA256, &d.Size, &d.Content, &d.CreatedAt)
	d.CustomerID, d.InvoiceID = cust.Int64, inv.Int64
	return d, c.mapErr(err, fmt.Sprintf("document %d", id))
}

// ListDocuments lists a customer's files, without their content.
func (c *conn) ListDocuments(ctx context.Context, companyID, customerID int64) ([]store.Document, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT id, company_id, COALESCE(customer_id, 0), COALESCE(invoice_id, 0), kind, name, content_type, sha256, size, created_at
		FROM documents WHERE company_id = $1 AND customer_id = $2 ORDER BY id DESC`, companyID, customerID)
	if err != nil {
		return nil, c.mapErr(err, "list documents")
	}
	defer rows.Close()
	var out []store.Document
	for rows.Next() {
		var d store.Document
		if err := rows.Scan(&d.ID, &d.CompanyID, &d.CustomerID, &d.InvoiceID, &d.Kind, &d.Name, &d.ContentType, &d.SHA256, &d.Size, &d.CreatedAt); err != nil {
			return nil, c.mapErr(err, "list documents")
		}
		out = append(out, d)
	}
	return out, c.mapErr(rows.Err(), "list documents")
}
