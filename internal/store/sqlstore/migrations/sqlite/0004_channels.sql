-- +goose Up
-- What leaves the process: company settings (SMTP…), templates edited by users (overriding the
-- shipped ones), and the outbox — one row per outgoing message, written in the transaction that
-- decides it, with a unique key so that nothing is queued twice, a lease so that a crashed
-- sender's messages are taken over, the rendered content and Message-ID frozen before the first
-- attempt so that a retry sends the very same message, and for letters the proof (PDF hash,
-- registered-mail number, posting, first presentation and receipt dates).
CREATE TABLE settings (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (company_id, key)
);

CREATE TABLE templates (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    lang       TEXT NOT NULL,
    channel    TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    author     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (company_id, key, lang, channel)
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    company_id      BIGINT NOT NULL,
    customer_id     BIGINT NOT NULL,
    action_id       BIGINT REFERENCES actions (id) ON DELETE SET NULL,
    key             TEXT NOT NULL,
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    template        TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    contact_id      BIGINT,
    recipient       TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '',
    document        TEXT NOT NULL DEFAULT '',
    document_sha256 TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMP,
    tracking_number TEXT NOT NULL DEFAULT '',
    posted_on       DATE,
    presented_on    DATE,
    received_on     DATE,
    day             DATE NOT NULL,
    author          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, key),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_customer ON outbox (customer_id);
CREATE INDEX outbox_action ON outbox (action_id);
