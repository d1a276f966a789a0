package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
)

// PaymentStats sums up each customer's payment behaviour over [from, day]; see
// store.StatsQueries. Seven queries for the whole company, whatever its size.
func (c *conn) PaymentStats(ctx context.Context, companyID int64, from, day civil.Date) (map[int64]dunning.PaymentStats, error) {
	out := map[int64]dunning.PaymentStats{}
	// update applies f to the customer's entry; entries are values in the map.
	update := func(id int64, f func(*dunning.PaymentStats)) {
		s := out[id]
		f(&s)
		out[id] = s
	}
	each := func(name string, args []any, scan func(*sql.Rows) error) error {
		rows, err := c.r.QueryContext(ctx, c.book.q(name), args...)
		if err != nil {
			return c.mapErr(err, "payment stats")
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return c.mapErr(err, "payment stats")
			}
		}
		return c.mapErr(rows.Err(), "payment stats")
	}
	period := []any{companyID, from, day}

	// Days late are summed per customer and divided at the end.
	lateSum := map[int64]int{}
	if err := each("StatsSettled", period, func(r *sql.Rows) error {
		var id int64
		var due, settled civil.Date
		if err := r.Scan(&id, &due, &settled); err != nil {
			return err
		}
		late := max(0, settled.Sub(due))
		update(id, func(s *dunning.PaymentStats) {
			s.InvoicesPaid++
			if late > 0 {
				s.PaidLate++
			}
		})
		lateSum[id] += late
		return nil
	}); err != nil {
		return nil, err
	}
	for id, sum := range lateSum {
		update(id, func(s *dunning.PaymentStats) { s.AvgDaysLate = roundDiv(sum, s.InvoicesPaid) })
	}

	counts := []struct {
		name string
		args []any
		set  func(*dunning.PaymentStats, int)
	}{
		{"StatsBrokenPromises", period, func(s *dunning.PaymentStats, n int) { s.BrokenPromises += n }},
		{"StatsDisputes", period, func(s *dunning.PaymentStats, n int) { s.DisputesOpened += n }},
		{"StatsRejectedDebits", period, func(s *dunning.PaymentStats, n int) { s.RejectedDebits += n }},
		{"StatsLongOverdue", []any{companyID, day.AddDays(-dunning.LongOverdueDays), day}, func(s *dunning.PaymentStats, n int) { s.LongOverdue += n }},
	}
	for _, q := range counts {
		if err := each(q.name, q.args, func(r *sql.Rows) error {
			var id int64
			var n int
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			update(id, func(s *dunning.PaymentStats) { q.set(s, n) })
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := each("StatsPayments", period, func(r *sql.Rows) error {
		var id int64
		var method string
		var n int
		if err := r.Scan(&id, &method, &n); err != nil {
			return err
		}
		update(id, func(s *dunning.PaymentStats) {
			s.Payments += n
			if isDirectDebit(method) {
				s.DirectDebitPayments += n
			}
		})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each("StatsPublic", []any{companyID}, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		update(id, func(s *dunning.PaymentStats) { s.Public = true })
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// roundDiv divides rounding half up; both are positive.
func roundDiv(sum, n int) int {
	if n <= 0 {
		return 0
	}
	return (2*sum + n) / (2 * n)
}

// isDirectDebit reports whether a payment method, as bank files and accounting exports write
// it, is a direct debit: "prélèvement", "Prelevement SEPA", "PRLV", "LCR", "SDD", "direct debit"…
// Matching words rather than the whole text keeps "LCR" from matching inside another word.
func isDirectDebit(method string) bool {
	m := foldAccents(strings.ToLower(method))
	if strings.Contains(m, "prelevement") || strings.Contains(m, "direct debit") || strings.Contains(m, "direct-debit") {
		return true
	}
	for _, w := range strings.FieldsFunc(m, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		switch w {
		case "lcr", "sdd", "prlv":
			return true
		}
	}
	return false
}

// foldAccents drops the combining marks: "prélèvement" becomes "prelevement".
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
