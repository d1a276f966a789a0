-- +goose Up
-- Search folds case and French accents (sqlstore/fold.go: the same letters, in the same order;
-- SQLite gets the same function from Go). Only ASCII letters are lowered, as in Go, so that both
-- databases find the same customers.
-- +goose StatementBegin
CREATE FUNCTION relance_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT translate(t, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸàáâãäåçèéêëìíîïñòóôõöùúûüýÿABCDEFGHIJKLMNOPQRSTUVWXYZ', 'aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyyabcdefghijklmnopqrstuvwxyz')
$$;
-- +goose StatementEnd
