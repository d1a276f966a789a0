package penalty

import (
	"encoding/json"
	"math/big"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Line is one period of late-payment interest at a constant base, rate and day-count
// divisor: Amount = Base × Rate × Days / Divisor, rounded half away from zero to the cent.
// From and To are both included, so Days = To − From + 1.
type Line struct {
	From    civil.Date  `json:"from"`
	To      civil.Date  `json:"to"`
	Days    int         `json:"days"`
	Rate    money.Rate  `json:"-"`
	Divisor int         `json:"divisor"`
	Base    money.Cents `json:"base_cents"`
	Amount  money.Cents `json:"amount_cents"`
	// Basis says where the rate comes from ("Code de commerce L441-10: ECB 4.50% (2024-H1)
	// + 10 points").
	Basis Text `json:"basis"`
}

// MarshalJSON writes the rate as its exact decimal text ("14.50").
func (l Line) MarshalJSON() ([]byte, error) {
	type plain Line
	return json.Marshal(struct {
		plain
		Rate jsonRate `json:"rate"`
	}{plain(l), jsonRate(l.Rate)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *Line) UnmarshalJSON(b []byte) error {
	type plain Line
	var v struct {
		plain
		Rate jsonRate `json:"rate"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = Line(v.plain)
	l.Rate = money.Rate(v.Rate)
	return nil
}

// interest is base × rate × days / divisor in cents, rounded half away from zero. Rate is in
// millionths of a percentage point, hence the 10^8 in the divisor; big integers, since the
// product overflows int64 for large amounts.
func interest(base money.Cents, rate money.Rate, days, divisor int) money.Cents {
	num := new(big.Int).Mul(big.NewInt(int64(base)), big.NewInt(int64(rate)))
	num.Mul(num, big.NewInt(int64(days)))
	den := new(big.Int).Mul(big.NewInt(int64(divisor)), big.NewInt(100*money.RateScale))
	return money.Cents(money.RoundDiv(num, den))
}

// Result is what one invoice owes for being paid late on a given day, with the working: each
// interest line, the rules applied (Notes) and what the reader should check (Warnings).
type Result struct {
	Invoice  string     `json:"invoice,omitempty"`
	Rule     string     `json:"rule"`
	Currency string     `json:"currency"`
	DueDate  civil.Date `json:"due_date"`
	// Day is the computation day: interest on an unpaid invoice runs to it.
	Day civil.Date `json:"day"`
	// PaidDate is the day the invoice was fully paid, zero while it is not.
	PaidDate civil.Date `json:"paid_date"`
	// DaysLate counts the days of delay: from the day after the due date to the payment
	// date, or to Day while unpaid.
	DaysLate    int         `json:"days_late"`
	Principal   money.Cents `json:"principal_cents"`
	Paid        money.Cents `json:"paid_cents"`
	Outstanding money.Cents `json:"outstanding_cents"`
	Lines       []Line      `json:"lines"`
	// Interest is the sum of the lines.
	Interest money.Cents `json:"interest_cents"`
	// Indemnity is the flat recovery compensation (40 EUR in France).
	Indemnity money.Cents `json:"indemnity_cents"`
	// Total is Interest + Indemnity: what is owed on top of the outstanding principal.
	Total    money.Cents `json:"total_cents"`
	Warnings []Text      `json:"warnings"`
	Notes    []Text      `json:"notes"`
}
