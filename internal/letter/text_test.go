package letter

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

func mustFaces(t testing.TB) *faces {
	t.Helper()
	fc, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func TestWrap(t *testing.T) {
	fc := mustFaces(t)
	w := 60.0 // mm
	maxU := int(w/(bodyPt/1000*mmPerPt) + 1e-6)
	check := func(t *testing.T, lines []line) {
		t.Helper()
		for _, ln := range lines {
			if ln.units != fc.units(ln.text, regular) {
				t.Errorf("line %q: units %d, measured %d", ln.text, ln.units, fc.units(ln.text, regular))
			}
			if ln.units > maxU {
				t.Errorf("line %q is %d units wide, more than %d", ln.text, ln.units, maxU)
			}
		}
	}

	t.Run("no-break spaces glue", func(t *testing.T) {
		amount := "1\u202f234\u00a0567,89\u00a0€"
		for i := range 40 {
			text := strings.Repeat("a ", i) + amount + " b"
			lines := fc.wrap(text, regular, bodyPt, w)
			check(t, lines)
			found := 0
			for _, ln := range lines {
				if strings.Contains(ln.text, amount) {
					found++
				}
			}
			if found != 1 {
				t.Fatalf("%q wrapped as %+v: amount split", text, lines)
			}
		}
	})
	t.Run("forced breaks and empty lines", func(t *testing.T) {
		lines := fc.wrap("IBAN : FR76\nBIC : BNPAFRPP\n\nfin", regular, bodyPt, w)
		var got []string
		for _, ln := range lines {
			got = append(got, ln.text)
			if ln.justify {
				t.Errorf("line %q before a forced break is justified", ln.text)
			}
		}
		if strings.Join(got, "|") != "IBAN : FR76|BIC : BNPAFRPP||fin" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("long words are cut, preferably after a separator", func(t *testing.T) {
		url := "https://paiement.example.fr/factures/FA-2026-0312/payer?client=C-00231&jeton=0123456789abcdef0123456789abcdef"
		lines := fc.wrap("Payez en ligne : "+url+" merci.", regular, bodyPt, w)
		check(t, lines)
		var joined string
		for _, ln := range lines {
			joined += ln.text
		}
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll("Payez en ligne : "+url+" merci.", " ", "") {
			t.Errorf("text lost in wrapping: %q", joined)
		}
		if len(lines) < 3 {
			t.Fatalf("got %d lines", len(lines))
		}
		if !strings.ContainsAny(lines[1].text[len(lines[1].text)-1:], breakAfter) {
			t.Errorf("piece %q does not end after a separator", lines[1].text)
		}
		if !strings.HasPrefix(lines[0].text, "Payez en ligne : https") {
			t.Errorf("the URL does not start on the first line: %q", lines[0].text)
		}
	})
	t.Run("last line is not justified", func(t *testing.T) {
		lines := fc.wrap(strings.Repeat("mot ", 40), regular, bodyPt, w)
		check(t, lines)
		for i, ln := range lines {
			if want := i < len(lines)-1; ln.justify != want {
				t.Errorf("line %d justify=%v", i, ln.justify)
			}
		}
	})
}

func FuzzWrap(f *testing.F) {
	for _, s := range []string{"", "a b", "1\u202f234,56\u00a0€ «\u00a0x\u00a0»", "https://x.fr/" + strings.Repeat("é/", 60), "a\n\nb\tc", "\x00\u00ad🙂"} {
		f.Add(s, 30.0)
	}
	fc := mustFaces(f)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if !(w >= 5 && w <= 200) {
			return
		}
		text := clean(s, true)
		if !utf8.ValidString(text) {
			t.Fatalf("clean(%q) is not UTF-8", s)
		}
		maxU := int(w/(bodyPt/1000*mmPerPt) + 1e-6)
		var got strings.Builder
		for _, ln := range fc.wrap(text, regular, bodyPt, w) {
			if ln.units > maxU && utf8.RuneCountInString(ln.text) > 1 {
				t.Fatalf("line %q is wider than %g mm", ln.text, w)
			}
			got.WriteString(ln.text)
		}
		strip := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
		if strip(got.String()) != strip(text) {
			t.Fatalf("wrapping %q lost text: %q", text, got.String())
		}
	})
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                "plain",
		"e\u0301té":            "été",
		"a\tb\r\nc":            "a b\nc",
		"soft\u00adhyphen\x07": "softhyphen",
		"smile 🙂":              "smile \uFFFD",
		"1\u202f234,56\u00a0€": "1\u202f234,56\u00a0€",
	} {
		if got := clean(in, true); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clean("a\nb", false); got != "a b" {
		t.Errorf("single-line clean kept the break: %q", got)
	}
}

// TestCutFacesMeasureAsFull checks that the cut faces, which letters embed, have the widths
// the layout measured on the full faces.
func TestCutFacesMeasureAsFull(t *testing.T) {
	fc := mustFaces(t)
	f := fpdf.New("P", "mm", "A4", "")
	for s := range numStyles {
		f.AddUTF8FontFromBytes(family, s.fpdfStyle(), fc.cut[s])
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
	for s := range numStyles {
		f.SetFont(family, s.fpdfStyle(), 10)
		for _, rg := range cutRanges {
			for r := rg[0]; r <= rg[1]; r++ {
				if got, want := f.GetStringSymbolWidth(string(r)), int(fc.widths[s][r]); got != want {
					t.Fatalf("style %d, %U: cut face width %d, full face %d", s, r, got, want)
				}
			}
		}
	}
	for _, r := range "€«»\u00a0\u202fœŒéÉçÇ’–—…№" {
		if !fc.inCut[r] {
			t.Errorf("%U is not in the cut faces", r)
		}
	}
	if fc.widths[regular]['\u202f'] == 0 {
		t.Error("DejaVu has no width for U+202F")
	}
}
