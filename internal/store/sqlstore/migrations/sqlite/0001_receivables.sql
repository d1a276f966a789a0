-- +goose Up
-- Receivables: companies (creditors), customers (debtors) and contacts, invoices and credit
-- notes, payments and their allocations, and the timeline of events. Every row belongs to a
-- company; open balances are derived from allocations, never stored.
CREATE TABLE companies (
    id                 INTEGER PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    legal_name         TEXT NOT NULL DEFAULT '',
    siren              TEXT NOT NULL DEFAULT '',
    vat_number         TEXT NOT NULL DEFAULT '',
    address_line1      TEXT NOT NULL DEFAULT '',
    address_line2      TEXT NOT NULL DEFAULT '',
    postal_code        TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT 'FR',
    email              TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    iban               TEXT NOT NULL DEFAULT '',
    bic                TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL DEFAULT 'EUR',
    timezone           TEXT NOT NULL DEFAULT 'Europe/Paris',
    language           TEXT NOT NULL DEFAULT 'fr',
    payment_terms_days INTEGER NOT NULL DEFAULT 30,
    penalty_rate       BIGINT NOT NULL DEFAULT 0,
    signature          TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    company_id         BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    ref                TEXT NOT NULL,
    name               TEXT NOT NULL,
    siren              TEXT NOT NULL DEFAULT '',
    kind               TEXT NOT NULL DEFAULT 'b2b',
    address_line1      TEXT NOT NULL DEFAULT '',
    address_line2      TEXT NOT NULL DEFAULT '',
    postal_code        TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT 'FR',
    language           TEXT NOT NULL DEFAULT 'fr',
    profile            TEXT NOT NULL DEFAULT '',
    credit_limit       BIGINT NOT NULL DEFAULT 0,
    payment_terms_days INTEGER NOT NULL DEFAULT 0,
    collector          TEXT NOT NULL DEFAULT '',
    policy             TEXT NOT NULL DEFAULT '',
    penalty_rate       BIGINT NOT NULL DEFAULT 0,
    paused_until       DATE,
    pause_reason       TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, ref),
    -- Lets child rows reference (company, customer) together: one foreign key then proves
    -- both that the customer exists and that it belongs to the row's company.
    UNIQUE (company_id, id)
);

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    company_id    BIGINT NOT NULL,
    customer_id   BIGINT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    dunning       BOOLEAN NOT NULL DEFAULT FALSE,
    undeliverable TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX contacts_customer ON contacts (customer_id);

CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    company_id     BIGINT NOT NULL,
    customer_id    BIGINT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'invoice',
    number         TEXT NOT NULL,
    issue_date     DATE,
    due_date       DATE NOT NULL,
    amount         BIGINT NOT NULL,
    currency       TEXT NOT NULL DEFAULT 'EUR',
    external_id    TEXT NOT NULL DEFAULT '',
    document       TEXT NOT NULL DEFAULT '',
    credits_number TEXT NOT NULL DEFAULT '',
    paused_until   DATE,
    pause_reason   TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, kind, number),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX invoices_customer ON invoices (customer_id, due_date);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    customer_id BIGINT REFERENCES customers (id) ON DELETE CASCADE,
    date        DATE NOT NULL,
    amount      BIGINT NOT NULL,
    currency    TEXT NOT NULL DEFAULT 'EUR',
    method      TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    payer_name  TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, external_id)
);
CREATE INDEX payments_customer ON payments (customer_id, date);

-- An allocation applies part of a payment or of a credit note to an invoice.
CREATE TABLE allocations (
    id             INTEGER PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    invoice_id     BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    payment_id     BIGINT REFERENCES payments (id) ON DELETE CASCADE,
    credit_note_id BIGINT REFERENCES invoices (id) ON DELETE CASCADE,
    amount         BIGINT NOT NULL CHECK (amount > 0),
    date           DATE NOT NULL,
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
);
CREATE INDEX allocations_invoice ON allocations (invoice_id, date);
CREATE INDEX allocations_payment ON allocations (payment_id);
CREATE INDEX allocations_credit_note ON allocations (credit_note_id);

-- The timeline: everything that happened to a customer, as proof.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    customer_id BIGINT REFERENCES customers (id) ON DELETE CASCADE,
    invoice_id  BIGINT REFERENCES invoices (id) ON DELETE SET NULL,
    at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    day         DATE NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_customer ON events (customer_id, at);
