package sqlstore

import (
	"strconv"
	"strings"
)

// where builds the optional filters of a list query. PostgreSQL gives a parameter one type
// for the whole statement, so "$3 = ” OR due_date <= $3" cannot work there: filters that may
// be absent are left out of the SQL instead.
type where struct {
	conds []string
	args  []any
}

// newWhere starts with the arguments already used by the fixed part of the query.
func newWhere(args ...any) *where { return &where{args: args} }

// add appends a condition; each "?" in it becomes the next $N.
func (w *where) add(cond string, args ...any) *where {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
	return w
}

// sql is " AND cond AND cond…" (empty when no filter).
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}
