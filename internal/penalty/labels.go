package penalty

// labels are the words of the rendered tables, English then French.
var labels = map[string][2]string{
	"from":        {"From", "Du"},
	"to":          {"To", "Au"},
	"days":        {"Days", "Jours"},
	"rate":        {"Rate", "Taux"},
	"base":        {"Base", "Base"},
	"amount":      {"Interest", "Intérêts"},
	"basis":       {"Basis", "Fondement"},
	"invoice":     {"Invoice", "Facture"},
	"issued":      {"issued", "du"},
	"due":         {"due", "échéance"},
	"paid_on":     {"paid on", "payée le"},
	"unpaid":      {"unpaid", "impayée"},
	"days_late":   {"days late", "jours de retard"},
	"principal":   {"Principal", "Principal"},
	"payment":     {"Payment of", "Paiement du"},
	"notice":      {"Formal notice of", "Mise en demeure du"},
	"interest":    {"Late interest", "Intérêts de retard"},
	"indemnity":   {"Flat indemnity", "Indemnité forfaitaire"},
	"total":       {"Interest and indemnity", "Intérêts et indemnité"},
	"outstanding": {"Principal outstanding", "Principal restant dû"},
	"balance":     {"Balance due", "Solde dû"},
	"statement":   {"Statement of claim", "Décompte de la créance"},
	"on":          {"on", "au"},
	"totals":      {"Totals", "Totaux"},
	"rules":       {"Rules applied", "Règles appliquées"},
	"warnings":    {"Check", "À vérifier"},
	"no_interest": {"No interest line.", "Aucune ligne d'intérêts."},
}

// label returns the word for key in lang.
func label(key, lang string) string {
	l := labels[key]
	if lang == "en" {
		return l[0]
	}
	return l[1]
}
