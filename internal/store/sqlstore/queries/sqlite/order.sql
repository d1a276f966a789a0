-- name: WorklistFrom
-- SQLite reads the worklist through the (company, status, day) index, which serves the same
-- equalities, then sorts every queued action (a second on 180,000 queued calls and tasks);
-- through the (company, status, phase rank, total) index it reads the first page in order and
-- stops (a few milliseconds).
FROM actions a INDEXED BY actions_worklist_order JOIN customers c ON c.id = a.customer_id

-- name: WorklistTodoFrom
-- The calls and tasks to do, through their own index (0011).
FROM actions a INDEXED BY actions_todo JOIN customers c ON c.id = a.customer_id
