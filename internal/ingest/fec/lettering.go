package fec

import (
	"sort"
	"unicode"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// slot is an item being settled: a debit (an invoice) or a credit (a credit note or a
// payment), with what remains of it.
type slot struct {
	key       string
	line      int
	group     string // account + sub-account: lettering codes are per account
	letter    string
	letDate   civil.Date
	date      civil.Date
	debit     bool
	opening   bool
	inv       int // index in Ledger.Invoices, or -1
	pay       int // index in Ledger.Payments, or -1
	remaining money.Cents
}

// settle applies the lettering, then the optional imputation, to the ledger's items.
func settle(led *Ledger, slots []*slot, impute bool) {
	groups := map[string][]*slot{}
	var order []string
	for _, s := range slots {
		if s.letter == "" {
			continue
		}
		k := s.group + "\x00" + s.letter
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], s)
	}
	led.Stats.LetteringGroups = len(order)
	// What total lettering leaves over was matched with items outside the file.
	var leftovers []*slot
	for _, k := range order {
		g := groups[k]
		var net money.Cents
		for _, s := range g {
			if s.debit {
				net += s.remaining
			} else {
				net -= s.remaining
			}
		}
		debits, credits := sides(g)
		allocate(led, debits, credits, RuleLettering)
		if net == 0 {
			continue
		}
		led.Stats.UnbalancedGroups++
		if partial(g[0].letter) {
			led.Stats.PartialGroups++
			continue // what is left stays open or unallocated
		}
		for _, s := range g {
			if s.remaining > 0 {
				leftovers = append(leftovers, s)
			}
		}
	}

	// The previous year's items are in the file only as unlettered opening entries, often one
	// balance per customer: a credit lettered against them (in the previous year's books)
	// settles that opening balance.
	byAccount := func(pick func(*slot) bool) (map[string][]*slot, []string) {
		m := map[string][]*slot{}
		var keys []string
		for _, s := range slots {
			if !pick(s) {
				continue
			}
			if m[s.group] == nil {
				keys = append(keys, s.group)
			}
			m[s.group] = append(m[s.group], s)
		}
		return m, keys
	}
	inLeftovers := map[*slot]bool{}
	for _, s := range leftovers {
		inLeftovers[s] = true
	}
	accts, keys := byAccount(func(s *slot) bool {
		return inLeftovers[s] || s.letter == "" && s.opening && s.remaining > 0
	})
	for _, k := range keys {
		var leftDebits, leftCredits, openDebits, openCredits []*slot
		for _, s := range accts[k] {
			switch {
			case inLeftovers[s] && s.debit:
				leftDebits = append(leftDebits, s)
			case inLeftovers[s]:
				leftCredits = append(leftCredits, s)
			case s.debit:
				openDebits = append(openDebits, s)
			default:
				openCredits = append(openCredits, s)
			}
		}
		sortOldest(leftDebits)
		sortOldest(leftCredits)
		sortOldest(openDebits)
		sortOldest(openCredits)
		allocate(led, openDebits, leftCredits, RuleOpening)
		allocate(led, leftDebits, openCredits, RuleOpening)
	}
	for _, s := range leftovers {
		if s.remaining == 0 {
			continue
		}
		if s.pay >= 0 {
			led.Payments[s.pay].SettledOutside += s.remaining
		} else {
			led.Invoices[s.inv].SettledOutside += s.remaining
		}
		s.remaining = 0
	}

	if !impute {
		return
	}
	accts, keys = byAccount(func(s *slot) bool { return s.letter == "" && s.remaining > 0 })
	for _, k := range keys {
		debits, credits := sides(accts[k])
		allocate(led, debits, credits, RuleImputation)
	}
}

// sides splits a group into debits and credits, each oldest first.
func sides(g []*slot) (debits, credits []*slot) {
	for _, s := range g {
		if s.debit {
			debits = append(debits, s)
		} else {
			credits = append(credits, s)
		}
	}
	sortOldest(debits)
	sortOldest(credits)
	return debits, credits
}

// sortOldest orders items by date, then by line.
func sortOldest(ss []*slot) {
	sort.SliceStable(ss, func(a, b int) bool {
		if c := ss[a].date.Compare(ss[b].date); c != 0 {
			return c < 0
		}
		return ss[a].line < ss[b].line
	})
}

// allocate applies the credits to the debits in order, never more than either has left.
func allocate(led *Ledger, debits, credits []*slot, rule Rule) {
	di := 0
	for _, c := range credits {
		for c.remaining > 0 && di < len(debits) {
			d := debits[di]
			if d.remaining == 0 {
				di++
				continue
			}
			a := min(c.remaining, d.remaining)
			al := Allocation{InvoiceKey: d.key, Amount: a, Date: civil.MaxDate(d.letDate, c.letDate)}
			if al.Date.IsZero() {
				al.Date = civil.MaxDate(d.date, c.date)
			}
			al.Rule, al.Letter = rule, c.letter
			if al.Letter == "" {
				al.Letter = d.letter
			}
			if c.pay >= 0 {
				al.PaymentKey = c.key
				led.Payments[c.pay].Allocated += a
			} else {
				al.CreditNoteKey = c.key
				led.Invoices[c.inv].Allocated += a
			}
			led.Invoices[d.inv].Allocated += a
			led.Allocations = append(led.Allocations, al)
			c.remaining -= a
			d.remaining -= a
		}
	}
}

// partial tells a partial-lettering code: Sage, Cegid and EBP write partial lettering in lower
// case ("aa") and total lettering in upper case ("AA").
func partial(code string) bool {
	lower := false
	for _, r := range code {
		if unicode.IsUpper(r) {
			return false
		}
		if unicode.IsLower(r) {
			lower = true
		}
	}
	return lower
}
