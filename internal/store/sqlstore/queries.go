package sqlstore

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

// The SQL lives in queries/*.sql as named blocks ("-- name: ListCustomers"); a file under
// queries/<dialect>/ overrides a block of the same name for that database only.
//
//go:embed queries
var queryFS embed.FS

type queryBook map[string]string

func loadQueries(dialect string) queryBook {
	book := queryBook{}
	read := func(dir string) {
		entries, err := fs.ReadDir(queryFS, dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			b, err := queryFS.ReadFile(dir + "/" + e.Name())
			if err != nil {
				panic(err)
			}
			parseQueries(string(b), book)
		}
	}
	read("queries")
	read("queries/" + dialect)
	return book
}

func parseQueries(src string, book queryBook) {
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			book[name] = strings.TrimSpace(body.String())
		}
		body.Reset()
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		if name != "" && !strings.HasPrefix(strings.TrimSpace(line), "--") {
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
}

// q returns the named query; a missing name is a programming error caught by the tests.
func (b queryBook) q(name string) string {
	s, ok := b[name]
	if !ok {
		panic(fmt.Sprintf("sqlstore: no query named %q", name))
	}
	return s
}
