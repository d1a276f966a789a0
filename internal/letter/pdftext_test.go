package letter

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The tests read the PDFs back with Debian's poppler-utils (pdftotext, pdftohtml), as a
// reader of the letter would. A missing tool fails the test: scripts/ensure-tools installs it.

func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s not found: run scripts/ensure-tools (installs Debian's poppler-utils)", tool)
	}
	return p
}

// writePDF stores pdf in the test's temporary directory.
func writePDF(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pdftotext runs pdftotext with args on pdf and returns its output.
func pdftotext(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	tool := poppler(t, "pdftotext")
	args = append(append(args, "-enc", "UTF-8", writePDF(t, pdf)), "-")
	var out, stderr bytes.Buffer
	cmd := exec.Command(tool, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext %v: %v: %s", args, err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("pdftotext complained: %s", stderr.String())
	}
	return out.String()
}

// pages splits pdftotext's output at its form feeds, dropping the empty piece after the last.
func pages(text string) []string {
	ps := strings.Split(text, "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

// word is a word as pdftotext -bbox places it, in millimetres from the top left corner.
type word struct {
	page                   int
	text                   string
	xMin, yMin, xMax, yMax float64
}

var (
	pageRE = regexp.MustCompile(`<page `)
	wordRE = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// words returns every word of pdf with its box.
func wordBoxes(t *testing.T, pdf []byte) []word {
	t.Helper()
	out := pdftotext(t, pdf, "-bbox")
	var ws []word
	pageNo := 0
	for _, ln := range strings.Split(out, "\n") {
		if pageRE.MatchString(ln) {
			pageNo++
			continue
		}
		m := wordRE.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		w := word{page: pageNo, text: html.UnescapeString(m[5])}
		for i, p := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
			v, err := strconv.ParseFloat(m[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			*p = v / 72 * 25.4
		}
		ws = append(ws, w)
	}
	return ws
}

// pdftohtmlText returns the text of pdf as pdftohtml -xml gives it: unlike pdftotext, which
// turns every kind of space into U+0020, it keeps U+00A0 and U+202F as the PDF carries them.
func pdftohtmlText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := poppler(t, "pdftohtml")
	var out, stderr bytes.Buffer
	cmd := exec.Command(tool, "-xml", "-i", "-stdout", "-q", writePDF(t, pdf))
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftohtml: %v: %s", err, stderr.String())
	}
	return html.UnescapeString(out.String())
}
