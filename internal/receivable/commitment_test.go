package receivable

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

func TestDisputeHoldsItsInvoiceFromOpeningUntilResolution(t *testing.T) {
	d := Dispute{Opened: civil.MustParse("2026-03-10"), Resolved: civil.MustParse("2026-03-20")}
	tests := []struct {
		day  string
		want bool
	}{
		{"2026-03-09", false},
		{"2026-03-10", true},
		{"2026-03-19", true},
		{"2026-03-20", false}, // resolved that day: reminders may resume
		{"2026-04-01", false},
	}
	for _, tt := range tests {
		if got := d.OpenOn(civil.MustParse(tt.day)); got != tt.want {
			t.Errorf("OpenOn(%s) = %v, want %v", tt.day, got, tt.want)
		}
	}
	d.Resolved = civil.Date{}
	if !d.OpenOn(civil.MustParse("2027-01-01")) {
		t.Error("an unresolved dispute stopped holding its invoice")
	}
}

func TestPromiseIsKeptWhenThePromisedAmountArrivesByTheDatePlusGrace(t *testing.T) {
	p := Promise{
		InvoiceIDs: []int64{1, 2},
		Made:       civil.MustParse("2026-03-02"),
		Date:       civil.MustParse("2026-03-10"),
		Amount:     money.MustParse("1000.00"),
	}
	alloc := func(inv int64, day, amount string) Allocation {
		return Allocation{InvoiceID: inv, Date: civil.MustParse(day), Amount: money.MustParse(amount)}
	}
	tests := []struct {
		name   string
		allocs []Allocation
		day    string
		want   PromiseStatus
	}{
		{"nothing yet, before the deadline", nil, "2026-03-12", PromisePending},
		{"nothing, deadline passed", nil, "2026-03-14", PromiseBroken},
		{"paid in full on the date", []Allocation{alloc(1, "2026-03-10", "1000.00")}, "2026-03-11", PromiseKept},
		{"paid in two parts within grace", []Allocation{alloc(1, "2026-03-05", "400.00"), alloc(2, "2026-03-13", "600.00")}, "2026-03-20", PromiseKept},
		{"paid the day after grace", []Allocation{alloc(1, "2026-03-14", "1000.00")}, "2026-03-14", PromiseBroken},
		{"paid before the promise was made does not count", []Allocation{alloc(1, "2026-03-01", "1000.00")}, "2026-03-14", PromiseBroken},
		{"another invoice's payment does not count", []Allocation{alloc(3, "2026-03-05", "1000.00")}, "2026-03-14", PromiseBroken},
		{"short by a cent", []Allocation{alloc(1, "2026-03-05", "999.99")}, "2026-03-14", PromiseBroken},
		{"kept early", []Allocation{alloc(2, "2026-03-03", "1200.00")}, "2026-03-04", PromiseKept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Check(tt.allocs, civil.MustParse(tt.day), 3); got != tt.want {
				t.Errorf("Check = %s, want %s", got, tt.want)
			}
		})
	}
	whole := p
	whole.InvoiceIDs = nil
	if got := whole.Check([]Allocation{alloc(3, "2026-03-05", "1000.00")}, civil.MustParse("2026-03-14"), 3); got != PromiseKept {
		t.Errorf("a promise on the whole account ignored a payment: %s", got)
	}
	recorded := p
	recorded.Broken = civil.MustParse("2026-03-14")
	if got := recorded.Check([]Allocation{alloc(1, "2026-03-05", "1000.00")}, civil.MustParse("2026-03-20"), 3); got != PromiseBroken {
		t.Errorf("a recorded outcome was overridden: %s", got)
	}
}

func TestPaymentPlanInstalmentsAreFilledInOrder(t *testing.T) {
	p := PaymentPlan{
		InvoiceIDs: []int64{7},
		Created:    civil.MustParse("2026-04-01"),
		Instalments: []Instalment{
			{Due: civil.MustParse("2026-04-02"), Amount: 30000},
			{Due: civil.MustParse("2026-05-02"), Amount: 35000},
			{Due: civil.MustParse("2026-06-02"), Amount: 35000},
		},
	}
	allocs := []Allocation{
		{InvoiceID: 7, Date: civil.MustParse("2026-05-01"), Amount: 40000}, // listed out of order on purpose
		{InvoiceID: 7, Date: civil.MustParse("2026-04-02"), Amount: 30000},
		{InvoiceID: 8, Date: civil.MustParse("2026-04-02"), Amount: 99900}, // not in the plan
		{InvoiceID: 7, Date: civil.MustParse("2026-03-20"), Amount: 10000}, // before the plan
	}
	s := p.Schedule(allocs)
	want := []Instalment{
		{Due: civil.MustParse("2026-04-02"), Amount: 30000, Paid: 30000, PaidOn: civil.MustParse("2026-04-02")},
		{Due: civil.MustParse("2026-05-02"), Amount: 35000, Paid: 35000, PaidOn: civil.MustParse("2026-05-01")},
		{Due: civil.MustParse("2026-06-02"), Amount: 35000, Paid: 5000},
	}
	for i := range want {
		if s[i] != want[i] {
			t.Errorf("instalment %d = %+v, want %+v", i+1, s[i], want[i])
		}
	}
	if p.Instalments[0].Paid != 0 {
		t.Error("Schedule changed the plan")
	}
}

func TestPaymentPlanIsOnTimeUntilAnInstalmentIsMissed(t *testing.T) {
	p := PaymentPlan{
		InvoiceIDs: []int64{7},
		Created:    civil.MustParse("2026-04-01"),
		Instalments: []Instalment{
			{Due: civil.MustParse("2026-04-02"), Amount: 30000},
			{Due: civil.MustParse("2026-05-02"), Amount: 35000},
		},
	}
	a := func(day string, amount money.Cents) Allocation {
		return Allocation{InvoiceID: 7, Date: civil.MustParse(day), Amount: amount}
	}
	tests := []struct {
		name   string
		allocs []Allocation
		day    string
		want   PlanCheck
	}{
		{"first instalment not yet late", nil, "2026-04-05", PlanCheck{Status: PlanOnTime, Instalment: 1, Due: civil.MustParse("2026-04-02"), Missing: 30000}},
		{"first instalment missed", nil, "2026-04-06", PlanCheck{Status: PlanMissed, Instalment: 1, Due: civil.MustParse("2026-04-02"), Missing: 30000}},
		{"first paid, second coming", []Allocation{a("2026-04-02", 30000)}, "2026-04-20", PlanCheck{Status: PlanOnTime, Instalment: 2, Due: civil.MustParse("2026-05-02"), Missing: 35000}},
		{"first paid late counts as missed", []Allocation{a("2026-04-09", 30000)}, "2026-04-20", PlanCheck{Status: PlanMissed, Instalment: 1, Due: civil.MustParse("2026-04-02"), Missing: 30000}},
		{"second short", []Allocation{a("2026-04-02", 30000), a("2026-05-02", 20000)}, "2026-05-06", PlanCheck{Status: PlanMissed, Instalment: 2, Due: civil.MustParse("2026-05-02"), Missing: 15000}},
		{"all paid", []Allocation{a("2026-04-02", 30000), a("2026-05-02", 35000)}, "2026-05-06", PlanCheck{Status: PlanCompleted}},
		{"all paid ahead", []Allocation{a("2026-04-01", 65000)}, "2026-04-03", PlanCheck{Status: PlanCompleted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Check(tt.allocs, civil.MustParse(tt.day), 3); got != tt.want {
				t.Errorf("Check = %+v, want %+v", got, tt.want)
			}
		})
	}
	p.Defaulted = civil.MustParse("2026-04-06")
	if got := p.Check(nil, civil.MustParse("2026-04-07"), 3); got.Status != PlanDefaulted {
		t.Errorf("a recorded default was overridden: %+v", got)
	}
}

func TestPaymentPlanStartsWithAnImmediatePartialPayment(t *testing.T) {
	ok := PaymentPlan{
		InvoiceIDs:  []int64{1},
		Created:     civil.MustParse("2026-04-01"),
		Instalments: []Instalment{{Due: civil.MustParse("2026-04-03"), Amount: 100}, {Due: civil.MustParse("2026-05-03"), Amount: 100}},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid plan refused: %v", err)
	}
	tests := map[string]func(p *PaymentPlan){
		"immediate partial payment": func(p *PaymentPlan) { p.Instalments[0].Due = civil.MustParse("2026-04-30") },
		"must be positive":          func(p *PaymentPlan) { p.Instalments[1].Amount = 0 },
		"not after instalment 1":    func(p *PaymentPlan) { p.Instalments[1].Due = p.Instalments[0].Due },
		"before the plan":           func(p *PaymentPlan) { p.Instalments[0].Due = civil.MustParse("2026-03-31") },
		"no invoice":                func(p *PaymentPlan) { p.InvoiceIDs = nil },
	}
	for want, breakIt := range tests {
		p := ok
		p.Instalments = append([]Instalment(nil), ok.Instalments...)
		breakIt(&p)
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want an error saying %q", err, want)
		}
	}
}
