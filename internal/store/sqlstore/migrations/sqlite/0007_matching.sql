-- +goose Up
-- Payment matching (lettrage): what the matcher proposed for each bank payment, and what
-- became of it. A payment has one proposal. The allocations a decision created are kept by id,
-- so that an undo removes exactly those and nothing else.
CREATE TABLE match_proposals (
    id             INTEGER PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    payment_id     BIGINT NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    customer_id    BIGINT REFERENCES customers (id) ON DELETE SET NULL,
    allocations    TEXT NOT NULL DEFAULT '[]',
    unallocated    BIGINT NOT NULL DEFAULT 0,
    confidence     INTEGER NOT NULL DEFAULT 0,
    reasons        TEXT NOT NULL DEFAULT '[]',
    status         TEXT NOT NULL DEFAULT 'pending',
    allocation_ids TEXT NOT NULL DEFAULT '[]',
    customer_set   BOOLEAN NOT NULL DEFAULT FALSE,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, payment_id)
);
CREATE INDEX match_proposals_status ON match_proposals (company_id, status, id);
-- Customers are found by SIREN when an e-invoice names its buyer.
CREATE INDEX customers_siren ON customers (company_id, siren);
