-- +goose Up
-- Late-payment penalties and limitation dates (issue 4): the rates users set on top of the
-- embedded tables, the events that interrupt a claim's limitation period, each invoice's
-- formal notice, the company's settings, and the penalty claim the run attaches to an action.

-- Rates set or imported by users, overlaid on penalty.DefaultRates: one per company, series
-- ("ecb_mro") and half-year ("2026-H2"). rate is a money.Rate: millionths of a percentage
-- point (12.15 % is 12150000), never a float. origin says how it got here ("set by alice",
-- "imported from rates.csv").
CREATE TABLE rates (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    series     TEXT NOT NULL,
    semester   TEXT NOT NULL,
    rate       BIGINT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    confirmed  BOOLEAN NOT NULL DEFAULT TRUE,
    origin     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (company_id, series, semester)
);

-- Events that restart an invoice's limitation period (C. civ. 2240, 2241): an acknowledgement
-- of debt, the service of an injonction de payer, a partial payment made outside relance.
-- Payments allocated in relance count without being recorded here. A formal notice never
-- interrupts (Cass. com. 18 mai 2022), so it is not a kind of this table: see formal_notices.
CREATE TABLE limitation_interruptions (
    id         INTEGER PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    day        DATE NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    author     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (company_id, invoice_id, kind, day)
);

-- The formal notice (mise en demeure) of an invoice: sent, first presented by the post,
-- acknowledged by the debtor's signature. Legal interest against a consumer runs from one of
-- these dates (the company setting penalty.consumer_interest_from; first presentation by
-- default, legal note §6.3). The letters work fills it as the dates become known.
CREATE TABLE formal_notices (
    invoice_id      BIGINT PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    company_id      BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    sent_on         DATE,
    presented_on    DATE,
    acknowledged_on DATE,
    reference       TEXT NOT NULL DEFAULT '',
    action_id       BIGINT REFERENCES actions (id) ON DELETE SET NULL,
    updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Company settings as key/value text, parsed and defaulted by the app. Keys so far:
-- penalty.day_count (actual/365 by default, or actual/actual) and
-- penalty.consumer_interest_from (sent, presented by default, or acknowledged).
CREATE TABLE company_settings (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (company_id, key)
);

-- The penalties and indemnities the run computed for an action whose step shows them (JSON,
-- app.PenaltyClaim). The action's detail is the dunning.Action as decided and has no place
-- for them; NULL when none were asked for.
ALTER TABLE actions ADD COLUMN penalty_claim TEXT;
