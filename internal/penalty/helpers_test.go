package penalty

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

func d(s string) civil.Date { return civil.MustParse(s) }

func eur(s string) money.Cents { return money.MustParse(s) }

func pct100(s string) money.Rate { return money.MustParseRate(s) }

// wantLine is the part of a line a test states by hand.
type wantLine struct {
	from, to string
	days     int
	rate     string
	base     string
	amount   string
}

func checkLines(t *testing.T, got []Line, want []wantLine) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.From != d(w.from) || g.To != d(w.to) || g.Days != w.days || g.Rate != pct100(w.rate) ||
			g.Base != eur(w.base) || g.Amount != eur(w.amount) {
			t.Errorf("line %d = %s..%s %d days %s%% on %s = %s; want %s..%s %d days %s%% on %s = %s", i,
				g.From, g.To, g.Days, g.Rate, g.Base, g.Amount, w.from, w.to, w.days, w.rate, w.base, w.amount)
		}
	}
}

// hasText reports whether one of ts contains every part, in English.
func hasText(ts []Text, parts ...string) bool {
	for _, t := range ts {
		ok := true
		for _, p := range parts {
			if !strings.Contains(t.EN, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func mustCompute(t *testing.T, inv Invoice, terms Terms, day string, rates Table) Result {
	t.Helper()
	r, err := Compute(inv, terms, d(day), rates)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	if sum := sumLines(r.Lines); sum != r.Interest || r.Total != r.Interest+r.Indemnity {
		t.Fatalf("interest %s, lines sum to %s; total %s, indemnity %s", r.Interest, sum, r.Total, r.Indemnity)
	}
	return r
}

func sumLines(ls []Line) money.Cents {
	var s money.Cents
	for _, l := range ls {
		s += l.Amount
	}
	return s
}
