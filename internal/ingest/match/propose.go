package match

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// Match proposes how the payment settles the open invoices, without committing anything.
//
// Evidence is weighed in this order: invoice numbers in the remittance text (written with
// any case, spaces, dashes or leading zeros, or with one typo), then the customer's
// reference, then the payer's name; the amount confirms or decides among a customer's open
// invoices (one invoice, or a combination of up to Options.MaxGroup). When nothing else fits,
// the only open invoice of exactly that amount is suggested with a low score.
func (m *Matcher) Match(p Payment) Proposal {
	pr := Proposal{PaymentID: p.ID, Unallocated: max(p.Amount, 0)}
	if p.Amount <= 0 {
		return pr
	}
	toks := tokens(p.Remittance + " " + strings.Join(p.References, " "))
	named := m.namedCustomers(p.PayerName, toks)
	if hits, typos := m.findNumbers(toks); len(hits) > 0 {
		m.byNumbers(&pr, p, hits, typos, named)
	} else if refs := m.findCustomerRefs(toks); len(refs) > 0 {
		cands := make([]scored, len(refs))
		for i, c := range refs {
			cands[i] = scored{c, 1}
		}
		m.byCustomer(&pr, p, cands, true)
	} else if len(named) > 0 {
		m.byCustomer(&pr, p, named, false)
	} else {
		m.byAmountOnly(&pr, p)
	}
	pr.Confidence = max(0, min(100, pr.Confidence))
	if len(pr.Allocations) == 0 {
		pr.Confidence = 0
	}
	pr.Auto = pr.Confidence >= m.opt.AutoThreshold
	return pr
}

// findNumbers looks for open invoices' numbers in windows of one to three consecutive
// words, keeping for each invoice the strongest form found. Numbers with one typo are
// looked for only when nothing is found as written; the windows that could hold one are
// returned for a second look.
func (m *Matcher) findNumbers(toks []string) (map[*invoice]strength, []string) {
	hits := map[*invoice]strength{}
	add := func(inv *invoice, s strength) {
		if inv.open <= 0 {
			return
		}
		if old, ok := hits[inv]; !ok || s > old {
			hits[inv] = s
		}
	}
	var typoWindows []string
	for i := range toks {
		for n := 1; n <= 3 && i+n <= len(toks); n++ {
			w := toks[i : i+n]
			compact, rk, loose := keyForms(w)
			if !numberUsable(compact) {
				continue
			}
			found := false
			for _, f := range []struct {
				key string
				s   strength
			}{{compact, strengthExact}, {rk, strengthExact}, {loose, strengthLoose}} {
				for _, h := range m.keys[f.key] {
					add(h.inv, min(h.s, f.s))
					found = true
				}
			}
			// Windows found as written are kept too: a number may be another invoice's
			// number mistyped, which only the amount reveals.
			if len(compact) >= 6 && hasDigit(compact) && (!found || n == 1) {
				typoWindows = append(typoWindows, compact)
			}
		}
	}
	if len(hits) > 0 {
		return hits, typoWindows // a typo is only worth considering when nothing was found as written
	}
	return m.typoHits(typoWindows), nil
}

// typoHits finds the open invoices whose number is one edit away from a window.
func (m *Matcher) typoHits(windows []string) map[*invoice]strength {
	hits := map[*invoice]strength{}
	for _, w := range windows {
		var cands []*invoice
		cands = append(cands, m.deletions[w]...) // a character missing from the text
		for _, d := range deletes(w) {
			cands = append(cands, m.deletions[d]...) // a character changed or swapped
			for _, h := range m.keys[d] {            // a character added in the text
				cands = append(cands, h.inv)
			}
		}
		for _, inv := range cands {
			if inv.open > 0 && editDistance1(w, strings.Join(tokens(inv.Number), "")) {
				hits[inv] = strengthTypo
			}
		}
	}
	return hits
}

// numberUsable rejects windows too short or too plain to be an invoice number: a lone
// number of three digits is more likely a quantity or a day than an invoice.
func numberUsable(k string) bool {
	if len(k) < 3 {
		return false
	}
	if !hasDigit(k) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !isDigit(k[i]) {
			return true
		}
	}
	return len(k) >= 4
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func (m *Matcher) findCustomerRefs(toks []string) []*customer {
	var out []*customer
	seen := map[*customer]bool{}
	for i := range toks {
		for n := 1; n <= 2 && i+n <= len(toks); n++ {
			if c := m.refs[strings.Join(toks[i:i+n], "")]; c != nil && !seen[c] && c.hasOpen() {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func (c *customer) hasOpen() bool {
	for _, inv := range c.invoices {
		if inv.open > 0 {
			return true
		}
	}
	return false
}

type scored struct {
	c     *customer
	score float64
}

// namedCustomers finds the customers whose name matches the payer's, or, when the bank gave
// no payer name, whose name appears in the remittance text.
func (m *Matcher) namedCustomers(payer string, text []string) []scored {
	pt := nameTokens(payer)
	fromText := len(pt) == 0
	if fromText {
		for _, t := range text {
			if !ignoredNameWords[t] && len(t) > 1 {
				pt = append(pt, t)
			}
		}
	}
	// Count the words each customer shares with the payer (by their first letters) before
	// computing any similarity: common words ("BOULANGERIE") are shared by many customers.
	shared := map[*customer]int{}
	var order []*customer
	keys := map[string]bool{}
	for _, t := range pt {
		k := nameKey(t)
		if keys[k] {
			continue
		}
		keys[k] = true
		for _, c := range m.names[k] {
			if shared[c] == 0 {
				order = append(order, c)
			}
			shared[c]++
		}
	}
	var out []scored
	for _, c := range order {
		need := len(c.tokens)
		if !fromText {
			need = min(len(c.tokens), len(pt))
		}
		if float64(shared[c]) < m.opt.NameThreshold*float64(need) || !c.hasOpen() {
			continue
		}
		var s float64
		if fromText {
			s = coverage(c.tokens, pt) // every word of the customer's name in the text
		} else {
			s = tokenSimilarity(pt, c.tokens)
		}
		if s >= m.opt.NameThreshold {
			out = append(out, scored{c, s})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
}

// coverage is the share of want's words found in have.
func coverage(want, have []string) float64 {
	if len(want) == 0 {
		return 0
	}
	n := 0
	for _, w := range want {
		for _, h := range have {
			if wordsMatch(w, h) {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(want))
}

func (m *Matcher) byNumbers(pr *Proposal, p Payment, hits map[*invoice]strength, typos []string, named []scored) {
	byCust := map[*customer][]*invoice{}
	for inv := range hits {
		c := m.customers[inv.CustomerRef]
		byCust[c] = append(byCust[c], inv)
	}
	namedScore := map[*customer]float64{}
	for _, n := range named {
		namedScore[n.c] = n.score
	}
	// Several customers' numbers in one text: the payer's name decides, then the amount,
	// then the number of references.
	type cand struct {
		c     *customer
		invs  []*invoice
		rank  float64
		exact bool
	}
	var cands []cand
	for c, invs := range byCust {
		sort.SliceStable(invs, func(a, b int) bool { return older(invs[a], invs[b]) })
		var sum money.Cents
		for _, inv := range invs {
			sum += inv.open
		}
		cd := cand{c: c, invs: invs, exact: sum == p.Amount}
		cd.rank = 10*namedScore[c] + float64(len(invs))
		if cd.exact {
			cd.rank += 5
		}
		cands = append(cands, cd)
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].rank != cands[b].rank {
			return cands[a].rank > cands[b].rank
		}
		return cands[a].c.ref < cands[b].c.ref
	})
	best := cands[0]
	ambiguous := len(cands) > 1 && cands[1].rank == best.rank
	weakest := strengthExact
	var nums []string
	for _, inv := range best.invs {
		weakest = min(weakest, hits[inv])
		nums = append(nums, inv.Number)
	}
	pr.CustomerRef = best.c.ref
	pr.Reasons = append(pr.Reasons, fmt.Sprintf("invoice number %s in the remittance", strings.Join(nums, ", ")))
	var sum money.Cents
	for _, inv := range best.invs {
		sum += inv.open
	}
	if p.Amount != sum && m.typoAlternative(pr, p, best.invs, typos, namedScore) {
		return
	}
	switch {
	case p.Amount == sum:
		m.allocate(pr, p, best.invs)
		pr.Confidence = confNumberExactAmount
		pr.Reasons = append(pr.Reasons, "amount equals their open amount")
	case p.Amount < sum:
		if sub := m.combination(best.invs, p.Amount, nil); len(best.invs) > 1 && sub != nil {
			m.allocate(pr, p, sub)
			pr.Confidence = confNumberSubset
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("amount equals the open amount of %d of them", len(sub)))
		} else {
			m.allocate(pr, p, best.invs)
			pr.Confidence = confNumberPartial
			if len(best.invs) > 1 {
				pr.Confidence -= 5
			}
			pr.Reasons = append(pr.Reasons, "partial payment, oldest first")
		}
	default:
		exclude := map[*invoice]bool{}
		for _, inv := range best.invs {
			exclude[inv] = true
		}
		rest := m.combination(best.c.invoices, p.Amount-sum, exclude)
		if rest != nil {
			m.allocate(pr, p, append(append([]*invoice{}, best.invs...), rest...))
			pr.Confidence = confNumberPlusCombo
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("the rest equals %d other open invoices of the customer", len(rest)))
		} else {
			m.allocate(pr, p, best.invs)
			pr.Confidence = confNumberOverpaid
			pr.Reasons = append(pr.Reasons, "more paid than these invoices owe: the rest stays on account")
		}
	}
	switch weakest {
	case strengthTypo:
		pr.Confidence -= penaltyTypo
		pr.Reasons = append(pr.Reasons, "number written with a typo")
	case strengthLoose:
		pr.Confidence -= penaltyLoose
	}
	m.nameEvidence(pr, p, best.c, namedScore[best.c], p.Amount == sum)
	if p.Amount != sum && namedScore[best.c] < m.opt.NameThreshold {
		// A number that does not explain the amount may be another invoice's number
		// mistyped: without the payer's name to confirm, a collector should look.
		pr.Confidence -= penaltyUnconfirmed
	}
	if ambiguous {
		pr.Confidence -= penaltyAmbiguous
		pr.Reasons = append(pr.Reasons, "numbers of several customers in the remittance")
	}
}

// typoAlternative handles a number found as written whose invoice does not explain the
// amount, while another invoice, one typo away from a word of the text, has exactly that
// amount: the payer most likely mistyped a neighbouring number. The alternative is proposed
// for review.
func (m *Matcher) typoAlternative(pr *Proposal, p Payment, found []*invoice, typos []string, namedScore map[*customer]float64) bool {
	var alt *invoice
	for inv := range m.typoHits(typos) {
		if inv.open != p.Amount || slices.Contains(found, inv) {
			continue
		}
		if alt != nil {
			return false // two candidates: leave it to the rules below
		}
		alt = inv
	}
	if alt == nil {
		return false
	}
	c := m.customers[alt.CustomerRef]
	pr.CustomerRef = c.ref
	m.allocate(pr, p, []*invoice{alt})
	pr.Confidence = confNumberExactAmount - penaltyTypo - penaltyAmbiguous/2
	pr.Reasons = append(pr.Reasons, fmt.Sprintf("invoice %s is named but does not explain the amount; %s, one typo away, has exactly this amount",
		found[0].Number, alt.Number))
	m.nameEvidence(pr, p, c, namedScore[c], false)
	return true
}

// nameEvidence adjusts the confidence by what the payer's name says about the customer. A
// payer who is not the customer (a parent company, the manager) matters little when the
// numbers and the amount agree exactly, and casts doubt otherwise.
func (m *Matcher) nameEvidence(pr *Proposal, p Payment, c *customer, score float64, exact bool) {
	pt := nameTokens(p.PayerName)
	switch {
	case score >= m.opt.NameThreshold:
		pr.Confidence += bonusNameConfirms
		pr.Reasons = append(pr.Reasons, fmt.Sprintf("payer %q matches customer %q", p.PayerName, c.name))
	case exact:
	case len(pt) > 0 && tokenSimilarity(pt, c.tokens) < 0.34:
		pr.Confidence -= penaltyOtherPayer
		pr.Reasons = append(pr.Reasons, fmt.Sprintf("payer %q is not customer %q", p.PayerName, c.name))
	}
}

// byCustomer decides among the candidate customers' open invoices by the amount.
func (m *Matcher) byCustomer(pr *Proposal, p Payment, cands []scored, byRef bool) {
	type fit struct {
		c     scored
		invs  []*invoice
		conf  int
		why   string
		equal int // other invoices of the same customer with the same amount
	}
	var fits []fit
	for _, sc := range cands {
		var open []*invoice
		for _, inv := range sc.c.invoices {
			if inv.open > 0 {
				open = append(open, inv)
			}
		}
		var same []*invoice
		for _, inv := range open {
			if inv.open == p.Amount {
				same = append(same, inv)
			}
		}
		switch {
		case len(same) > 0:
			f := fit{c: sc, invs: same[:1], conf: confNameExact, why: "amount equals an open invoice", equal: len(same) - 1}
			if byRef {
				f.conf = confRefExact
			}
			fits = append(fits, f)
		case len(open) > 1:
			if combo := m.combination(open, p.Amount, nil); combo != nil {
				f := fit{c: sc, invs: combo, conf: confNameCombo, why: fmt.Sprintf("amount equals %d open invoices", len(combo))}
				if byRef {
					f.conf = confRefCombo
				}
				fits = append(fits, f)
			}
		}
	}
	if len(fits) == 0 {
		// No amount fits: with a single candidate, the invoice the payment falls just short
		// of (a bank fee deducted), else the oldest invoices (the legal imputation), for a
		// collector to confirm.
		if len(cands) != 1 {
			return
		}
		c := cands[0].c
		pr.CustomerRef = c.ref
		if near := nearAmount(c.invoices, p.Amount); near != nil {
			m.allocate(pr, p, []*invoice{near})
			pr.Confidence = confNearAmount
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("amount %s short of invoice %s: a bank fee deducted?", (near.open-p.Amount).String(), near.Number))
		} else {
			m.allocate(pr, p, c.invoices)
			pr.Confidence = confNameOldest
			pr.Reasons = append(pr.Reasons, "no amount fits: oldest invoices first")
		}
		if byRef {
			pr.Confidence += confRefOldest - confNameOldest
		}
	} else {
		best := fits[0]
		for _, f := range fits[1:] {
			if f.conf > best.conf || f.conf == best.conf && f.c.score > best.c.score {
				best = f
			}
		}
		pr.CustomerRef = best.c.c.ref
		m.allocate(pr, p, best.invs)
		pr.Confidence = best.conf
		pr.Reasons = append(pr.Reasons, best.why)
		if best.equal > 0 {
			pr.Confidence -= penaltyAmbiguous / 2
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("%d other open invoices have the same amount: the oldest is taken", best.equal))
		}
		for _, f := range fits {
			if f.c.c != best.c.c && f.conf == best.conf && f.c.score == best.c.score {
				pr.Confidence -= penaltyAmbiguous
				pr.Reasons = append(pr.Reasons, "several customers fit equally")
				break
			}
		}
	}
	if byRef {
		pr.Reasons = append([]string{"customer reference in the remittance"}, pr.Reasons...)
		return
	}
	sc := cands[0].score
	for _, c := range cands {
		if c.c.ref == pr.CustomerRef {
			sc = c.score
		}
	}
	if sc < 1 {
		pr.Confidence -= 4 // part of the name only
	}
	if len(nameTokens(p.PayerName)) == 0 {
		pr.Confidence -= 4 // the name was read in the label, not given as the payer's
	}
	pr.Reasons = append([]string{fmt.Sprintf("payer matches customer %q (%.2f)", m.customers[pr.CustomerRef].name, sc)}, pr.Reasons...)
}

func (m *Matcher) byAmountOnly(pr *Proposal, p Payment) {
	var found *invoice
	n := 0
	for _, inv := range m.byAmount[p.Amount] {
		if inv.open == p.Amount && inv != found {
			found = inv
			n++
		}
	}
	if n != 1 {
		return
	}
	pr.CustomerRef = found.CustomerRef
	m.allocate(pr, p, []*invoice{found})
	pr.Confidence = confAmountOnly
	pr.Reasons = append(pr.Reasons, "the only open invoice of this amount; nothing else links them")
}

// combination finds up to MaxGroup invoices (among the MaxCombinations oldest, skipping
// excluded ones) whose open amounts sum to target, preferring fewer and older invoices.
func (m *Matcher) combination(invs []*invoice, target money.Cents, exclude map[*invoice]bool) []*invoice {
	if target <= 0 {
		return nil
	}
	var pool []*invoice
	for _, inv := range invs {
		if inv.open > 0 && !exclude[inv] {
			pool = append(pool, inv)
			if len(pool) == m.opt.MaxCombinations {
				break
			}
		}
	}
	var pick []int
	var rec func(start, k int, sum money.Cents) bool
	rec = func(start, k int, sum money.Cents) bool {
		if k == 0 {
			return sum == target
		}
		for i := start; i < len(pool); i++ {
			if s := sum + pool[i].open; s <= target {
				pick = append(pick, i)
				if rec(i+1, k-1, s) {
					return true
				}
				pick = pick[:len(pick)-1]
			}
		}
		return false
	}
	for k := 1; k <= min(m.opt.MaxGroup, len(pool)); k++ {
		pick = pick[:0]
		if rec(0, k, 0) {
			out := make([]*invoice, len(pick))
			for i, j := range pick {
				out[i] = pool[j]
			}
			return out
		}
	}
	return nil
}

// allocate spreads the payment over the invoices in the order given (oldest first),
// never more than an invoice's open amount nor more than the payment.
func (m *Matcher) allocate(pr *Proposal, p Payment, invs []*invoice) {
	left := p.Amount
	for _, inv := range invs {
		if left <= 0 {
			break
		}
		a := min(inv.open, left)
		if a <= 0 {
			continue
		}
		pr.Allocations = append(pr.Allocations, Allocation{InvoiceID: inv.ID, Amount: a})
		left -= a
	}
	pr.Unallocated = left
}

// nearAmount finds the only open invoice the amount falls short of by what a bank takes on
// a transfer: up to 25 euros or 2%.
func nearAmount(invs []*invoice, amount money.Cents) *invoice {
	var found *invoice
	for _, inv := range invs {
		d := inv.open - amount
		if d > 0 && (d <= 2500 || d*50 <= inv.open) {
			if found != nil {
				return nil
			}
			found = inv
		}
	}
	return found
}
