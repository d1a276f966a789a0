package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// registeredKeys are sent by registered letter in the default policies: their letters are
// rendered with the LRAR mention.
var registeredKeys = map[string]bool{dunning.TemplateLevel2: true, dunning.TemplateLevel2Proof: true, dunning.TemplateFormalNotice: true}

// consumerKeys also get a golden file for a consumer customer, where the law differs.
var consumerKeys = map[string]bool{dunning.TemplateLevel2: true, dunning.TemplateFormalNotice: true}

// TestGolden renders every default template with the sample data into its subject, text,
// HTML and letter, and compares them with testdata/golden/<lang>/<key>.<form>[.consumer].golden.
// Run with -update to rewrite them after a deliberate change, then read the diff.
func TestGolden(t *testing.T) {
	for _, tp := range Defaults() {
		variants := map[string]Data{"": SampleData(tp.Lang)}
		switch tp.Key {
		case dunning.TemplatePreventive, dunning.TemplateCallCircuit:
			variants[""] = notDueYet(SampleData(tp.Lang))
		case dunning.TemplateDebitRejected:
			variants[""] = oneInvoice(SampleData(tp.Lang))
		}
		if consumerKeys[tp.Key] {
			variants[".consumer"] = SampleConsumerData(tp.Lang)
		}
		for suffix, d := range variants {
			name := filepath.Join(tp.Lang, tp.Key+"."+string(tp.Channel)+suffix+".golden")
			t.Run(name, func(t *testing.T) {
				if tp.Channel == dunning.Letter && registeredKeys[tp.Key] {
					d.Registered = &Registered{}
				}
				m, err := Render(tp, d)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", "golden", name), dumpMessage(m))
			})
		}
	}
}

// notDueYet is the sample as it stood before the last invoice's due date: one invoice, not
// late, nothing computed, nothing sent yet. It also shows the singular forms.
func notDueYet(d Data) Data {
	d.Date = civil.D(2026, time.March, 30)
	d = oneInvoice(d)
	d.Invoices[0].DaysLate = 0
	d.History = History{}
	return d
}

// oneInvoice keeps the sample's last invoice only, unpaid, without penalties.
func oneInvoice(d Data) Data {
	d.Invoices = d.Invoices[len(d.Invoices)-1:]
	d.Total, d.Deadline, d.Penalties = 0, civil.Date{}, nil
	return d
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendering (run go test -update and read the diff):\n%s", path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line that differs, enough to find it in the file.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, wl, gl)
		}
	}
	return ""
}

// dumpMessage writes every part of a message, the letter as its text content block by block.
func dumpMessage(m Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "== subject\n%s\n\n== text\n%s\n== html\n%s\n", m.Subject, m.Text, m.HTML)
	if len(m.Enclosures) > 0 {
		fmt.Fprintf(&b, "== enclosures\n%s\n\n", strings.Join(m.Enclosures, "\n"))
	}
	if m.Letter != nil {
		b.WriteString("== letter\n")
		b.WriteString(dumpDocument(m.Letter))
	}
	return b.String()
}

func dumpDocument(d *letter.Document) string {
	var b strings.Builder
	party := func(label string, p letter.Party) {
		fmt.Fprintf(&b, "%s: %s\n", label, p.Name)
		if p.Attention != "" {
			fmt.Fprintf(&b, "  attention: %s\n", p.Attention)
		}
		for _, l := range p.Lines {
			fmt.Fprintf(&b, "  | %s\n", l)
		}
		for _, l := range p.Extra {
			fmt.Fprintf(&b, "  + %s\n", l)
		}
	}
	fmt.Fprintf(&b, "lang: %s\n", d.Lang)
	party("sender", d.Sender)
	party("recipient", d.Recipient)
	fmt.Fprintf(&b, "place: %s\ndate: %s\n", d.Place, d.Date)
	if d.Registered != "" {
		fmt.Fprintf(&b, "registered: %s\n", d.Registered)
	}
	for _, r := range d.References {
		fmt.Fprintf(&b, "reference: %s %s\n", r.Label, r.Value)
	}
	fmt.Fprintf(&b, "subject: %s\n", d.Subject)
	for _, bl := range d.Body {
		switch x := bl.(type) {
		case letter.Paragraph:
			fmt.Fprintf(&b, "\n[paragraph]\n%s\n", x.Text)
		case letter.Heading:
			fmt.Fprintf(&b, "\n[heading] %s\n", x.Text)
		case letter.Table:
			b.WriteString("\n[table]\n")
			for _, c := range x.Columns {
				fmt.Fprintf(&b, "  column %q %s %.4f\n", c.Title, c.Align, c.Width)
			}
			for _, r := range x.Rows {
				fmt.Fprintf(&b, "  row %q\n", r)
			}
			if x.Total != nil {
				fmt.Fprintf(&b, "  total %q\n", x.Total)
			}
		default:
			fmt.Fprintf(&b, "\n[%T]\n", bl)
		}
	}
	b.WriteString("\n")
	for _, s := range d.Signature {
		fmt.Fprintf(&b, "signature: %s\n", s)
	}
	for _, e := range d.Enclosures {
		fmt.Fprintf(&b, "enclosure: %s\n", e)
	}
	fmt.Fprintf(&b, "footer: %s\n", d.Footer)
	return b.String()
}
