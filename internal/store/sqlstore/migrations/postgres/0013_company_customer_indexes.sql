-- +goose Up
-- A customer's rows are keyed by (company, customer) — the foreign key to customers — and the
-- indexes now lead with both. Deleting a customer looks for its rows with both columns; on
-- PostgreSQL that check is planned once per connection, and planned before the statistics of a
-- freshly imported table exist it read the company's million invoices through their (company,
-- kind, number) index for each customer: removing a company imported a minute earlier ran for
-- more than ten minutes. Led by both columns, the index is the only sensible plan, with or
-- without statistics, and it serves a chunk of the daily run (a company's customer range) too.
DROP INDEX contacts_customer;
CREATE INDEX contacts_customer ON contacts (company_id, customer_id);
DROP INDEX invoices_customer;
CREATE INDEX invoices_customer ON invoices (company_id, customer_id, due_date);
DROP INDEX disputes_customer;
CREATE INDEX disputes_customer ON disputes (company_id, customer_id);
DROP INDEX promises_customer;
CREATE INDEX promises_customer ON promises (company_id, customer_id);
DROP INDEX payment_plans_customer;
CREATE INDEX payment_plans_customer ON payment_plans (company_id, customer_id);
DROP INDEX requests_customer;
CREATE INDEX requests_customer ON requests (company_id, customer_id);
DROP INDEX actions_customer;
CREATE INDEX actions_customer ON actions (company_id, customer_id, day);
DROP INDEX outbox_customer;
CREATE INDEX outbox_customer ON outbox (company_id, customer_id);
DROP INDEX superseded_customer;
CREATE INDEX superseded_customer ON superseded_steps (company_id, customer_id);
