package dunning

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
)

func TestSuggestProfileFromThePaymentHistory(t *testing.T) {
	tests := []struct {
		name  string
		stats PaymentStats
		want  receivable.Profile
		code  string // one of the reasons
	}{
		{"pays on the day", PaymentStats{InvoicesPaid: 24, PaidLate: 1, AvgDaysLate: 0, Payments: 24}, receivable.GoodPayer, "paid_late"},
		{"late now and then, by a few days", PaymentStats{InvoicesPaid: 12, PaidLate: 5, AvgDaysLate: 6, Payments: 12}, receivable.Careless, "paid_late"},
		{"one invoice in five late by a week", PaymentStats{InvoicesPaid: 10, PaidLate: 2, AvgDaysLate: 4, Payments: 10}, receivable.Careless, "paid_late"},
		{"most invoices a month late", PaymentStats{InvoicesPaid: 10, PaidLate: 8, AvgDaysLate: 38, Payments: 10}, receivable.BadPayer, "paid_late"},
		{"breaks promises", PaymentStats{InvoicesPaid: 6, PaidLate: 2, AvgDaysLate: 8, BrokenPromises: 2}, receivable.BadPayer, "broken_promises"},
		{"cannot pay: long overdue and promises broken", PaymentStats{InvoicesPaid: 6, PaidLate: 6, AvgDaysLate: 45, BrokenPromises: 3, LongOverdue: 2}, receivable.Insolvent, "long_overdue"},
		{"cannot pay: long overdue and debits rejected", PaymentStats{InvoicesPaid: 6, Payments: 6, DirectDebitPayments: 6, RejectedDebits: 3, LongOverdue: 1}, receivable.Insolvent, "rejected_debits"},
		{"a public body, late through its circuit", PaymentStats{InvoicesPaid: 8, PaidLate: 4, AvgDaysLate: 35, Public: true}, receivable.Administrative, "public_body"},
		{"always a dispute", PaymentStats{InvoicesPaid: 10, PaidLate: 6, AvgDaysLate: 20, DisputesOpened: 4}, receivable.DisputeProne, "disputes"},
		{"one dispute in twenty is normal", PaymentStats{InvoicesPaid: 20, PaidLate: 1, AvgDaysLate: 1, DisputesOpened: 1}, receivable.GoodPayer, "paid_late"},
		{"pays by direct debit", PaymentStats{InvoicesPaid: 12, Payments: 12, DirectDebitPayments: 11, RejectedDebits: 1}, receivable.Automatic, "direct_debit"},
		{"too little history", PaymentStats{InvoicesPaid: 2, PaidLate: 2, AvgDaysLate: 40}, "", "little_history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := SuggestProfile(tt.stats)
			if got != tt.want {
				t.Errorf("profile = %q, want %q (%+v)", got, tt.want, why)
			}
			found := false
			for _, r := range why {
				found = found || r.Code == tt.code
				if r.FR == "" || r.EN == "" || r.Label("fr") != r.FR || r.Label("en") != r.EN {
					t.Errorf("reason %+v lacks a label", r)
				}
			}
			if !found {
				t.Errorf("reasons %+v lack %s", why, tt.code)
			}
		})
	}
	_, why := SuggestProfile(PaymentStats{InvoicesPaid: 10, PaidLate: 8, AvgDaysLate: 38})
	if !strings.Contains(why[0].FR, "80% des factures réglées en retard (8 sur 10), 38 jours en moyenne") ||
		!strings.Contains(why[0].EN, "80% of invoices paid late (8 of 10), 38 days on average") {
		t.Errorf("reason = %+v", why[0])
	}
}
