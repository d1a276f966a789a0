-- +goose Up
-- The collection process: policies, what the debtor said (disputes, promises, payment plans),
-- what collectors asked (manual requests), and what relance decided (actions). Runs divide
-- the day's work between processes in chunks of customers.
CREATE TABLE policies (
    id         INTEGER PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, name)
);

CREATE TABLE profile_policies (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    profile    TEXT NOT NULL,
    policy     TEXT NOT NULL,
    PRIMARY KEY (company_id, profile)
);

CREATE TABLE disputes (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_id  BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    opened      DATE NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    resolved    DATE,
    resolution  TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX disputes_customer ON disputes (customer_id);

CREATE TABLE promises (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_ids TEXT NOT NULL DEFAULT '[]',
    made        DATE NOT NULL,
    date        DATE NOT NULL,
    amount      BIGINT NOT NULL,
    via         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    kept        DATE,
    broken      DATE,
    cancelled   DATE,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX promises_customer ON promises (customer_id);

CREATE TABLE payment_plans (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_ids TEXT NOT NULL DEFAULT '[]',
    created     DATE NOT NULL,
    instalments TEXT NOT NULL DEFAULT '[]',
    note        TEXT NOT NULL DEFAULT '',
    defaulted   DATE,
    cancelled   DATE,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX payment_plans_customer ON payment_plans (customer_id);

CREATE TABLE rejected_debits (
    id         INTEGER PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX rejected_debits_invoice ON rejected_debits (invoice_id);

-- A collector's instruction on one step of one invoice: force it now, or skip it.
CREATE TABLE requests (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_id  BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    step        TEXT NOT NULL,
    day         DATE NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX requests_customer ON requests (customer_id);

-- What the run decided: one row per customer, channel and day (the key makes it unique, so two
-- processes can never record it twice), and the steps superseded on catch-up (skipped).
CREATE TABLE actions (
    id             INTEGER PRIMARY KEY,
    company_id     BIGINT NOT NULL,
    customer_id    BIGINT NOT NULL,
    run_id         BIGINT,
    day            DATE NOT NULL,
    channel        TEXT NOT NULL,
    step           TEXT NOT NULL,
    phase          TEXT NOT NULL,
    template       TEXT NOT NULL DEFAULT '',
    policy         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    key            TEXT NOT NULL,
    needs_approval BOOLEAN NOT NULL DEFAULT FALSE,
    penalties      BOOLEAN NOT NULL DEFAULT FALSE,
    forced         BOOLEAN NOT NULL DEFAULT FALSE,
    total          BIGINT NOT NULL DEFAULT 0,
    detail         TEXT NOT NULL DEFAULT '{}',
    note           TEXT NOT NULL DEFAULT '',
    author         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, key),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX actions_customer ON actions (customer_id, day);
CREATE INDEX actions_worklist ON actions (company_id, status, day);

CREATE TABLE action_invoices (
    action_id  BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    step       TEXT NOT NULL,
    PRIMARY KEY (action_id, invoice_id)
);
CREATE INDEX action_invoices_invoice ON action_invoices (invoice_id);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    host        TEXT NOT NULL DEFAULT '',
    stats       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_company ON runs (company_id, day);

-- Work division between processes running the same day: a chunk is a range of customer ids;
-- a process claims it, or takes it over when its claimant's lease ran out, or when it was done
-- by an earlier run (a second run re-checks everything; the action keys keep it idempotent).
-- Times are Unix nanoseconds, compared as integers on both databases.
CREATE TABLE run_chunks (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    chunk      BIGINT NOT NULL,
    run_id     BIGINT NOT NULL,
    claimed_at BIGINT NOT NULL,
    done_at    BIGINT,
    PRIMARY KEY (company_id, day, chunk)
);

-- Events that must be recorded once (a broken promise) carry a key.
ALTER TABLE events ADD COLUMN key TEXT;
CREATE UNIQUE INDEX events_key ON events (company_id, key);
