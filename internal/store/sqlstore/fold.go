package sqlstore

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// Search folds case and French accents on both sides, so that "ebenisterie" and "ÉBÉNISTERIE"
// find "Ébénisterie Richard": SQLite's LOWER and LIKE fold ASCII letters only. The database
// side is relance_fold, a Go function registered with SQLite and a SQL function on PostgreSQL
// (migration 0010) built from the same two strings.
const (
	foldFrom = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
	foldTo   = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"
)

var foldMap = func() map[rune]rune {
	from, to := []rune(foldFrom), []rune(foldTo)
	if len(from) != len(to) {
		panic(fmt.Sprintf("fold: %d letters to %d", len(from), len(to)))
	}
	m := make(map[rune]rune, len(from))
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

// fold lowers ASCII letters and takes the accents off the letters of foldFrom: what
// relance_fold does in the database, rune for rune.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if f, ok := foldMap[r]; ok {
			return f
		}
		return r
	}, s)
}

func init() {
	err := sqlite.RegisterDeterministicScalarFunction("relance_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return fold(v), nil
		case []byte:
			return fold(string(v)), nil
		case nil:
			return nil, nil
		default:
			return fold(fmt.Sprint(v)), nil
		}
	})
	if err != nil {
		panic(err)
	}
}

// likePattern is a LIKE pattern finding s anywhere in a folded text; the user's % and _ are
// matched literally (ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(fold(s)) + "%"
}
