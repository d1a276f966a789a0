package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/penalty"
	"github.com/relance-app/relance/internal/receivable"
)

// The statement with penalties on the customer page: for each invoice past due, its principal,
// the payments received, the periods of late interest, the recovery indemnity and the
// balance, then the totals, as of today — and the same statement as a PDF letter to send or
// to file. A rate missing from the company's table is said, with how to add it: relance never
// guesses a rate.
func init() {
	addRoute("GET /c/{company}/customers/{ref}/statement.pdf", func(s *Server) http.Handler { return s.page(auth.Viewer, s.customerStatementPDF) })
	customerSectionPartials = append(customerSectionPartials, "customer_statement")
	customerSections = append(customerSections, customerStatementSection)
}

// statementView is the statement section: the statement, or why there is none.
type statementView struct {
	Statement penalty.Statement
	// Warnings are the invoices' warnings for the user (an unconfirmed rate…), each once.
	Warnings []penalty.Text
	// Missing, when set, is the advice for the rate the statement needs and the company's
	// table lacks, in the page's language.
	Missing string
	// Failed, when set, is why the statement could not be computed otherwise (a law relance
	// does not know for this customer…).
	Failed string
}

func customerStatementSection(s *Server, r *http.Request, cu receivable.Customer, d *customerData) error {
	st, _, err := s.app.CustomerStatement(r.Context(), companyOf(r), cu.Ref, app.StatementOptions{})
	v := statementView{Statement: st}
	var missing *penalty.MissingRateError
	switch {
	case errors.As(err, &missing):
		v.Missing = missing.Advice(langOf(r))
	case err != nil:
		// The rest of the customer page stays useful: the section says what failed.
		s.log.Warn("statement failed", "customer", cu.Ref, "error", err)
		v.Failed = err.Error()
	}
	for _, it := range st.Invoices {
		for _, w := range it.Warnings {
			if !slices.Contains(v.Warnings, w) {
				v.Warnings = append(v.Warnings, w)
			}
		}
	}
	d.Extra["statement"] = v
	return nil
}

// customerStatementPDF serves the statement of claim as a PDF letter, in the page's language.
func (s *Server) customerStatementPDF(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	cu, err := s.app.Store.CustomerByRef(r.Context(), co.ID, r.PathValue("ref"))
	if err != nil {
		return err
	}
	st, cu, err := s.app.CustomerStatement(r.Context(), co, cu.Ref, app.StatementOptions{})
	var missing *penalty.MissingRateError
	if errors.As(err, &missing) {
		return &httpError{http.StatusUnprocessableEntity, "missing_rate", missing.Advice(langOf(r))}
	}
	if err != nil {
		return err
	}
	pdf, err := letter.PDF(app.StatementDocument(co, cu, st, langOf(r)))
	if err != nil {
		return err
	}
	name := "decompte-" + cu.Ref + "-" + st.Day.String() + ".pdf"
	if langOf(r) == "en" {
		name = "statement-of-claim-" + cu.Ref + "-" + st.Day.String() + ".pdf"
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+safeFileName(name)+`"`)
	w.Write(pdf)
	return nil
}

func init() {
	addFR(map[string]string{
		"Statement with penalties": "Décompte avec pénalités", "PDF": "PDF", "Invoice": "Facture", "Days late": "Jours de retard",
		"Principal": "Principal", "Paid": "Payé", "Outstanding": "Restant dû", "Interest": "Intérêts", "Indemnity": "Indemnité",
		"Balance": "Solde", "Interest periods and payments": "Périodes d'intérêts et règlements", "Payment of": "Règlement du",
		"Interest from": "Intérêts du", "Up to": "Au", "Days": "Jours", "Rate": "Taux", "Base": "Base", "Rules applied": "Règles appliquées",
		"No invoice is past due: no penalty is owed today.":                                           "Aucune facture échue : aucune pénalité n'est due aujourd'hui.",
		"The statement needs a rate the company's table does not hold:":                               "Le décompte a besoin d'un taux absent de la table de la société :",
		"An administrator adds it on the command line; the statement appears as soon as it is there.": "Un administrateur l'ajoute en ligne de commande ; le décompte apparaît dès qu'il est là.",
		"The statement cannot be computed:":                                                           "Le décompte ne peut être calculé :", "as of": "au",
	})
}
