// Package match proposes how an incoming payment settles open invoices (lettrage): from the
// invoice numbers and customer references in its remittance text, then from the exact amount
// of one or several open invoices of a customer whose name matches the payer's. Each
// proposal has a confidence score; above Options.AutoThreshold it may be applied without
// review, below it goes to a collector.
//
// The package is pure: the caller loads the open invoices, asks for proposals, and records
// the allocations it accepts. It never allocates more than an invoice's open amount nor more
// than the payment.
package match

import (
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// Payment is an incoming payment to match.
type Payment struct {
	ID         string
	Amount     money.Cents
	Date       civil.Date
	PayerName  string
	Remittance string   // free text: the transfer's label, unstructured remittance lines
	References []string // structured references: creditor references, referred documents
}

// OpenInvoice is an invoice with something left to pay.
type OpenInvoice struct {
	ID           string
	Number       string
	CustomerRef  string
	CustomerName string
	Open         money.Cents
	IssueDate    civil.Date
	DueDate      civil.Date
}

// Allocation applies part of the payment to an invoice.
type Allocation struct {
	InvoiceID string
	Amount    money.Cents
}

// Proposal is the matcher's answer for one payment. Confidence runs from 0 (nothing found)
// to 100; see the constants below for what each level means.
type Proposal struct {
	PaymentID   string
	CustomerRef string
	Allocations []Allocation
	Unallocated money.Cents // what the proposal leaves on the customer's account
	Confidence  int
	Auto        bool     // Confidence reaches Options.AutoThreshold
	Reasons     []string // the evidence, for the collector reviewing the proposal
}

// Confidence levels. They rank evidence the way a credit manager would, and were checked
// against the generated payments of Generate (see the package tests): proposals at or above
// DefaultAutoThreshold were right in more than 99.5% of cases there.
const (
	confNumberExactAmount  = 99 // invoice numbers found and their open amounts sum to the payment
	confNumberSubset       = 95 // numbers found, the payment is exactly some of them
	confNumberPlusCombo    = 93 // numbers found, the rest is exactly other open invoices of the customer
	confNumberPartial      = 90 // numbers found, the payment is less: a partial payment
	confNumberOverpaid     = 88 // numbers found, more paid than they owe: the rest stays on account
	confRefExact           = 94 // the customer reference and the exact amount of one invoice
	confRefCombo           = 90 // the customer reference and the exact amount of several
	confNameExact          = 91 // the payer's name and the exact amount of one invoice
	confNameCombo          = 86 // the payer's name and the exact amount of several
	confNearAmount         = 72 // the payer's name, and an invoice the amount falls just short of
	confRefOldest          = 70 // the customer reference only: oldest invoices first
	confNameOldest         = 55 // the payer's name only: oldest invoices first
	confAmountOnly         = 40 // the only open invoice of that exact amount, no other evidence
	penaltyTypo            = 8  // a number found with one typo
	penaltyLoose           = 3  // a number found without its zeros and separators
	penaltyAmbiguous       = 20 // several customers or invoices fit equally
	penaltyOtherPayer      = 15 // the payer's name is clearly another company's
	penaltyUnconfirmed     = 6  // a number that does not explain the amount, without the payer's name
	bonusNameConfirms      = 1
	DefaultAutoThreshold   = 90
	defaultMaxGroup        = 4
	defaultMaxCombinations = 20
)

// Options tune the matcher. The zero value is the default.
type Options struct {
	AutoThreshold int // default DefaultAutoThreshold
	// MaxGroup is the largest number of invoices combined to explain a payment by its amount;
	// default 4.
	MaxGroup int
	// MaxCombinations is how many of a customer's oldest open invoices are tried in
	// combinations; default 20.
	MaxCombinations int
	// NameThreshold is the NameSimilarity from which a payer is taken for a customer;
	// default 0.66.
	NameThreshold float64
}

func (o Options) withDefaults() Options {
	if o.AutoThreshold == 0 {
		o.AutoThreshold = DefaultAutoThreshold
	}
	if o.MaxGroup == 0 {
		o.MaxGroup = defaultMaxGroup
	}
	if o.MaxCombinations == 0 {
		o.MaxCombinations = defaultMaxCombinations
	}
	if o.NameThreshold == 0 {
		o.NameThreshold = 0.66
	}
	return o
}

type invoice struct {
	OpenInvoice
	open  money.Cents // what remains after the proposals committed so far
	order int
}

type customer struct {
	ref      string
	name     string
	tokens   []string
	invoices []*invoice // oldest due date first
}

// strength of a reference found in the text.
type strength int

const (
	strengthTypo strength = iota
	strengthLoose
	strengthExact
)

type keyHit struct {
	inv *invoice
	s   strength
}

// Matcher holds the open invoices, indexed for matching. It is not safe for concurrent use.
type Matcher struct {
	opt       Options
	invoices  map[string]*invoice
	customers map[string]*customer
	keys      map[string][]keyHit    // reference forms -> invoices
	deletions map[string][]*invoice  // compact form with one character deleted -> invoices
	refs      map[string]*customer   // compact customer reference -> customer
	names     map[string][]*customer // name word's first four letters -> customers
	byAmount  map[money.Cents][]*invoice
}

// NewMatcher indexes the open invoices.
func NewMatcher(open []OpenInvoice, opt Options) *Matcher {
	m := &Matcher{
		opt:       opt.withDefaults(),
		invoices:  map[string]*invoice{},
		customers: map[string]*customer{},
		keys:      map[string][]keyHit{},
		deletions: map[string][]*invoice{},
		refs:      map[string]*customer{},
		names:     map[string][]*customer{},
		byAmount:  map[money.Cents][]*invoice{},
	}
	for i, oi := range open {
		if oi.Open <= 0 {
			continue
		}
		inv := &invoice{OpenInvoice: oi, open: oi.Open, order: i}
		m.invoices[oi.ID] = inv
		c := m.customers[oi.CustomerRef]
		if c == nil {
			c = &customer{ref: oi.CustomerRef, name: oi.CustomerName, tokens: nameTokens(oi.CustomerName)}
			m.customers[oi.CustomerRef] = c
			if k := strings.Join(tokens(oi.CustomerRef), ""); refUsable(k) {
				m.refs[k] = c
			}
			seen := map[string]bool{}
			for _, t := range c.tokens {
				if k := nameKey(t); !seen[k] {
					seen[k] = true
					m.names[k] = append(m.names[k], c)
				}
			}
		}
		c.invoices = append(c.invoices, inv)
		m.byAmount[inv.open] = append(m.byAmount[inv.open], inv)
		toks := tokens(oi.Number)
		if len(toks) == 0 {
			continue
		}
		compact, rk, loose := keyForms(toks)
		m.keys[compact] = append(m.keys[compact], keyHit{inv, strengthExact})
		if rk != compact {
			m.keys[rk] = append(m.keys[rk], keyHit{inv, strengthExact})
		}
		if loose != compact {
			m.keys[loose] = append(m.keys[loose], keyHit{inv, strengthLoose})
		}
		if len(compact) >= 6 {
			for _, d := range deletes(compact) {
				m.deletions[d] = append(m.deletions[d], inv)
			}
		}
	}
	for _, c := range m.customers {
		sort.SliceStable(c.invoices, func(a, b int) bool { return older(c.invoices[a], c.invoices[b]) })
	}
	return m
}

// refUsable keeps customer references that cannot be mistaken for ordinary words or
// amounts: with a digit and a letter, or long.
func refUsable(k string) bool {
	var letter, digit bool
	for i := 0; i < len(k); i++ {
		if isDigit(k[i]) {
			digit = true
		} else {
			letter = true
		}
	}
	return len(k) >= 4 && (letter && digit || len(k) >= 6 && letter)
}

// nameKey indexes a name word by its first four letters, so that a bank's truncated
// "TRANSP" finds "TRANSPORTS"; the similarity check that follows decides.
func nameKey(t string) string { return t[:min(len(t), 4)] }

func older(a, b *invoice) bool {
	if c := a.DueDate.Compare(b.DueDate); c != 0 {
		return c < 0
	}
	if c := a.IssueDate.Compare(b.IssueDate); c != 0 {
		return c < 0
	}
	return a.order < b.order
}

func deletes(s string) []string {
	out := make([]string, 0, len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[:i]+s[i+1:])
	}
	return out
}

// Commit records a proposal's allocations, so that later payments do not claim the same
// open amounts. MatchAll commits the automatic proposals it makes.
func (m *Matcher) Commit(p Proposal) {
	for _, a := range p.Allocations {
		inv := m.invoices[a.InvoiceID]
		if inv == nil {
			continue
		}
		inv.open -= min(a.Amount, inv.open)
		if inv.open > 0 {
			m.byAmount[inv.open] = append(m.byAmount[inv.open], inv)
		}
	}
}

// MatchAll matches payments in order, committing each automatic proposal before the next
// payment is matched.
func (m *Matcher) MatchAll(payments []Payment) []Proposal {
	out := make([]Proposal, 0, len(payments))
	for _, p := range payments {
		pr := m.Match(p)
		if pr.Auto {
			m.Commit(pr)
		}
		out = append(out, pr)
	}
	return out
}
