package render

import (
	"reflect"
	"strings"
	"testing"
	"text/template"
)

// Every documented variable exists: a template that uses it, inside its lists, passes the
// check of variables.
func TestVariablesResolve(t *testing.T) {
	for _, v := range Variables("fr") {
		body := "{{" + v.Name + "}}"
		for i := len(v.In) - 1; i >= 0; i-- {
			body = "{{range " + v.In[i] + "}}" + body + "{{end}}"
		}
		tmpl, err := template.New("body").Funcs((&run{}).funcs()).Parse(body)
		if err == nil {
			err = checkFields(tmpl, reflect.TypeFor[Data]())
		}
		if err != nil {
			t.Errorf("%s in %v: %v", v.Name, v.In, err)
		}
		if v.Doc == "" {
			t.Errorf("%s: no documentation", v.Name)
		}
	}
}

// Every field and method of the data is documented, so that the editor's help panel is
// complete; adding a field without documenting it fails here.
func TestEveryVariableIsDocumented(t *testing.T) {
	documented := map[string]bool{}
	for _, v := range Variables("en") {
		documented[strings.Join(append(append([]string{}, v.In...), v.Name), "")] = true
	}
	check := func(prefix string, typ reflect.Type, skip ...string) {
		names := map[string]bool{}
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); f.IsExported() {
				names[f.Name] = true
			}
		}
		for i := 0; i < typ.NumMethod(); i++ {
			if m := typ.Method(i); m.Type.NumIn() == 1 {
				names[m.Name] = true
			}
		}
		for _, s := range skip {
			delete(names, s)
		}
		for n := range names {
			if !documented[prefix+"."+n] {
				t.Errorf("%s.%s (%s) is not in the catalogue", prefix, n, typ)
			}
		}
	}
	// Company and Customer are documented for the fields a message needs; Data's own types
	// completely.
	check("", reflect.TypeFor[Data](), "Company", "Customer", "Contact", "Collector", "History")
	check(".Collector", reflect.TypeFor[Collector]())
	check(".History", reflect.TypeFor[History]())
	check(".Registered", reflect.TypeFor[Registered]())
	check(".Penalties", reflect.TypeFor[Penalties]())
	check(".Invoices", reflect.TypeFor[Line]())
	check(".Penalties.Invoices", reflect.TypeFor[InvoicePenalty]())
	check(".Penalties.Invoices.Periods", reflect.TypeFor[Period]())
}

func TestVariableExamplesComeFromTheSample(t *testing.T) {
	want := map[string]string{
		".Total":             "6\u00a0394,56\u00a0€",
		".Invoices.Number":   "FA-2026-0112",
		".Invoices.Open":     "3\u00a0000,00\u00a0€",
		".Deadline":          "20/05/2026",
		".InvoiceNumbers":    "FA-2026-0112, FA-2026-0187 et FA-2026-0231",
		".Consumer":          "false",
		".Customer.Name":     "Boulangeries Martin SARL",
		".Penalties.Invoice": "",
	}
	got := map[string]string{}
	for _, v := range Variables("fr") {
		got[strings.Join(append(append([]string{}, v.In...), v.Name), "")] = v.Example
	}
	for k, w := range want {
		if w != "" && got[k] != w {
			t.Errorf("%s: example %q, want %q", k, got[k], w)
		}
	}
	if en := Variables("en")[0].Doc; en == Variables("fr")[0].Doc {
		t.Error("the English and French documentation are the same")
	}
}

// The helpers documented are exactly those templates can call.
func TestFunctionsAreDocumented(t *testing.T) {
	docs := map[string]bool{}
	for _, f := range Functions("fr") {
		docs[f.Name] = true
		if f.Doc == "" || f.Usage == "" {
			t.Errorf("%s: incomplete documentation", f.Name)
		}
	}
	for name := range (&run{}).funcs() {
		if !docs[name] {
			t.Errorf("helper %s is not documented", name)
		}
		delete(docs, name)
	}
	for name := range docs {
		t.Errorf("%s is documented but is no helper", name)
	}
}
