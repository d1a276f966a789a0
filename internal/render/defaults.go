package render

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/relance-app/relance/internal/dunning"
)

//go:embed templates
var templateFiles embed.FS

// Defaults returns the templates relance ships, for every key of Keys in French and English:
// an e-mail and a letter form for the written communications, a call script for the call-*
// keys, a checklist for litigation. The store copies them for users to edit; a fresh slice
// each call, so that callers may change it.
func Defaults() []Template {
	ts, err := defaults()
	if err != nil {
		panic(err) // the embedded files are checked by TestDefaultsParse
	}
	return append([]Template(nil), ts...)
}

var defaults = sync.OnceValues(func() ([]Template, error) {
	var out []Template
	err := fs.WalkDir(templateFiles, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Ext(p) != ".tmpl" {
			return err
		}
		b, err := templateFiles.ReadFile(p)
		if err != nil {
			return err
		}
		lang := path.Base(path.Dir(p))
		key := strings.TrimSuffix(path.Base(p), ".tmpl")
		ts, err := ReadTemplates(key, lang, string(b))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, ts...)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Lang != b.Lang {
			return a.Lang > b.Lang // French first
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Channel < b.Channel
	})
	return out, err
})

// sectionRe is the line that opens a form in a template file: "-- email --".
var sectionRe = regexp.MustCompile(`^-- ([a-z_]+) --$`)

// ReadTemplates reads a template file: one section per form, each opened by a line "-- email --"
// (or letter, call, task), then a line "Subject: …", then the body. What comes before the
// first section describes the file and is ignored. Errors name the line of the file.
func ReadTemplates(key, lang, src string) ([]Template, error) {
	var out []Template
	var cur *Template
	var body []string
	wantSubject := false
	flush := func() {
		if cur != nil {
			cur.Body = strings.Trim(strings.Join(body, "\n"), "\n") + "\n"
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	for i, line := range strings.Split(src, "\n") {
		if m := sectionRe.FindStringSubmatch(line); m != nil {
			flush()
			cur = &Template{Key: key, Lang: lang, Channel: dunning.Channel(m[1])}
			wantSubject = true
			continue
		}
		switch {
		case cur == nil:
			// the file's description
		case wantSubject:
			s, ok := strings.CutPrefix(line, "Subject:")
			if !ok {
				return nil, fmt.Errorf("line %d: want \"Subject: …\" after the section line", i+1)
			}
			cur.Subject = strings.TrimSpace(s)
			wantSubject = false
		default:
			body = append(body, line)
		}
	}
	flush()
	if len(out) == 0 {
		return nil, fmt.Errorf("no section: a template file holds sections opened by \"-- email --\", \"-- letter --\", \"-- call --\" or \"-- task --\"")
	}
	return out, nil
}
