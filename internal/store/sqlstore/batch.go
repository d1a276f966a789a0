package sqlstore

import (
	"context"
	"database/sql"
	"strings"
)

// maxParams bounds the parameters of one statement: SQLite's limit is 32,766, PostgreSQL's
// 65,535.
const maxParams = 30000

// insertBatch inserts rows into table with multi-row INSERT statements — as many rows per
// statement as the parameter limit allows — appending tail (an ON CONFLICT clause, a
// RETURNING list). scan, when set, reads each returned row. A chunk of the daily run writes
// thousands of rows this way in a few statements instead of thousands of round trips.
func (c *conn) insertBatch(ctx context.Context, table string, cols []string, rows [][]any, tail string, scan func(*sql.Rows) error) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, maxParams/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(len(rows), start+per)]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(part)*len(cols))
		for i, r := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteByte(',')
				}
				args = append(args, v)
				b.WriteString(c.d.placeholder(len(args)))
			}
			b.WriteByte(')')
		}
		b.WriteByte(' ')
		b.WriteString(tail)
		if scan == nil {
			if _, err := c.w.ExecContext(ctx, b.String(), args...); err != nil {
				return c.mapErr(err, "insert into "+table)
			}
			continue
		}
		rs, err := c.w.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return c.mapErr(err, "insert into "+table)
		}
		for rs.Next() {
			if err := scan(rs); err != nil {
				rs.Close()
				return c.mapErr(err, "insert into "+table)
			}
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return c.mapErr(err, "insert into "+table)
		}
	}
	return nil
}
