package penalty

import (
	"testing"

	"github.com/relance-app/relance/internal/receivable"
)

// The legal note's two published examples (§5): "une facture échue au 31 juillet 2017 … il
// vous reste jusqu'au 31 juillet 2022"; "créance née le 1er avril 2020 … perd tout droit
// d'action à partir du 2 avril 2025".
func TestFiveYearsBetweenBusinessesEndOnTheSameCalendarDate(t *testing.T) {
	for _, tc := range []struct{ due, last, barred string }{
		{"2017-07-31", "2022-07-31", "2022-08-01"},
		{"2020-04-01", "2025-04-01", "2025-04-02"},
		{"2024-02-29", "2029-02-28", "2029-03-01"}, // no 29 February in 2029: the month's last day
	} {
		l, err := LimitationOf(LimitationInput{Kind: receivable.B2B, DueDate: d(tc.due)})
		if err != nil || l.Years != 5 || l.LastDay != d(tc.last) || l.BarredFrom != d(tc.barred) {
			t.Errorf("due %s: last day %s, barred from %s (%v); want %s, %s", tc.due, l.LastDay, l.BarredFrom, err, tc.last, tc.barred)
		}
	}
}

// Against a consumer: 2 years from the completion of the service, or from the due date with a
// warning when no completion date is given.
func TestTwoYearsAgainstAConsumerFromCompletion(t *testing.T) {
	l, err := LimitationOf(LimitationInput{Kind: receivable.B2C, DueDate: d("2025-03-31"), Performed: d("2025-02-15")})
	if err != nil || l.Years != 2 || l.LastDay != d("2027-02-15") || l.BarredFrom != d("2027-02-16") || len(l.Warnings) != 0 {
		t.Errorf("with completion date: %+v, %v", l, err)
	}
	l, _ = LimitationOf(LimitationInput{Kind: receivable.B2C, DueDate: d("2025-03-31")})
	if l.LastDay != d("2027-03-31") || !hasText(l.Warnings, "No completion date") {
		t.Errorf("without completion date: %s %v", l.LastDay, l.Warnings)
	}
}

// Each interruption starts a new full period from its day; a formal notice does not.
// Due 15 Jan 2020: barred from 16 Jan 2025. Acknowledgement on 10 Mar 2022 ⇒ last day
// 10 Mar 2027; partial payment on 5 May 2023 ⇒ 5 May 2028; service of an injonction de payer
// on 1 Feb 2024 ⇒ 1 Feb 2029, barred from 2 Feb 2029. A formal notice on 1 Jun 2024 is noted
// and ignored.
func TestInterruptionsRestartThePeriodButAFormalNoticeDoesNot(t *testing.T) {
	ints := []Interruption{
		{FormalNotice, d("2024-06-01")},
		{PartialPayment, d("2023-05-05")},
		{Acknowledgement, d("2022-03-10")},
		{InjunctionService, d("2024-02-01")},
	}
	l, err := LimitationOf(LimitationInput{DueDate: d("2020-01-15"), Interruptions: ints})
	if err != nil || l.From != d("2024-02-01") || l.LastDay != d("2029-02-01") || l.BarredFrom != d("2029-02-02") || len(l.Applied) != 3 {
		t.Fatalf("%+v, %v", l, err)
	}
	if !hasText(l.Notes, "formal notice of 2024-06-01 does not interrupt", "Cass. com. 18 May 2022") {
		t.Errorf("notes = %v", l.Notes)
	}
	// The notice alone changes nothing.
	l, _ = LimitationOf(LimitationInput{DueDate: d("2020-01-15"), Interruptions: []Interruption{{FormalNotice, d("2024-06-01")}}})
	if l.BarredFrom != d("2025-01-16") || len(l.Applied) != 0 {
		t.Errorf("a formal notice moved the date to %s", l.BarredFrom)
	}
}

// A payment made once the claim is barred does not revive it.
func TestInterruptionAfterTheClaimIsBarredChangesNothing(t *testing.T) {
	l, err := LimitationOf(LimitationInput{DueDate: d("2018-01-15"), Interruptions: []Interruption{{PartialPayment, d("2023-01-16")}}})
	if err != nil || l.BarredFrom != d("2023-01-16") || len(l.Applied) != 0 || !hasText(l.Notes, "after the claim was time-barred") {
		t.Errorf("%+v, %v", l, err)
	}
	// The last day itself still counts: a payment on it restarts the period.
	l, _ = LimitationOf(LimitationInput{DueDate: d("2018-01-15"), Interruptions: []Interruption{{PartialPayment, d("2023-01-15")}}})
	if l.BarredFrom != d("2028-01-16") {
		t.Errorf("payment on the last day: barred from %s", l.BarredFrom)
	}
}

// The run warns 6 months ahead: barred from 2 Apr 2025 is within 6 months of 2 Oct 2024, not
// of 1 Oct 2024, and no longer "within" once barred.
func TestBarredWithinMonths(t *testing.T) {
	l, _ := LimitationOf(LimitationInput{DueDate: d("2020-04-01")})
	for day, want := range map[string]bool{"2024-10-01": false, "2024-10-02": true, "2025-04-01": true, "2025-04-02": false} {
		if got := l.BarredWithin(d(day), 6); got != want {
			t.Errorf("BarredWithin(%s, 6) = %v, want %v", day, got, want)
		}
	}
	if l.Barred(d("2025-04-01")) || !l.Barred(d("2025-04-02")) {
		t.Error("Barred does not switch on BarredFrom")
	}
}

func TestLimitationRefusesBadInput(t *testing.T) {
	if _, err := LimitationOf(LimitationInput{}); err == nil {
		t.Error("no due date accepted")
	}
	if _, err := LimitationOf(LimitationInput{DueDate: d("2020-01-01"), Interruptions: []Interruption{{"phone call", d("2021-01-01")}}}); err == nil {
		t.Error("unknown interruption accepted")
	}
	if _, err := ParseInterruptionKind("signification"); err != nil {
		t.Error(err)
	}
}

// Public bodies: the 5-year date is given with a warning that the déchéance quadriennale may
// come first.
func TestPublicBodyLimitationWarnsAboutTheDecheanceQuadriennale(t *testing.T) {
	l, err := LimitationOf(LimitationInput{Kind: receivable.Public, DueDate: d("2020-03-15")})
	if err != nil || l.LastDay != d("2025-03-15") || !hasText(l.Warnings, "déchéance quadriennale") {
		t.Errorf("%+v, %v", l, err)
	}
}
