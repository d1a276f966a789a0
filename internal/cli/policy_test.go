package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type policyLine struct {
	Name     string   `json:"name"`
	Steps    int      `json:"steps"`
	Source   string   `json:"source"`
	Default  bool     `json:"default"`
	Profiles []string `json:"profiles"`
}

func policyList(t *testing.T, db string) map[string]policyLine {
	t.Helper()
	var list []policyLine
	if err := json.Unmarshal([]byte(runOK(t, db, "policy", "list", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]policyLine{}
	for _, p := range list {
		if _, dup := out[p.Name]; dup {
			t.Errorf("policy %s listed twice", p.Name)
		}
		out[p.Name] = p
	}
	return out
}

func TestPolicyListMarksTheShippedDefaultsAndWhichProfilesUseWhich(t *testing.T) {
	db := accountsDB(t)
	list := policyList(t, db)
	if len(list) != 8 || !list["standard-fr"].Default || list["standard-fr"].Source != "shipped" ||
		strings.Join(list["bad-payer-fr"].Profiles, ",") != "bad_payer" || list["bad-payer-fr"].Steps == 0 {
		t.Errorf("policies = %+v", list)
	}
	out := runOK(t, db, "policy", "list")
	if !strings.HasPrefix(out, "name ") || !strings.Contains(strings.Split(out, "\n")[1], "standard-fr        shipped  default") {
		t.Errorf("table:\n%s", out)
	}
	out = runOK(t, db, "policy", "assign", "standard-fr", "--profile", "mauvais payeur")
	if !strings.Contains(out, "Customers of profile bad_payer (mauvais payeur) now follow policy standard-fr.") {
		t.Errorf("assign: %s", out)
	}
	list = policyList(t, db)
	if strings.Join(list["standard-fr"].Profiles, ",") != "bad_payer" || len(list["bad-payer-fr"].Profiles) != 0 {
		t.Errorf("after the assignment: %+v %+v", list["standard-fr"], list["bad-payer-fr"])
	}
	runOK(t, db, "policy", "assign", "--unassign", "--profile", "bad_payer")
	if list = policyList(t, db); strings.Join(list["bad-payer-fr"].Profiles, ",") != "bad_payer" {
		t.Errorf("after unassigning: %+v", list["bad-payer-fr"])
	}
}

func TestPolicyShowPrintsEachStepReadably(t *testing.T) {
	db := accountsDB(t)
	out := runOK(t, db, "policy", "show", "standard-fr")
	for _, want := range []string{"standard-fr (the company's default, shipped with relance)", "At least 5 days between two contacts",
		"D-5", "rappel-preventif", "préventif", "D+42", "mise-en-demeure", "niveau 3 (mise en demeure)", "registered_letter", "formal-notice", "50,00\u00a0€", "yes"} {
		if !strings.Contains(out, want) {
			t.Errorf("show does not say %q:\n%s", want, out)
		}
	}
	var d struct {
		Name    string `json:"name"`
		Default bool   `json:"default"`
		Steps   []struct {
			Name      string `json:"name"`
			MinAmount string `json:"min_amount"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(runOK(t, db, "policy", "show", "standard-fr", "--format", "json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "standard-fr" || !d.Default || len(d.Steps) != 8 || d.Steps[4].MinAmount != "50.00" {
		t.Errorf("json = %+v", d)
	}
	if e := runFails(t, 1, db, "policy", "show", "nope"); !strings.Contains(e, `no policy "nope"`) {
		t.Errorf("unknown policy: %s", e)
	}
}

func TestImportedPolicyOverridesTheShippedOneOfTheSameNameFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	file := filepath.Join(t.TempDir(), "standard-fr.yaml")
	if out := runOK(t, db, "policy", "export", "standard-fr", "--out", file); !strings.Contains(out, "written to") {
		t.Errorf("export: %s", out)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "name: standard-fr\n") || !strings.Contains(string(b), `min_amount: "50.00"`) {
		t.Errorf("exported file:\n%s", b)
	}
	// C1 is 9 days late: the call of D+8. The company moves it to D+10.
	if got := dryRunSteps(t, db)["C1"]; strings.Join(got, " ") != "appel-1@standard-fr" {
		t.Fatalf("before: %v", got)
	}
	os.WriteFile(file, []byte(strings.Replace(string(b), "offset_days: 8,", "offset_days: 10,", 1)), 0o644)
	out := runOK(t, db, "policy", "import", file)
	if !strings.Contains(out, "it replaces the shipped policy of that name") || !strings.Contains(out, "D+10") {
		t.Errorf("import: %s", out)
	}
	if p := policyList(t, db)["standard-fr"]; p.Source != "override" || !p.Default {
		t.Errorf("listed as %+v", p)
	}
	if got := dryRunSteps(t, db)["C1"]; strings.Join(got, " ") != "relance-1@standard-fr" {
		t.Errorf("after the import: %v", got)
	}
}

func TestImportOfABadPolicyNamesTheStepFieldAndLineAndStoresNothingFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	file := filepath.Join(t.TempDir(), "maison.yaml")
	os.WriteFile(file, []byte(`name: maison
min_days_between_contacts: 5
promise_grace_days: 3
steps:
  - {name: relance-1, phase: level1, offset_days: 1, channel: email, template: level1}
  - {name: appel, phase: level1, offset_days: 8, channel: pigeon, template: call-level1}
`), 0o644)
	e := runFails(t, 1, db, "policy", "import", file)
	for _, want := range []string{"maison.yaml", "step 2 (appel)", `unknown channel "pigeon"`, "line 6"} {
		if !strings.Contains(e, want) {
			t.Errorf("error does not say %q: %s", want, e)
		}
	}
	if _, ok := policyList(t, db)["maison"]; ok {
		t.Error("the bad policy was stored")
	}
	// Fixed, and made the default.
	b, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(b), "pigeon", "call", 1)), 0o644)
	if out := runOK(t, db, "policy", "import", file, "--default"); !strings.Contains(out, "Stored policy maison: 2 steps, the company's default.") {
		t.Errorf("import: %s", out)
	}
	list := policyList(t, db)
	if !list["maison"].Default || list["standard-fr"].Default || list["maison"].Source != "stored" {
		t.Errorf("after --default: %+v", list)
	}
	out := runOK(t, db, "policy", "export", "maison", "--format", "json")
	var back struct {
		Name  string            `json:"name"`
		Steps []json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &back); err != nil || back.Name != "maison" || len(back.Steps) != 2 {
		t.Errorf("json export: %v\n%s", err, out)
	}
}

func TestPolicyAssignedToACustomerIsTheOneTheRunFollowsFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	if out := runOK(t, db, "policy", "assign", "bad-payer-fr", "--customer", "C1"); !strings.Contains(out, "Customer C1 now follows policy bad-payer-fr.") {
		t.Errorf("assign: %s", out)
	}
	if got := dryRunSteps(t, db)["C1"]; len(got) == 0 || !strings.HasSuffix(got[0], "@bad-payer-fr") {
		t.Errorf("C1 follows %v", got)
	}
	runOK(t, db, "policy", "assign", "--unassign", "--customer", "C1")
	if got := dryRunSteps(t, db)["C1"]; len(got) == 0 || !strings.HasSuffix(got[0], "@standard-fr") {
		t.Errorf("unassigned, C1 follows %v", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"policy", "assign", "standard-fr"}, "either --customer REF or --profile PROFILE"},
		{[]string{"policy", "assign", "standard-fr", "--customer", "C1", "--profile", "careless"}, "either --customer"},
		{[]string{"policy", "assign", "--customer", "C1"}, "--unassign"},
		{[]string{"policy", "assign", "standard-fr", "--profile", "deadbeat"}, "unknown payer profile"},
		{[]string{"policy", "export", "standard-fr", "--format", "xml"}, "want yaml or json"},
	} {
		if e := runFails(t, 2, db, tc.args...); !strings.Contains(e, tc.want) {
			t.Errorf("%v: %s", tc.args, e)
		}
	}
	if e := runFails(t, 1, db, "policy", "assign", "nope", "--customer", "C1"); !strings.Contains(e, `no policy "nope"`) {
		t.Errorf("unknown policy: %s", e)
	}
}

func TestPolicyImportReadsTheStandardInput(t *testing.T) {
	db := accountsDB(t)
	file := strings.Replace(runOK(t, db, "policy", "export", "careless-fr"), "name: careless-fr", "name: maison-negligents", 1)
	var out, errOut bytes.Buffer
	code := mainWithClock(context.Background(), []string{"--db", db, "policy", "import", "-"}, strings.NewReader(file), &out, &errOut,
		func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) })
	if code != 0 || !strings.Contains(out.String(), "Stored policy maison-negligents") {
		t.Fatalf("import -: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if p := policyList(t, db)["maison-negligents"]; p.Source != "stored" || p.Steps != policyList(t, db)["careless-fr"].Steps {
		t.Errorf("listed as %+v", p)
	}
}
