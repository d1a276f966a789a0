package cli

import (
	"strings"
	"testing"
)

func TestCustomerAssignSetsTheCollectorTheWorklistFiltersOnAndAnEmptyOneClearsIt(t *testing.T) {
	db := accountsDB(t)
	runOK(t, db, "run")
	// C1 was julien's: it becomes Julie's, by her e-mail address.
	if out := runOK(t, db, "customer", "assign", "C1", "--collector", " julie@atelier.example "); !strings.Contains(out, "Customer C1 is followed by julie@atelier.example.") {
		t.Errorf("assign: %s", out)
	}
	if _, todo, _ := worklist(t, db, "--collector", "julie@atelier.example"); strings.Join(todo, ", ") != "C1 appel-1" {
		t.Errorf("julie's worklist: %v", todo)
	}
	if _, todo, _ := worklist(t, db, "--collector", "julien"); strings.Join(todo, ", ") != "C4 contentieux" {
		t.Errorf("julien's worklist: %v", todo)
	}
	if out := runOK(t, db, "customers", "list", "--collector", "julie@atelier.example", "--format", "csv"); !strings.Contains(out, "\nC1,") || strings.Count(out, "\n") != 2 {
		t.Errorf("julie's customers:\n%s", out)
	}
	if hist := runOK(t, db, "customer", "history", "C1"); !strings.Contains(hist, "Gestionnaire du compte : julien → julie@atelier.example") {
		t.Errorf("history:\n%s", hist)
	}
	// The plural spelling works as well; "" clears it.
	if out := runOK(t, db, "customers", "assign", "C1", "--collector", ""); !strings.Contains(out, "Customer C1 has no collector now.") {
		t.Errorf("clear: %s", out)
	}
	if _, todo, _ := worklist(t, db, "--collector", "julie@atelier.example"); len(todo) != 0 {
		t.Errorf("julie's worklist after the clear: %v", todo)
	}
}

func TestCustomerAssignRefusesAMissingOrTooLongCollectorAsAUsageError(t *testing.T) {
	db := accountsDB(t)
	if errOut := runFails(t, 2, db, "customer", "assign", "C1"); !strings.Contains(errOut, "--collector") {
		t.Errorf("no --collector: %s", errOut)
	}
	if errOut := runFails(t, 2, db, "customer", "assign", "C1", "--collector", strings.Repeat("x", 201)); !strings.Contains(errOut, "at most 200 characters") {
		t.Errorf("201 characters: %s", errOut)
	}
	if errOut := runFails(t, 1, db, "customer", "assign", "C9", "--collector", "julie"); !strings.Contains(errOut, `no customer with reference "C9"`) {
		t.Errorf("unknown customer: %s", errOut)
	}
	if out := runOK(t, db, "customers", "list", "--collector", "julien", "--format", "csv"); !strings.Contains(out, "\nC1,") {
		t.Errorf("a refused assignment changed C1:\n%s", out)
	}
}
