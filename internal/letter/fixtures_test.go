package letter

import (
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/civil"
)

// The documents below stand for what the templates produce. Amounts carry the no-break
// spaces of French typography: U+00A0 as internal/money writes them, U+202F as a template
// may.

const nbsp, nnbsp = "\u00a0", "\u202f"

func sender() Party {
	return Party{
		Name:  "Ateliers Lumière SAS",
		Lines: []string{"12 rue de la Charité", "69002 Lyon"},
		Extra: []string{
			"SIREN 812" + nbsp + "345" + nbsp + "678 · TVA FR41" + nbsp + "812345678",
			"04 72 00 00 00 · recouvrement@ateliers-lumiere.fr",
		},
	}
}

func footer() string {
	return "Ateliers Lumière SAS au capital de 150" + nbsp + "000" + nbsp + "€ · RCS Lyon 812" + nbsp + "345" + nbsp + "678 · " +
		"12 rue de la Charité, 69002 Lyon · IBAN FR76" + nbsp + "3000" + nbsp + "4000" + nbsp + "0312" + nbsp + "3456" + nbsp + "7890" + nbsp + "143 · BIC BNPAFRPPXXX"
}

// reminderFR is a simple reminder: a few paragraphs, one invoice, a payment link.
func reminderFR() Document {
	return Document{
		Lang:   "fr",
		Sender: sender(),
		Recipient: Party{
			Name:      "Boulangerie Dupré SARL",
			Attention: "À l'attention de Mme Élise Dupré, comptabilité",
			Lines:     []string{"3 place des Célestins", "69002 LYON"},
		},
		Place: "Lyon",
		Date:  civil.D(2026, time.November, 23),
		References: []Reference{
			{Label: "Nos réf. :", Value: "REL-2026-0417"},
			{Label: "Client n°", Value: "C-00231"},
		},
		Subject: "Facture FA-2026-0312 restée impayée",
		Body: []Block{
			Paragraph{Text: "Madame, Monsieur,", Align: "L"},
			Paragraph{Text: "Sauf erreur de notre part, la facture FA-2026-0312 du 15 septembre 2026, d'un montant de 1" + nnbsp + "234,56" + nbsp + "€ et échue le 15 octobre 2026, reste impayée à ce jour. Il s'agit sans doute d'un simple oubli."},
			Paragraph{Text: "Nous vous remercions de bien vouloir procéder à son règlement dans les meilleurs délais, par virement sur le compte indiqué en pied de page ou en ligne à l'adresse https://paiement.ateliers-lumiere.fr/facture/FA-2026-0312?client=C-00231&jeton=6f1c0a9e2b7d4c3e8a5f, en rappelant la référence de la facture."},
			Paragraph{Text: "Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de ce courrier.", Italic: true},
			Paragraph{Text: "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."},
		},
		Signature: []string{"Claire Martin", "Responsable du recouvrement", "Ateliers Lumière SAS"},
		Footer:    footer(),
	}
}

// formalNoticeFR is a registered formal notice with three invoices, penalties and the
// recovery indemnity.
func formalNoticeFR() Document {
	invoices := Table{
		Columns: []Column{
			{Title: "Facture", Align: "L", Width: 0.16},
			{Title: "Date", Align: "C", Width: 0.13},
			{Title: "Échéance", Align: "C", Width: 0.13},
			{Title: "Montant TTC", Align: "R", Width: 0.2},
			{Title: "Réglé", Align: "R", Width: 0.18},
			{Title: "Solde dû", Align: "R", Width: 0.2},
		},
		Rows: [][]string{
			{"FA-2026-0312", "15/09/2026", "15/10/2026", "1" + nnbsp + "234,56" + nbsp + "€", "0,00" + nbsp + "€", "1" + nnbsp + "234,56" + nbsp + "€"},
			{"FA-2026-0345", "30/09/2026", "30/10/2026", "4" + nbsp + "800,00" + nbsp + "€", "1" + nbsp + "000,00" + nbsp + "€", "3" + nbsp + "800,00" + nbsp + "€"},
			{"FA-2026-0388", "12/10/2026", "11/11/2026", "12" + nbsp + "345,67" + nbsp + "€", "0,00" + nbsp + "€", "12" + nbsp + "345,67" + nbsp + "€"},
		},
		Total: []string{"Total", "", "", "18" + nbsp + "380,23" + nbsp + "€", "1" + nbsp + "000,00" + nbsp + "€", "17" + nbsp + "380,23" + nbsp + "€"},
	}
	penalties := Table{
		Columns: []Column{
			{Title: "Sommes dues au 23 novembre 2026", Align: "L", Width: 0.8},
			{Title: "Montant", Align: "R", Width: 0.2},
		},
		Rows: [][]string{
			{"Principal (solde des factures ci-dessus)", "17" + nbsp + "380,23" + nbsp + "€"},
			{"Pénalités de retard au taux de 12,15" + nbsp + "% l'an (taux BCE 2,15" + nbsp + "% + 10 points), du lendemain de chaque échéance au 23 novembre 2026", "93,41" + nbsp + "€"},
			{"Indemnités forfaitaires pour frais de recouvrement (3 × 40" + nbsp + "€, art. L441-10 et D441-5 du Code de commerce)", "120,00" + nbsp + "€"},
		},
		Total: []string{"Total réclamé", "17" + nbsp + "593,64" + nbsp + "€"},
	}
	return Document{
		Lang:   "fr",
		Sender: sender(),
		Recipient: Party{
			Name:      "Transports Bérard et Fils SARL",
			Attention: "À l'attention de M. Jean-Noël Bérard, gérant",
			Lines:     []string{"ZI des Îles", "145 chemin du Grand Clos", "38120 SAINT-ÉGRÈVE"},
		},
		Place:      "Lyon",
		Date:       civil.D(2026, time.November, 23),
		Registered: "Lettre recommandée avec accusé de réception n° 1A 234 567 8901 2",
		References: []Reference{
			{Label: "Nos réf. :", Value: "MED-2026-0031"},
			{Label: "Client n° :", Value: "C-00118"},
			{Label: "Dossier suivi par :", Value: "Claire Martin, 04 72 00 00 01"},
		},
		Subject: "Mise en demeure de payer",
		Body: []Block{
			Paragraph{Text: "Monsieur,", Align: "L"},
			Paragraph{Text: "Malgré nos relances du 21 octobre et du 6 novembre 2026, restées sans effet, les factures ci-dessous demeurent impayées :"},
			invoices,
			Paragraph{Text: "Conformément à nos conditions générales de vente et aux articles L441-10 et D441-5 du Code de commerce, ces sommes sont majorées des pénalités de retard et de l'indemnité forfaitaire pour frais de recouvrement de 40" + nbsp + "€ par facture :"},
			penalties,
			Paragraph{Text: "Par la présente, nous vous mettons en demeure de nous régler la somme de 17" + nbsp + "593,64" + nbsp + "€ dans un délai de huit jours à compter de la réception de ce courrier, soit au plus tard le 8 décembre 2026, par virement sur notre compte IBAN FR76" + nbsp + "3000" + nbsp + "4000" + nbsp + "0312" + nbsp + "3456" + nbsp + "7890" + nbsp + "143 (BIC BNPAFRPPXXX) en indiquant la référence MED-2026-0031."},
			Paragraph{Text: "À défaut de règlement dans ce délai, nous saisirons sans autre avis le tribunal compétent d'une requête en injonction de payer, les frais de procédure restant à votre charge, et les intérêts continueront de courir jusqu'au complet paiement."},
			Paragraph{Text: "La présente « mise en demeure » fait courir les intérêts moratoires au sens de l'article 1344-1 du Code civil."},
			Paragraph{Text: "Veuillez agréer, Monsieur, nos salutations distinguées."},
		},
		Signature:  []string{"Claire Martin", "Responsable du recouvrement", "Ateliers Lumière SAS"},
		Enclosures: []string{"Copie des factures FA-2026-0312, FA-2026-0345 et FA-2026-0388", "Relevé de compte au 23 novembre 2026"},
		Footer:     footer(),
	}
}

// statementFR is a statement of account of 80 lines over several pages.
func statementFR() Document {
	t := Table{
		Columns: []Column{
			{Title: "Date", Align: "L", Width: 0.12},
			{Title: "Pièce", Align: "L", Width: 0.15},
			{Title: "Libellé", Align: "L"},
			{Title: "Échéance", Align: "L", Width: 0.12},
			{Title: "Débit", Align: "R", Width: 0.13},
			{Title: "Crédit", Align: "R", Width: 0.13},
		},
	}
	var debit, credit int64
	day := civil.D(2026, time.January, 5)
	for i := range 80 {
		d := day.AddDays(i * 4)
		if i%3 == 2 {
			c := int64(50000 + i*1733)
			credit += c
			t.Rows = append(t.Rows, []string{d.Format("fr"), fmt.Sprintf("RG-%04d", i), "Règlement par virement reçu", "", "", euros(c)})
			continue
		}
		a := int64(80000 + i*2917)
		debit += a
		label := fmt.Sprintf("Facture n° %d — prestations d'éclairage, chantier « Halle %d »", 200+i, i%7)
		t.Rows = append(t.Rows, []string{d.Format("fr"), fmt.Sprintf("FA-2026-%04d", 200+i), label, d.AddDays(30).Format("fr"), euros(a), ""})
	}
	t.Total = []string{"Totaux", "", "Solde dû : " + euros(debit-credit), "", euros(debit), euros(credit)}
	d := reminderFR()
	d.References = []Reference{{Label: "Client n° :", Value: "C-00231"}}
	d.Subject = "Relevé de compte au 23 novembre 2026"
	d.Body = []Block{
		Paragraph{Text: "Madame, Monsieur,", Align: "L"},
		Paragraph{Text: "Veuillez trouver ci-dessous le relevé de votre compte client à ce jour. Les factures échues non réglées sont exigibles immédiatement."},
		Heading{Text: "Mouvements de l'exercice 2026"},
		t,
		Paragraph{Text: "Nous restons à votre disposition pour tout renseignement."},
	}
	d.Signature = []string{"Service comptabilité clients", "Ateliers Lumière SAS"}
	return d
}

// reminderEN is the same reminder in English, with its invoice in a table.
func reminderEN() Document {
	d := reminderFR()
	d.Lang = "en"
	d.Recipient = Party{
		Name:      "Harbour & Sons Ltd",
		Attention: "For the attention of Mr Tom O'Neill, Accounts Payable",
		Lines:     []string{"Unit 4, Riverside Park", "Bristol BS1 6QH", "UNITED KINGDOM"},
	}
	d.References = []Reference{{Label: "Our ref.", Value: "REL-2026-0418"}, {Label: "Customer no.", Value: "C-00412"}}
	d.Subject = "Overdue invoice FA-2026-0320"
	d.Body = []Block{
		Paragraph{Text: "Dear Sir or Madam,", Align: "L"},
		Paragraph{Text: "According to our records, the following invoice, due on 20 October 2026, has not been paid yet. It may simply have been overlooked."},
		Table{
			Columns: []Column{{Title: "Invoice", Width: 0.25}, {Title: "Date", Width: 0.2}, {Title: "Due date", Width: 0.2}, {Title: "Balance due", Align: "R"}},
			Rows:    [][]string{{"FA-2026-0320", "20 Sep 2026", "20 Oct 2026", "€2,450.00"}},
			Total:   []string{"Total", "", "", "€2,450.00"},
		},
		Paragraph{Text: "We would be grateful if you could settle it within the next few days by bank transfer, quoting the invoice number. If payment has crossed with this letter, please disregard it."},
		Paragraph{Text: "Yours faithfully,", Align: "L"},
	}
	d.Signature = []string{"Claire Martin", "Credit Controller"}
	d.Enclosures = []string{"Copy of invoice FA-2026-0320"}
	return d
}

// euros formats cents the French way, as internal/money does.
func euros(c int64) string {
	s := fmt.Sprintf("%d", c/100)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, nbsp...)
		}
		out = append(out, s[i])
	}
	return fmt.Sprintf("%s,%02d%s€", out, c%100, nbsp)
}
