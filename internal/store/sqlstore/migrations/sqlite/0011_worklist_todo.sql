-- +goose Up
-- The calls and tasks to do have their own index, in the worklist's order: read through the
-- index of every action of a status, the first page of calls had to pass over the formal
-- notices queued before them (25,000 on a portfolio of a million invoices, each read from the
-- table to learn its channel).
CREATE INDEX actions_todo ON actions (company_id, status, phase_rank DESC, total DESC) WHERE channel IN ('call', 'task');
