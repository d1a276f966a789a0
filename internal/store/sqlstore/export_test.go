package sqlstore

import "context"

// CompanyTables exposes companyTables to the tests of package sqlstore_test.
var CompanyTables = companyTables

// TablesWithColumn lists the tables of the database having the column.
func (db *DB) TablesWithColumn(ctx context.Context, column string) ([]string, error) {
	q := "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = $1"
	if db.d.name() == "postgres" {
		q = "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = $1"
	}
	rows, err := db.r.QueryContext(ctx, q, column)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ForeignKey is a foreign key of the schema: the child table and its columns.
type ForeignKey struct {
	Table, Parent string
	Columns       []string
}

// ForeignKeys lists the schema's foreign keys, and the columns of each index (primary keys and
// unique constraints included) by table.
func (db *DB) ForeignKeys(ctx context.Context) ([]ForeignKey, map[string][][]string, error) {
	fkq := `SELECT m.name, f."table", f.id, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`
	ixq := `SELECT m.name, il.name, ii.name FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
		WHERE m.type = 'table' ORDER BY m.name, il.name, ii.seqno`
	if db.d.name() == "postgres" {
		fkq = `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.oid::bigint, a.attname
			FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
			WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 3, k.n`
		ixq = `SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, a.attname FROM pg_index i
			CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
			JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2, k.n`
	}
	var fks []ForeignKey
	rows, err := db.r.QueryContext(ctx, fkq)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	last := int64(-1)
	for rows.Next() {
		var table, parent, col string
		var id int64
		if err := rows.Scan(&table, &parent, &id, &col); err != nil {
			return nil, nil, err
		}
		if n := len(fks); n > 0 && id == last && fks[n-1].Table == table {
			fks[n-1].Columns = append(fks[n-1].Columns, col)
			continue
		}
		fks, last = append(fks, ForeignKey{Table: table, Parent: parent, Columns: []string{col}}), id
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	indexes := map[string][][]string{}
	lastIndex := ""
	ix, err := db.r.QueryContext(ctx, ixq)
	if err != nil {
		return nil, nil, err
	}
	defer ix.Close()
	for ix.Next() {
		var table, index string
		var col *string // an expression's is null
		if err := ix.Scan(&table, &index, &col); err != nil {
			return nil, nil, err
		}
		if index != lastIndex {
			indexes[table], lastIndex = append(indexes[table], nil), index
		}
		if col != nil {
			n := len(indexes[table]) - 1
			indexes[table][n] = append(indexes[table][n], *col)
		}
	}
	return fks, indexes, ix.Err()
}
