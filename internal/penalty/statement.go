package penalty

import (
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// StatementInput is what a statement of claim (décompte) is built from: one customer, the
// terms that apply to it, its invoices and the day of the statement.
type StatementInput struct {
	CustomerRef  string
	CustomerName string
	Terms        Terms
	Invoices     []Invoice
	Day          civil.Date
}

// Statement is the statement of claim for one customer on a day: per invoice the principal,
// the payments received, each interest line, the indemnity and the balance, then the totals.
// It is the table a formal notice, an injonction de payer request (CPC 1407: « décompte des
// différents éléments de la créance ») or a lawyer needs, in a form every renderer can use.
type Statement struct {
	CustomerRef  string          `json:"customer_ref"`
	CustomerName string          `json:"customer_name"`
	Day          civil.Date      `json:"day"`
	Currency     string          `json:"currency"`
	Invoices     []StatementItem `json:"invoices"`
	// Totals over the invoices.
	Principal   money.Cents `json:"principal_cents"`
	Paid        money.Cents `json:"paid_cents"`
	Outstanding money.Cents `json:"outstanding_cents"`
	Interest    money.Cents `json:"interest_cents"`
	Indemnity   money.Cents `json:"indemnity_cents"`
	// Total is Interest + Indemnity over all invoices.
	Total money.Cents `json:"total_cents"`
	// Balance is what the customer owes on Day: Outstanding + Total.
	Balance money.Cents `json:"balance_cents"`
	// Notes are the rules applied, each once.
	Notes []Text `json:"notes"`
}

// StatementItem is one invoice of a statement: its computation and what it was built from.
type StatementItem struct {
	Result
	IssueDate  civil.Date `json:"issue_date"`
	NoticeDate civil.Date `json:"notice_date"`
	// Payments are those received by the statement's day, in date order.
	Payments []Payment `json:"payments"`
	// Balance is Outstanding + Total: what this invoice still costs the customer.
	Balance money.Cents `json:"balance_cents"`
}

// BuildStatement computes every invoice of in on in.Day, the oldest due first. All invoices
// must be in one currency. It fails as Compute does, naming the invoice.
func BuildStatement(in StatementInput, rates Table) (Statement, error) {
	invs := append([]Invoice(nil), in.Invoices...)
	sort.SliceStable(invs, func(i, j int) bool {
		if c := invs[i].DueDate.Compare(invs[j].DueDate); c != 0 {
			return c < 0
		}
		return invs[i].Number < invs[j].Number
	})
	st := Statement{CustomerRef: in.CustomerRef, CustomerName: in.CustomerName, Day: in.Day,
		Invoices: []StatementItem{}, Notes: []Text{}}
	for _, inv := range invs {
		res, err := Compute(inv, in.Terms, in.Day, rates)
		if err != nil {
			return Statement{}, fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
		if st.Currency == "" {
			st.Currency = res.Currency
		} else if res.Currency != st.Currency {
			return Statement{}, fmt.Errorf("invoice %s is in %s, the statement in %s: make one statement per currency", inv.Number, res.Currency, st.Currency)
		}
		item := StatementItem{Result: res, IssueDate: inv.IssueDate, NoticeDate: inv.NoticeDate, Payments: []Payment{}}
		for _, p := range inv.Payments {
			if !p.Date.After(in.Day) {
				item.Payments = append(item.Payments, p)
			}
		}
		sort.SliceStable(item.Payments, func(i, j int) bool { return item.Payments[i].Date.Before(item.Payments[j].Date) })
		item.Balance = res.Outstanding + res.Total
		st.Invoices = append(st.Invoices, item)
		st.Principal += res.Principal
		st.Paid += res.Paid
		st.Outstanding += res.Outstanding
		st.Interest += res.Interest
		st.Indemnity += res.Indemnity
		st.Notes = appendUnique(st.Notes, res.Notes...)
	}
	st.Total = st.Interest + st.Indemnity
	st.Balance = st.Outstanding + st.Total
	return st, nil
}
