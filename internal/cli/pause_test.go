package cli

import (
	"strings"
	"testing"
)

func TestPausedCustomerGetsNothingFromTheRunUntilTheDateFromTheCommandLine(t *testing.T) {
	db := accountsDB(t)
	out := runOK(t, db, "pause", "--customer", "C1", "--until", "30/11/2026", "--reason", "négociation en cours")
	if !strings.Contains(out, "Reminders of customer C1 paused until 30/11/2026 included: négociation en cours") {
		t.Errorf("pause: %s", out)
	}
	if got := dryRunInvoices(t, db); len(got["C1"]) != 0 || len(got["C2"]) == 0 {
		t.Errorf("with C1 paused, the run reminds %v", got)
	}
	if got := dryRunInvoices(t, db, "--date", "2026-12-01"); strings.Join(got["C1"], " ") != "F1 F2" {
		t.Errorf("the day after the pause, C1 reminded of %v", got["C1"])
	}
	if out := runOK(t, db, "resume", "--customer", "C1"); !strings.Contains(out, "Reminders of customer C1 resumed (the pause ran until 30/11/2026)") {
		t.Errorf("resume: %s", out)
	}
	if out := runOK(t, db, "resume", "--customer", "C1"); !strings.Contains(out, "Customer C1 was not paused: nothing changed.") {
		t.Errorf("second resume: %s", out)
	}
	hist := runOK(t, db, "customer", "history", "C1")
	if !strings.Contains(hist, "pause") || !strings.Contains(hist, "resume") || !strings.Contains(hist, "jusqu'au 30/11/2026") {
		t.Errorf("history:\n%s", hist)
	}
}

func TestPausedInvoiceLeavesTheCustomersOtherInvoicesInTheRun(t *testing.T) {
	db := accountsDB(t)
	out := runOK(t, db, "pause", "--invoice", "F1", "--until", "2026-12-15", "--reason", "avoir à venir")
	if !strings.Contains(out, "invoice F1 (customer C1)") {
		t.Errorf("pause: %s", out)
	}
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F2" {
		t.Errorf("with F1 paused, C1 reminded of %v", got)
	}
	runOK(t, db, "resume", "--invoice", "F1")
	if got := dryRunInvoices(t, db)["C1"]; strings.Join(got, " ") != "F1 F2" {
		t.Errorf("once resumed, C1 reminded of %v", got)
	}
}

func TestPauseUsageErrorsExitWith2AndChangeNothing(t *testing.T) {
	db := accountsDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pause", "--until", "30/11/2026", "--reason", "x"}, "--customer REF or --invoice NUMBER"},
		{[]string{"pause", "--customer", "C1", "--invoice", "F1", "--until", "30/11/2026", "--reason", "x"}, "either --customer"},
		{[]string{"pause", "--customer", "C1", "--reason", "x"}, "--until DATE and --reason TEXT are required"},
		{[]string{"pause", "--customer", "C1", "--until", "31/02/2026", "--reason", "x"}, "--until: invalid date"},
		{[]string{"pause", "--customer", "C1", "--until", "01/11/2026", "--reason", "x"}, "that day has passed"},
		{[]string{"resume"}, "either --customer"},
	} {
		if e := runFails(t, 2, db, tc.args...); !strings.Contains(e, tc.want) {
			t.Errorf("%v: %s", tc.args, e)
		}
	}
	if e := runFails(t, 1, db, "pause", "--customer", "C9", "--until", "30/11/2026", "--reason", "x"); !strings.Contains(e, `no customer with reference "C9"`) {
		t.Errorf("unknown customer: %s", e)
	}
	if got := dryRunInvoices(t, db)["C1"]; len(got) != 2 {
		t.Errorf("a refused pause changed the run: %v", got)
	}
}
