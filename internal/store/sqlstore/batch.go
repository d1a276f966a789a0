package sqlstore

import (
	"context"
	"database/sql"
	"iter"
	"math/bits"
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
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start, n := range batchSizes(len(rows), max(1, maxParams/len(cols))) {
		part := rows[start : start+n]
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
			if _, err := c.w.ExecContext(ctx, b.String(), c.d.oneOff(args)...); err != nil {
				return c.mapErr(err, "insert into "+table)
			}
			continue
		}
		rs, err := c.w.QueryContext(ctx, b.String(), c.d.oneOff(args)...)
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

// batchSizes cuts n rows into statements of at most per rows: full ones, then the rest in
// powers of two, so that a table is only ever written with a few statement texts — whatever
// keeps statements by their text (pgx did, per connection, before oneOff: a text per remainder
// made the run's heap grow to 380 MiB on a million invoices) keeps a few.
func batchSizes(n, per int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		start := 0
		for ; n-start >= per; start += per {
			if !yield(start, per) {
				return
			}
		}
		for size := 1 << bits.Len(uint(per)); size > 0; size >>= 1 {
			if n-start >= size {
				if !yield(start, size) {
					return
				}
				start += size
			}
		}
	}
}
