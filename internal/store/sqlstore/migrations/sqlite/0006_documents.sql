-- +goose Up
-- Files kept as proof: letters and statements as sent, e-invoices as received.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    customer_id  BIGINT,
    invoice_id   BIGINT REFERENCES invoices (id) ON DELETE SET NULL,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, sha256)
);
CREATE INDEX documents_customer ON documents (customer_id);
ALTER TABLE outbox ADD COLUMN document_id BIGINT REFERENCES documents (id);
