-- +goose Up
-- Every foreign key gets an index on its key (TestEveryForeignKeyIsServedByAnIndex): deleting a
-- parent row makes the database look for its children, and without an index that is a scan of
-- the child table per row deleted — removing a company of a million invoices on PostgreSQL
-- scanned the events once per invoice and had not finished after ten minutes. The keys that are
-- mostly empty are indexed only where set.
CREATE INDEX events_invoice ON events (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX disputes_invoice ON disputes (invoice_id);
CREATE INDEX requests_invoice ON requests (invoice_id);
CREATE INDEX limitation_interruptions_invoice ON limitation_interruptions (invoice_id);
CREATE INDEX documents_invoice ON documents (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX formal_notices_action ON formal_notices (action_id) WHERE action_id IS NOT NULL;
CREATE INDEX outbox_document ON outbox (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX match_proposals_payment ON match_proposals (payment_id);
CREATE INDEX match_proposals_customer ON match_proposals (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
