-- +goose Up
-- The worklist is sorted in SQL so that a page of it is read without loading the whole day's
-- work (180,000 calls and tasks on a portfolio of a million invoices): the phase's rank and
-- the due date lateness counts from are kept as columns (dunning.CompareWorklist's keys), and
-- an index serves the firmest-and-largest-first order of one status.
ALTER TABLE actions ADD COLUMN phase_rank SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE actions ADD COLUMN oldest_due DATE;
UPDATE actions SET
    phase_rank = CASE phase WHEN 'preventive' THEN 0 WHEN 'level1' THEN 1 WHEN 'level2' THEN 2
        WHEN 'level3' THEN 3 WHEN 'litigation' THEN 4 ELSE -1 END,
    oldest_due = COALESCE(
        (SELECT MIN(i.due_date) FROM action_invoices ai JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = actions.id),
        day - COALESCE((detail::jsonb ->> 'days_late')::int, 0));
CREATE INDEX actions_worklist_order ON actions (company_id, status, phase_rank DESC, total DESC);
