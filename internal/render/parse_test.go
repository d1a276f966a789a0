package render

import (
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
)

// Parse accepts what a user may write and rejects, naming the part and the line, what would
// fail when sent: a syntax error, an unknown variable anywhere (even in a branch the sample
// does not take), an unknown function, a table in the subject.
func TestParseNamesTheFaultAndItsLine(t *testing.T) {
	cases := []struct {
		name, subject, body string
		part                string
		line                int
		msg                 string // empty: Parse must accept
	}{
		{"good", "Facture {{list .InvoiceNumbers}}", "Bonjour,\n\n{{invoiceTable}}\n\n{{money .Total}}", "", 0, ""},
		{"root variable in a range", "s", "{{range .Invoices}}{{.Number}} {{$.Customer.Name}}{{end}}", "", 0, ""},
		{"declared variable", "s", "{{with $p := .Promise}}{{money $p.Amount}}{{end}}", "", 0, ""},
		{"range with index", "s", "{{range $i, $l := .Invoices}}{{$i}} {{$l.Open}}{{end}}", "", 0, ""},
		{"method", "s", "{{.Company.DisplayName}} {{.Plan.Total}} {{.Count}}", "", 0, ""},
		{"else with", "s", "{{with .Registered}}{{.Number}}{{else with .Promise}}{{.Date}}{{end}}", "", 0, ""},

		{"unknown variable", "s", "Bonjour,\n\n{{.Customer.Nme}}", "body", 3, "unknown variable .Customer.Nme"},
		{"unknown top-level variable", "s", "{{.Totl}}", "body", 1, "unknown variable .Totl"},
		{"in a branch not taken", "s", "a\nb\n{{if .Consumer}}\n{{.Penalties.Interst}}{{end}}", "body", 4, ".Penalties.Interst"},
		{"inside range", "s", "{{range .Invoices}}\n{{.Numbr}}\n{{end}}", "body", 2, ".Numbr"},
		{"inside with", "s", "{{with .Promise}}{{.Amont}}{{end}}", "body", 1, ".Amont"},
		{"declared variable", "s", "{{$p := .Promise}}\n{{$p.Amont}}", "body", 2, "$p.Amont"},
		{"subject", "Facture {{.Nombre}}", "b", "subject", 1, ".Nombre"},
		{"syntax error", "s", "Bonjour,\n\n{{if .Consumer}}\noui", "body", 4, "unexpected EOF"},
		{"unclosed action", "s", "a\n{{money .Total", "body", 2, "unclosed action"},
		{"unknown function", "s", "a\nb\n{{euros .Total}}", "body", 3, `function "euros" not defined`},
		{"wrong argument", "s", "{{money .Count}}", "body", 1, "wrong type"},
		{"optional part unguarded", "s", "a\n{{money .Penalties.Total}}", "body", 2, "{{with .Penalties}}"},
		{"optional part guarded", "s", "{{with .Penalties}}{{money .Total}}{{end}}", "", 0, ""},
		{"table in subject", "{{invoiceTable}}", "b", "subject", 1, "tables belong in the body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Parse(Template{Key: "k", Lang: "fr", Channel: dunning.Email, Subject: c.subject, Body: c.body})
			if c.msg == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if e.Part != c.part || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("got %q (part %q, line %d), want %s line %d containing %q", err, e.Part, e.Line, c.part, c.line, c.msg)
			}
		})
	}
}

func TestParseRefusesWhatIsNotText(t *testing.T) {
	for _, tp := range []Template{
		{Lang: "fr", Channel: dunning.Email, Subject: "s"},
		{Key: "k", Lang: "de", Channel: dunning.Email, Subject: "s"},
		{Key: "k", Lang: "fr", Channel: dunning.RegisteredLetter, Subject: "s"},
		{Key: "k", Lang: "fr", Channel: "fax", Subject: "s"},
		{Key: "k", Lang: "fr", Channel: dunning.Letter, Subject: " "},
		{Key: "k", Lang: "fr", Channel: dunning.Email, Subject: "a\nb"},
	} {
		if err := Parse(tp); err == nil {
			t.Errorf("%+v accepted", tp)
		}
	}
	// A call script or a checklist may do without a subject.
	if err := Parse(Template{Key: "k", Lang: "en", Channel: dunning.Call, Body: "# Call\n- ask"}); err != nil {
		t.Error(err)
	}
}

func TestReadTemplates(t *testing.T) {
	ts, err := ReadTemplates("k", "fr", "What it is for.\n-- email --\nSubject: Hello\n\nBody\n\n-- call --\nSubject: Call\n# Opening\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Channel != dunning.Email || ts[0].Subject != "Hello" || ts[0].Body != "Body\n" ||
		ts[1].Channel != dunning.Call || ts[1].Body != "# Opening\n" {
		t.Errorf("got %+v", ts)
	}
	if _, err := ReadTemplates("k", "fr", "-- email --\nBody without subject\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("missing subject: %v", err)
	}
	if _, err := ReadTemplates("k", "fr", "no section"); err == nil {
		t.Error("a file without a section was accepted")
	}
}
