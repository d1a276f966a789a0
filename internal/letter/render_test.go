package letter

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
)

// TestRecipientInWindow checks, on the words as pdftotext places them, that the recipient's
// address and the registered-mail mention are all inside the envelope window and that nothing
// else is: not the sender, not the date, not the references.
func TestRecipientInWindow(t *testing.T) {
	for _, g := range goldenDocs {
		t.Run(g.name, func(t *testing.T) {
			d := g.doc()
			pdf, err := PDF(d)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, s := range append([]string{d.Registered, d.Recipient.Name, d.Recipient.Attention}, d.Recipient.Lines...) {
				want = append(want, strings.Fields(s)...)
			}
			address := strings.Fields(strings.Join(append([]string{d.Recipient.Name, d.Recipient.Attention}, d.Recipient.Lines...), " "))
			var inWindow []string
			for _, w := range wordBoxes(t, pdf) {
				if w.page != 1 {
					continue
				}
				inside := w.xMin >= windowX && w.xMax <= windowX+windowW && w.yMin >= windowY && w.yMax <= windowY+windowH
				overlaps := w.xMax > windowX && w.xMin < windowX+windowW && w.yMax > windowY && w.yMin < windowY+windowH
				if overlaps && !inside {
					t.Errorf("%q at (%.1f, %.1f)-(%.1f, %.1f) mm straddles the window's edge", w.text, w.xMin, w.yMin, w.xMax, w.yMax)
				}
				if !inside {
					continue
				}
				inWindow = append(inWindow, w.text)
				// The address itself keeps to the part of the window that shows wherever the
				// sheet slides in the envelope.
				if slices.Contains(address, w.text) && w.yMin >= addressTop-1 &&
					(w.xMax > addressX+addressMaxW+0.1 || w.yMax > addressBottom+0.5) {
					t.Errorf("address word %q ends at (%.1f, %.1f) mm, past the safe area", w.text, w.xMax, w.yMax)
				}
			}
			if diff := strings.Join(inWindow, " "); diff != strings.Join(want, " ") {
				t.Errorf("window holds\n%q\nwant\n%q", diff, strings.Join(want, " "))
			}

			// The same with pdftotext's crop, which is how a reader would check it: the
			// window's rectangle (in points at 72 dpi) holds the address and not the sender.
			pt := func(mm float64) string { return fmt.Sprint(int(mm / 25.4 * 72)) }
			crop := pdftotext(t, pdf, "-f", "1", "-l", "1", "-r", "72",
				"-x", pt(windowX), "-y", pt(windowY), "-W", pt(windowW), "-H", pt(windowH))
			flat := strings.Join(strings.Fields(crop), " ")
			for _, s := range append([]string{d.Recipient.Name, d.Recipient.Attention}, d.Recipient.Lines...) {
				if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
					t.Errorf("window crop lacks %q: %q", s, flat)
				}
			}
			for _, s := range append([]string{d.Sender.Name, "novembre", "Nos réf"}, d.Sender.Lines...) {
				if strings.Contains(flat, s) {
					t.Errorf("window crop shows %q, which must stay out of the window: %q", s, flat)
				}
			}
		})
	}
}

// TestTypography checks that accents, guillemets, the euro sign and the no-break spaces
// survive to the text a PDF reader extracts.
func TestTypography(t *testing.T) {
	pdf, err := PDF(formalNoticeFR())
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, pdf, "-layout")
	for _, s := range []string{"é", "è", "à", "ê", "û", "Î", "É", "È", "«", "»", "€", "–", "×", "n°",
		"SAINT-ÉGRÈVE", "Échéance", "« mise en demeure »", "12 345,67 €", "17 593,64 €"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext output lacks %q", s)
		}
	}
	// pdftotext writes every space as U+0020; pdftohtml shows what the PDF really carries.
	raw := pdftohtmlText(t, pdf)
	for _, s := range []string{
		"1\u202f234,56\u00a0€", "17\u00a0593,64\u00a0€", "12,15\u00a0%",
		"Objet\u00a0:", "Pièces jointes\u00a0:", "FR76\u00a03000\u00a04000",
	} {
		if !strings.Contains(raw, s) {
			t.Errorf("the PDF's text lacks %q (with its no-break spaces)", s)
		}
	}
}

// TestAmountsNeverBreak slides an amount with no-break spaces across the end of the line and
// checks that it is always extracted whole, on one line.
func TestAmountsNeverBreak(t *testing.T) {
	const amount = "98\u202f765\u00a0432,10\u00a0€"
	d := reminderFR()
	d.Body = nil
	const n = 60
	for i := range n {
		filler := strings.Repeat("x", i%9) + strings.Repeat(" mot", 12+i/9)
		d.Body = append(d.Body, Paragraph{Text: filler + " " + amount + " dus."})
	}
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, ln := range strings.Split(pdftotext(t, pdf), "\n") {
		ln = strings.Join(strings.Fields(ln), " ")
		if strings.Contains(ln, "98 765 432,10 €") {
			whole++
		} else if strings.Contains(ln, "765") || strings.Contains(ln, "432,10") {
			t.Errorf("amount broken across lines: %q", ln)
		}
	}
	if whole != n {
		t.Errorf("found the amount whole %d times, want %d", whole, n)
	}
}

// TestNothingOverflows renders long URLs, words longer than a line and a table too wide for
// the page, and checks that every word stays between the margins.
func TestNothingOverflows(t *testing.T) {
	d := reminderFR()
	long := strings.Repeat("Donaudampfschifffahrtsgesellschaftskapitän", 3)
	url := "https://portail.example.fr/paiement/" + strings.Repeat("a1b2c3d4e5/", 12) + "?reference=FA-2026-0312&montant=1234,56"
	wide := Table{Columns: []Column{{Title: "Référence"}, {Title: "Libellé"}, {Title: "Lien de paiement"}, {Title: "Échéance"}, {Title: "Montant", Align: "R"}}}
	for i := range 5 {
		wide.Rows = append(wide.Rows, []string{
			fmt.Sprintf("FA-2026-%06d-AVOIR-RECTIFICATIF", i),
			"Prestations " + long,
			url,
			"15/10/2026",
			"1" + nnbsp + "234" + nnbsp + "567,89" + nbsp + "€",
		})
	}
	wide.Total = []string{"Total", "", "", "", "6" + nnbsp + "172" + nnbsp + "839,45" + nbsp + "€"}
	d.Body = []Block{
		Paragraph{Text: "Lien : " + url + " et mot " + long + " fin."},
		Paragraph{Text: url, Align: "L"},
		wide,
		Paragraph{Text: long, Align: "R"},
	}
	d.Recipient.Lines[0] = "Résidence les Jardins de la Méditerranée, bâtiment B, escalier 4"
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wordBoxes(t, pdf) {
		if w.xMin < marginL-0.2 || w.xMax > pageW-marginR+0.2 {
			t.Errorf("page %d: %q spans %.1f to %.1f mm, outside the margins", w.page, w.text, w.xMin, w.xMax)
		}
	}
	tl := mustFaces(t).measureTable(wide)
	if tl.pt >= tablePt {
		t.Errorf("the wide table kept %.1f pt; want it smaller", tl.pt)
	}
	text := strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
	if !strings.Contains(text, "1 234 567,89 €") {
		t.Error("an amount of the wide table was cut")
	}
}

// TestDeterministic checks that the same documents give the same bytes: twice in this
// process, and in a fresh process (other map orders, fonts cut again).
func TestDeterministic(t *testing.T) {
	if os.Getenv("LETTER_PRINT_HASH") == "1" {
		pdf, err := PDF(formalNoticeFR(), statementFR(), reminderEN())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("hash=%s\n", Hash(pdf))
		return
	}
	docs := []Document{formalNoticeFR(), statementFR(), reminderEN()}
	a, err := PDF(docs...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PDF(formalNoticeFR(), statementFR(), reminderEN())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same documents differ")
	}
	for _, m := range []string{"/CreationDate (D:20261123000000)", "/Producer (relance)"} {
		if !bytes.Contains(a, []byte(m)) {
			t.Errorf("the PDF lacks %s", m)
		}
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestDeterministic$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LETTER_PRINT_HASH=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`hash=([0-9a-f]{64})`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("child process printed no hash:\n%s", out)
	}
	if got, want := string(m[1]), Hash(a); got != want {
		t.Errorf("a fresh process renders hash %s, this one %s", got, want)
	}

	// And a change of input changes the bytes.
	d := formalNoticeFR()
	d.Date = civil.D(2026, time.November, 24)
	c, err := PDF(d, statementFR(), reminderEN())
	if err != nil {
		t.Fatal(err)
	}
	if Hash(c) == Hash(a) {
		t.Error("a different date gave the same hash")
	}
}

// TestPageNumbers checks "Page n/total" on a multi-page statement, the table header repeated
// on every page and the total printed once, and in a combined PDF that each letter counts its
// own pages and starts on a new page.
func TestPageNumbers(t *testing.T) {
	pdf, err := PDF(statementFR())
	if err != nil {
		t.Fatal(err)
	}
	ps := pages(pdftotext(t, pdf, "-layout"))
	if len(ps) < 3 {
		t.Fatalf("the 80-line statement takes %d pages, want at least 3", len(ps))
	}
	pageRE := regexp.MustCompile(`Page (\d+)/(\d+)`)
	for i, p := range ps {
		m := pageRE.FindAllStringSubmatch(p, -1)
		if len(m) != 1 || m[0][1] != fmt.Sprint(i+1) || m[0][2] != fmt.Sprint(len(ps)) {
			t.Errorf("page %d says %v, want Page %d/%d", i+1, m, i+1, len(ps))
		}
		if !regexp.MustCompile(`Date +Pièce +Libellé +Échéance +Débit +Crédit`).MatchString(p) {
			t.Errorf("page %d lacks the table header", i+1)
		}
		if got := strings.Count(p, "Totaux"); got != map[bool]int{true: 1, false: 0}[i == len(ps)-1] {
			t.Errorf("page %d shows the total %d times", i+1, got)
		}
	}
	all := strings.Join(ps, "")
	for i := range 80 {
		ref := fmt.Sprintf("FA-2026-%04d", 200+i)
		if i%3 == 2 {
			ref = fmt.Sprintf("RG-%04d", i)
		}
		if n := strings.Count(all, ref); n != 1 {
			t.Errorf("statement line %s printed %d times", ref, n)
		}
	}

	combined, err := PDF(reminderFR(), statementFR(), formalNoticeFR())
	if err != nil {
		t.Fatal(err)
	}
	ps = pages(pdftotext(t, combined, "-layout"))
	var got []string
	for _, p := range ps {
		got = append(got, pageRE.FindString(p))
	}
	want := []string{"Page 1/1", "Page 1/4", "Page 2/4", "Page 3/4", "Page 4/4", "Page 1/2", "Page 2/2"}
	if !slices.Equal(got, want) {
		t.Errorf("combined PDF pages say %v, want %v", got, want)
	}
	for i, name := range map[int]string{0: "Boulangerie Dupré SARL", 1: "Boulangerie Dupré SARL", 5: "Transports Bérard et Fils SARL"} {
		if i < len(ps) && !strings.Contains(ps[i], "Objet : ") {
			t.Errorf("page %d of the combined PDF does not start a letter", i+1)
		}
		if i < len(ps) && !strings.Contains(ps[i], name) {
			t.Errorf("page %d of the combined PDF lacks its recipient %q", i+1, name)
		}
	}
}

// TestFullFontFallback renders characters outside the cut faces (Greek, Cyrillic) with the
// full faces, and characters beyond the Basic Multilingual Plane as U+FFFD.
func TestFullFontFallback(t *testing.T) {
	d := reminderEN()
	d.Recipient.Name = "Παπαδόπουλος Α.Ε."
	d.Recipient.Attention = "Иван Петров"
	d.Body = append(d.Body, Paragraph{Text: "Emoji 🙂 and decomposed e\u0301 become � and é."})
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, pdf, "-layout")
	for _, s := range []string{"Παπαδόπουλος", "Иван Петров", "Emoji � and decomposed é become"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext output lacks %q", s)
		}
	}
}

// TestInvalid checks that template mistakes are reported with the document and the field,
// and that nothing is written.
func TestInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Document)
		want   string
	}{
		{"language", func(d *Document) { d.Lang = "de" }, `document 2 (Boulangerie Dupré SARL): lang "de"`},
		{"recipient", func(d *Document) { d.Recipient.Name = " " }, "recipient: name is empty"},
		{"address", func(d *Document) { d.Recipient.Lines = nil }, "recipient: address has no lines"},
		{"long address", func(d *Document) { d.Recipient.Lines = []string{"1", "2", "3", "4", "5", "6", "7"} }, "address has 9 lines"},
		{"sender", func(d *Document) { d.Sender.Name = "" }, "sender: name is empty"},
		{"date", func(d *Document) { d.Date = civil.Date{} }, "date is missing"},
		{"row", func(d *Document) {
			d.Body = append(d.Body, Table{Columns: []Column{{Title: "a"}, {Title: "b"}}, Rows: [][]string{{"1", "2"}, {"3"}}})
		}, "body block 6: table row 2 has 1 cells, want 2"},
		{"total", func(d *Document) {
			d.Body = append(d.Body, Table{Columns: []Column{{Title: "a"}}, Total: []string{"1", "2"}})
		}, "table total has 2 cells, want 1"},
		{"widths", func(d *Document) {
			d.Body = append(d.Body, Table{Columns: []Column{{Title: "a", Width: 0.7}, {Title: "b", Width: 0.5}}})
		}, "widths add up to 1.2"},
		{"align", func(d *Document) { d.Body = append(d.Body, Paragraph{Text: "x", Align: "justify"}) }, `align "justify"`},
		{"spacer", func(d *Document) { d.Body = append(d.Body, Spacer{MM: -3}) }, "spacer of -3 mm"},
		{"nil", func(d *Document) { d.Body = append(d.Body, nil) }, "nil block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := reminderFR()
			tt.change(&d)
			var out bytes.Buffer
			err := Render(&out, reminderEN(), d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written despite the error", out.Len())
			}
		})
	}
	if err := Render(&bytes.Buffer{}); err == nil {
		t.Error("rendering no document succeeded")
	}
}

func TestHash(t *testing.T) {
	if got := Hash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
}

// TestTallRowSplits checks that a table row taller than a page continues on the next pages
// instead of running into the footer.
func TestTallRowSplits(t *testing.T) {
	d := reminderFR()
	var cell []string
	for i := range 150 {
		cell = append(cell, fmt.Sprintf("ligne%03d", i))
	}
	d.Body = []Block{Table{
		Columns: []Column{{Title: "Pièce", Width: 0.2}, {Title: "Historique"}},
		Rows:    [][]string{{"FA-1", "court"}, {"FA-2", strings.Join(cell, "\n")}, {"FA-3", "court"}},
		Total:   []string{"Total", "3 pièces"},
	}}
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	fc := mustFaces(t)
	l := &layouter{fc: fc, d: &d}
	l.planFooter()
	seen := map[string]int{}
	for _, w := range wordBoxes(t, pdf) {
		if strings.HasPrefix(w.text, "ligne") {
			seen[w.text]++
			if w.yMax > l.bottom+0.5 {
				t.Errorf("page %d: %s ends at %.1f mm, below the text area (%.1f mm)", w.page, w.text, w.yMax, l.bottom)
			}
		}
	}
	for _, c := range cell {
		if seen[c] != 1 {
			t.Errorf("%s printed %d times", c, seen[c])
		}
	}
	ps := pages(pdftotext(t, pdf, "-layout"))
	if len(ps) < 3 {
		t.Errorf("150 lines in one row took %d pages", len(ps))
	}
	for i, p := range ps {
		if !strings.Contains(p, "Historique") {
			t.Errorf("page %d lacks the repeated header", i+1)
		}
	}
}

// TestConcurrentRender renders from several goroutines, as the outbox workers do: the fonts
// are shared read-only, each render has its own PDF.
func TestConcurrentRender(t *testing.T) {
	want, err := PDF(formalNoticeFR())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := PDF(formalNoticeFR())
			if err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(got, want) {
				t.Error("a concurrent render differs")
			}
		})
	}
	wg.Wait()
}
