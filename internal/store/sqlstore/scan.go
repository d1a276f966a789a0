package sqlstore

import (
	"github.com/relance-app/relance/internal/money"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func moneyRate(v int64) money.Rate { return money.Rate(v) }

func moneyCents(v int64) money.Cents { return money.Cents(v) }
