package penalty

import (
	"errors"
	"strconv"

	"github.com/relance-app/relance/internal/civil"
)

// TermsCheck compares an invoice's payment term with the caps of C. com. L441-10 I: at most
// 60 days after the issue date, or, if expressly agreed, 45 days end of month, which the
// DGCCRF accepts counted either way: A, issue date + 45 days then end of that month; B, end of
// the issue month then + 45 days (legal note §4.1). The contract says which method applies,
// so both limits are reported.
type TermsCheck struct {
	IssueDate civil.Date `json:"issue_date"`
	DueDate   civil.Date `json:"due_date"`
	// Days is the agreed term: due date − issue date.
	Days int `json:"days"`
	// Limit60 is the latest due date of 60 days net.
	Limit60 civil.Date `json:"limit_60_days"`
	// Limit45EOMA is issue + 45 days, then end of month.
	Limit45EOMA civil.Date `json:"limit_45_eom_a"`
	// Limit45EOMB is end of the issue month, then + 45 days.
	Limit45EOMB   civil.Date `json:"limit_45_eom_b"`
	Exceeds60     bool       `json:"exceeds_60_days"`
	Exceeds45EOMA bool       `json:"exceeds_45_eom_a"`
	Exceeds45EOMB bool       `json:"exceeds_45_eom_b"`
	// Flagged is set when the term exceeds 60 days: the general cap. A term beyond it is
	// lawful only under an express 45-days-end-of-month clause, if within that limit.
	Flagged bool `json:"flagged"`
	// Findings says which limits are exceeded, one sentence each, or that none is.
	Findings []Text `json:"findings"`
}

// ExceedsLegalTerms reports what CheckTerms flags — terms beyond 60 days from the issue date —
// without writing its findings: an import checks every row, and the findings' sentences in
// two languages were most of that check's time.
func ExceedsLegalTerms(issue, due civil.Date) bool {
	return !issue.IsZero() && due.After(issue.AddDays(60))
}

// CheckTerms checks the term from issue to due. Sector caps (L441-11: perishable food,
// transport…) and periodic invoices (45 days) are not covered.
func CheckTerms(issue, due civil.Date) (TermsCheck, error) {
	if issue.IsZero() || due.IsZero() {
		return TermsCheck{}, errors.New("payment terms: issue and due dates are needed")
	}
	c := TermsCheck{IssueDate: issue, DueDate: due, Days: due.Sub(issue), Limit60: issue.AddDays(60),
		Limit45EOMA: issue.AddDays(45).EndOfMonth(), Limit45EOMB: issue.EndOfMonth().AddDays(45), Findings: []Text{}}
	c.Exceeds60 = due.After(c.Limit60)
	c.Exceeds45EOMA = due.After(c.Limit45EOMA)
	c.Exceeds45EOMB = due.After(c.Limit45EOMB)
	c.Flagged = ExceedsLegalTerms(issue, due)
	days := strconv.Itoa(c.Days)
	exceeded := func(limit civil.Date, en, fr string) Text {
		return bilingual(func(l string) string {
			return pick(l, "The due date "+day(due, l)+" ("+days+" days after the issue date) is beyond "+en+" (limit "+day(limit, l)+").",
				"L'échéance du "+day(due, l)+" ("+days+" jours après la date de facture) dépasse "+fr+" (limite le "+day(limit, l)+").")
		})
	}
	if c.Exceeds60 {
		c.Findings = append(c.Findings, exceeded(c.Limit60, "60 days from the issue date (C. com. L441-10 I)", "60 jours à compter de la date de facture (C. com. L441-10 I)"))
	}
	if c.Exceeds45EOMA {
		c.Findings = append(c.Findings, exceeded(c.Limit45EOMA, "45 days end of month counted +45 days then end of month", "45 jours fin de mois comptés +45 jours puis fin de mois"))
	}
	if c.Exceeds45EOMB {
		c.Findings = append(c.Findings, exceeded(c.Limit45EOMB, "45 days end of month counted end of month then +45 days", "45 jours fin de mois comptés fin de mois puis +45 jours"))
	}
	switch {
	case len(c.Findings) == 0:
		c.Findings = append(c.Findings, bilingual(func(l string) string {
			return pick(l, "The term of "+days+" days is within every cap.", "Le délai de "+days+" jours respecte tous les plafonds.")
		}))
	case c.Exceeds60 && (!c.Exceeds45EOMA || !c.Exceeds45EOMB):
		c.Findings = append(c.Findings, bilingual(func(l string) string {
			return pick(l, "Beyond 60 days, the term is lawful only if 45 days end of month was expressly agreed, counted the way that allows it.",
				"Au-delà de 60 jours, le délai n'est licite que si 45 jours fin de mois a été expressément convenu, selon le mode de calcul qui le permet.")
		}))
	}
	return c, nil
}
