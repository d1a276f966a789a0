-- +goose Up
-- Steps passed over on catch-up (an invoice imported already late, days without a run): kept
-- so that the history says which steps were not taken and why, one small row each, written in
-- bulk by the run — not an action each, which made a first run over a late portfolio write
-- several times more rows than it sent reminders.
CREATE TABLE superseded_steps (
    company_id  BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_id  BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    phase       TEXT NOT NULL,
    channel     TEXT NOT NULL,
    day         DATE NOT NULL,
    run_id      BIGINT,
    PRIMARY KEY (invoice_id, step),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX superseded_customer ON superseded_steps (customer_id);
