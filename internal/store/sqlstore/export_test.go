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
