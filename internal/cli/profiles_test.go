package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

type suggestion struct {
	CustomerRef string `json:"customer_ref"`
	Current     string `json:"current"`
	Suggested   string `json:"suggested"`
	Differs     bool   `json:"differs"`
	Applied     bool   `json:"applied"`
	Reasons     []struct {
		Code string `json:"code"`
		FR   string `json:"fr"`
		EN   string `json:"en"`
	} `json:"reasons"`
	Stats struct {
		InvoicesPaid int `json:"invoices_paid"`
	} `json:"stats"`
}

func suggestions(t *testing.T, db string, args ...string) []suggestion {
	t.Helper()
	var out []suggestion
	if err := json.Unmarshal([]byte(runOK(t, db, append([]string{"profiles", "suggest", "--format", "json"}, args...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestProfileSuggestionsFromTheDemoHistoryAndApplyingThem(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	runOK(t, db, "demo", "--customers", "20")
	list := suggestions(t, db)
	if len(list) == 0 {
		t.Fatal("no suggestion on the demo data")
	}
	// The demo draws each customer's payments from its profile: the history must give it back.
	var same suggestion
	for _, s := range list {
		if len(s.Reasons) == 0 || s.Reasons[0].Code == "" || s.Reasons[0].FR == "" {
			t.Errorf("%s: no reason given: %+v", s.CustomerRef, s)
		}
		if s.Suggested != "" && s.Suggested == s.Current && same.CustomerRef == "" {
			same = s
		}
	}
	if same.CustomerRef == "" {
		t.Fatalf("no suggestion matches the demo's profiles: %+v", list)
	}
	// Someone set it wrong by hand; --apply puts it back and says so.
	other := "careless"
	if same.Current == "careless" {
		other = "good_payer"
	}
	runOK(t, db, "profiles", "set", same.CustomerRef, other)
	out := runOK(t, db, "profiles", "suggest", "--changed")
	if !strings.Contains(out, same.CustomerRef) || !strings.Contains(out, "change") || !strings.Contains(out, "set them with --apply") {
		t.Errorf("suggest --changed:\n%s", out)
	}
	out = runOK(t, db, "profiles", "suggest", "--apply")
	if !strings.Contains(out, "profile(s) set.") {
		t.Errorf("apply:\n%s", out)
	}
	for _, s := range suggestions(t, db) {
		if s.CustomerRef == same.CustomerRef && (s.Current != same.Current || s.Differs) {
			t.Errorf("after --apply: %+v", s)
		}
	}
	if hist := runOK(t, db, "customer", "history", same.CustomerRef); strings.Count(hist, "Profil payeur") != 2 || !strings.Contains(hist, "suggéré") {
		t.Errorf("history:\n%s", hist)
	}
	if few := suggestions(t, db, "--min-invoices", "1000"); len(few) != 0 {
		t.Errorf("--min-invoices 1000 left %d customers", len(few))
	}
}

func TestProfilesSetTakesFrenchNamesAndNoneAndRefusesUnknownOnes(t *testing.T) {
	db := accountsDB(t)
	if out := runOK(t, db, "profiles", "set", "C1", "mauvais payeur"); !strings.Contains(out, "Customer C1 is now bad_payer (mauvais payeur).") {
		t.Errorf("set: %s", out)
	}
	if got := dryRunSteps(t, db)["C1"]; len(got) == 0 || !strings.HasSuffix(got[0], "@bad-payer-fr") {
		t.Errorf("a bad payer follows %v", got)
	}
	if out := runOK(t, db, "profiles", "set", "C1", "none"); !strings.Contains(out, "Customer C1 has no payer profile now.") {
		t.Errorf("none: %s", out)
	}
	if e := runFails(t, 2, db, "profiles", "set", "C1", "deadbeat"); !strings.Contains(e, "unknown payer profile") {
		t.Errorf("unknown profile: %s", e)
	}
	if e := runFails(t, 1, db, "profiles", "set", "C9", "careless"); !strings.Contains(e, `no customer with reference "C9"`) {
		t.Errorf("unknown customer: %s", e)
	}
	if e := runFails(t, 2, db, "profiles", "suggest", "--min-invoices", "-1"); !strings.Contains(e, "--min-invoices") {
		t.Errorf("negative minimum: %s", e)
	}
}
