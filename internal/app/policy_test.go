package app_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func entry(list []app.PolicyEntry, name string) (app.PolicyEntry, int) {
	i := slices.IndexFunc(list, func(e app.PolicyEntry) bool { return e.Name == name })
	if i < 0 {
		return app.PolicyEntry{}, 0
	}
	n := 0
	for _, e := range list {
		if e.Name == name {
			n++
		}
	}
	return list[i], n
}

func TestPolicyListShowsTheShippedDefaultsAndWhichProfilesUseWhich(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		list, err := a.Policies(ctx, co)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(dunning.Defaults()) || list[0].Name != dunning.DefaultPolicyName || !list[0].Default || list[0].Source != app.PolicyShipped {
			t.Fatalf("a new company's policies = %+v", list)
		}
		if e, _ := entry(list, "bad-payer-fr"); !slices.Equal(e.Profiles, []receivable.Profile{receivable.BadPayer}) || e.Default || e.Steps == 0 {
			t.Errorf("bad-payer-fr = %+v", e)
		}
		// The company sends its bad payers through the standard process instead.
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "standard-fr", Profile: receivable.BadPayer}, "marie"); err != nil {
			t.Fatal(err)
		}
		list, _ = a.Policies(ctx, co)
		if e, _ := entry(list, "standard-fr"); !slices.Equal(e.Profiles, []receivable.Profile{receivable.BadPayer}) {
			t.Errorf("standard-fr after the assignment = %+v", e)
		}
		if e, _ := entry(list, "bad-payer-fr"); len(e.Profiles) != 0 {
			t.Errorf("bad-payer-fr after the assignment = %+v", e)
		}
		// Unassigned, the profile goes back to its shipped policy.
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Profile: receivable.BadPayer}, "marie"); err != nil {
			t.Fatal(err)
		}
		list, _ = a.Policies(ctx, co)
		if e, _ := entry(list, "bad-payer-fr"); !slices.Equal(e.Profiles, []receivable.Profile{receivable.BadPayer}) {
			t.Errorf("bad-payer-fr after unassigning = %+v", e)
		}
	})
}

func TestImportedPolicyOverridesTheShippedOneOfTheSameName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00") // nine days late: the call of D+8
		if acts := dryRun(t, a, co, day)["C1"].Actions; len(acts) != 1 || acts[0].Step != "appel-1" {
			t.Fatalf("with the shipped policy: %+v", acts)
		}
		file, err := a.ExportPolicy(ctx, co, "standard-fr", app.PolicyYAML)
		if err != nil {
			t.Fatal(err)
		}
		// The company calls at D+10 rather than D+8.
		edited := bytes.Replace(file, []byte("offset_days: 8,"), []byte("offset_days: 10,"), 1)
		if bytes.Equal(edited, file) {
			t.Fatalf("the exported file has no step at offset 8:\n%s", file)
		}
		d, err := a.ImportPolicy(ctx, co, app.ImportPolicyParams{Data: edited, Source: "standard-fr.yaml"}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		if d.Source != app.PolicyOverride || !d.Default || d.Steps[d.StepIndex("appel-1")].OffsetDays != 10 {
			t.Errorf("imported = %+v", d)
		}
		list, _ := a.Policies(ctx, co)
		if e, n := entry(list, "standard-fr"); n != 1 || e.Source != app.PolicyOverride {
			t.Errorf("standard-fr is listed %d times, %+v", n, e)
		}
		// Not yet time for the call: the e-mail of D+1 is the latest step due.
		if acts := dryRun(t, a, co, day)["C1"].Actions; len(acts) != 1 || acts[0].Step != "relance-1" {
			t.Errorf("the run still follows the shipped policy: %+v", acts)
		}
	})
}

func TestImportOfABadPolicyNamesTheStepFieldAndLineAndStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		file := `name: maison
min_days_between_contacts: 5
promise_grace_days: 3
steps:
  - {name: relance-1, phase: level1, offset_days: 1, channel: email, template: level1}
  - {name: appel, phase: level1, offset_days: 8, channel: pigeon, template: call-level1}
`
		_, err := a.ImportPolicy(ctx, co, app.ImportPolicyParams{Data: []byte(file), Source: "maison.yaml"}, "marie")
		var pe *dunning.PolicyError
		if !errors.As(err, &pe) || pe.Step != 2 || pe.Field != "channel" || pe.Line != 6 || !strings.Contains(err.Error(), "maison.yaml") {
			t.Fatalf("err = %v (%+v)", err, pe)
		}
		if _, err := a.Policy(ctx, co, "maison"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the bad policy was stored: %v", err)
		}
	})
}

func TestImportWithDefaultMakesItTheCompanysDefaultAndExportGivesItBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		file := `name: maison
min_days_between_contacts: 4
promise_grace_days: 2
steps:
  - {name: relance-1, phase: level1, offset_days: 3, channel: email, template: level1}
  - {name: recommande, phase: level3, offset_days: 30, channel: registered_letter, template: formal-notice, min_amount: "150.00", approval: true, penalties: true}
`
		d, err := a.ImportPolicy(ctx, co, app.ImportPolicyParams{Data: []byte(file), MakeDefault: true}, "marie")
		if err != nil || !d.Default || d.Source != app.PolicyStored {
			t.Fatalf("import = %+v, %v", d, err)
		}
		list, _ := a.Policies(ctx, co)
		if list[0].Name != "maison" || !list[0].Default {
			t.Errorf("the default is not listed first: %+v", list[0])
		}
		if e, _ := entry(list, "standard-fr"); e.Default {
			t.Error("standard-fr is still the default")
		}
		for _, format := range []string{app.PolicyYAML, app.PolicyJSON} {
			out, err := a.ExportPolicy(ctx, co, "maison", format)
			if err != nil {
				t.Fatal(err)
			}
			back, err := dunning.ParsePolicy(out)
			if err != nil || back.Name != "maison" || len(back.Steps) != 2 || back.Steps[1].MinAmount != 15000 || !back.Steps[1].Approval {
				t.Errorf("%s export does not read back the same: %+v, %v\n%s", format, back, err, out)
			}
		}
		if _, err := a.ExportPolicy(ctx, co, "maison", "xml"); err == nil {
			t.Error("export as xml was accepted")
		}
		if _, err := a.ExportPolicy(ctx, co, "nope", app.PolicyYAML); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("export of an unknown policy: %v", err)
		}
	})
}

func TestPolicyAssignedToACustomerIsTheOneTheRunFollows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, co := company(t, db)
		cu := storetest.Customer(t, db, co.ID, "C1")
		storetest.Invoice(t, db, cu, "F1", "2026-11-14", "500.00")
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "bad-payer-fr", CustomerRef: "C1"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := dryRun(t, a, co, day)["C1"].Policy; got != "bad-payer-fr" {
			t.Errorf("the run follows %s", got)
		}
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{CustomerRef: "C1"}, "marie"); err != nil {
			t.Fatal(err)
		}
		if got := dryRun(t, a, co, day)["C1"].Policy; got != "standard-fr" {
			t.Errorf("unassigned, the run follows %s", got)
		}
		if got := eventKinds(t, db, co, cu); !slices.Equal(got, []string{"policy_assign", "policy_assign"}) {
			t.Errorf("timeline = %v", got)
		}
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "nope", CustomerRef: "C1"}, "marie"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown policy: %v", err)
		}
		var in *app.InputError
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "standard-fr", CustomerRef: "C1", Profile: receivable.Careless}, "marie"); !errors.As(err, &in) {
			t.Errorf("customer and profile at once: %v", err)
		}
		if err := a.AssignPolicy(ctx, co, app.AssignPolicyParams{Name: "standard-fr", Profile: "mauvais payeur"}, "marie"); !errors.As(err, &in) {
			t.Errorf("profile not given by its code: %v", err)
		}
	})
}
