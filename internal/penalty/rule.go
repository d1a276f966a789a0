package penalty

import (
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

// rule is one country's late-payment law for one kind of debtor: where the statutory rate
// comes from and how it is fixed, and the flat compensation. The rates are data (Table); the
// way they combine is here, each with its legal basis.
type rule struct {
	name      string     // "FR b2b", shown in results
	reference Series     // the published rate the statutory rate is built on
	margin    money.Rate // points added to the reference
	// roundUp, when set, rounds the statutory rate up to a multiple of it (Belgium: half a
	// point).
	roundUp money.Rate
	// fixedAtStart keeps for the whole debt the rate of the half-year in which interest starts
	// (United Kingdom); otherwise each half-year has its own rate.
	fixedAtStart bool
	// compoundYearly adds the interest of each full year of delay, counted from the first
	// day of interest, to the base (Netherlands). It applies to the statutory rate only: a
	// stipulated rate is simple interest unless the contract says otherwise, which relance
	// does not model.
	compoundYearly bool
	// fromNotice makes interest run only from the formal notice, at the legal rate (French
	// consumers): no penalty, no indemnity.
	fromNotice bool
	// floorCheck warns when a stipulated rate is below 3 × the French legal rate (L441-10 II).
	floorCheck bool
	currency   string
	indemnity  func(principal money.Cents) money.Cents
	law        Text   // the statute, as cited in each line's basis
	notes      []Text // the rule as shown with every result
}

func flat(c money.Cents) func(money.Cents) money.Cents {
	return func(money.Cents) money.Cents { return c }
}

// euroBaseline lists the euro-area states (members since 2015 at least, so that the ECB rate
// is their reference for every period a claim can still cover) without a rule of their own:
// the Directive 2011/7 minimum applies to them. Other states' reference rate is their central
// bank's, which relance does not hold: it refuses rather than guess.
var euroBaseline = map[string]bool{"AT": true, "CY": true, "EE": true, "FI": true, "GR": true,
	"EL": true, "IE": true, "LT": true, "LU": true, "LV": true, "MT": true, "PT": true, "SI": true, "SK": true}

var (
	noteSimple = bilingual(func(l string) string {
		return pick(l, "Simple interest on the amount still unpaid, including VAT (CJEU C-585/20); each line is rounded to the cent and the interest is the sum of the lines.",
			"Intérêts simples sur le montant TTC restant dû (CJUE C-585/20) ; chaque ligne est arrondie au centime, les intérêts sont la somme des lignes.")
	})
	noteDays = bilingual(func(l string) string {
		return pick(l, "Interest runs from the day after the due date to the payment date included: days = payment date − due date.",
			"Les intérêts courent du lendemain de l'échéance au jour du paiement inclus : jours = date de paiement − date d'échéance.")
	})
	note40 = bilingual(func(l string) string {
		return pick(l, "Flat recovery indemnity of 40 EUR per invoice paid late (C. com. L441-10 II, D441-5): due from the first day of delay, not per day, not split by partial payments, not subject to VAT.",
			"Indemnité forfaitaire pour frais de recouvrement de 40 EUR par facture payée en retard (C. com. L441-10 II, D441-5) : due dès le premier jour de retard, ni par jour, ni divisée en cas de paiement partiel, hors TVA.")
	})
	noteDirective40 = bilingual(func(l string) string {
		return pick(l, "Fixed compensation of at least 40 EUR per invoice paid late (Directive 2011/7/EU art. 6).",
			"Indemnité forfaitaire d'au moins 40 EUR par facture payée en retard (directive 2011/7/UE art. 6).")
	})
)

func frB2B() rule {
	return rule{
		name: "FR b2b", reference: ECBMRO, margin: money.Percent(1000), floorCheck: true,
		currency: "EUR", indemnity: flat(4000),
		law: Text{FR: "art. L441-10 C. com.", EN: "Code de commerce L441-10"},
		notes: []Text{
			bilingual(func(l string) string {
				return pick(l, "Late-payment penalties between businesses are due from the day after the due date, without any reminder (C. com. L441-10 II).",
					"Les pénalités de retard entre professionnels sont dues dès le lendemain de l'échéance, sans rappel (C. com. L441-10 II).")
			}),
			noteDays, noteSimple, note40,
		},
	}
}

func frPublic() rule {
	return rule{
		name: "FR public", reference: ECBMRO, margin: money.Percent(800),
		currency: "EUR", indemnity: flat(4000),
		law: Text{FR: "intérêts moratoires, C. commande publique", EN: "moratorium interest, Code de la commande publique"},
		notes: []Text{
			bilingual(func(l string) string {
				return pick(l, "Public buyer: moratorium interest at the ECB main refinancing rate + 8 points and the 40 EUR indemnity (Code de la commande publique; legal note §4.2).",
					"Acheteur public : intérêts moratoires au taux de refinancement de la BCE + 8 points et indemnité de 40 EUR (Code de la commande publique ; note juridique §4.2).")
			}),
			bilingual(func(l string) string {
				return pick(l, "Interpretation: the rate is taken per half-year as for L441-10; check in the Code de la commande publique whether it stays at the rate of the half-year in which interest started.",
					"Interprétation : le taux est pris par semestre comme pour L441-10 ; vérifier dans le Code de la commande publique s'il reste celui du semestre où les intérêts ont commencé à courir.")
			}),
			noteDays, noteSimple, note40,
		},
	}
}

func frConsumer() rule {
	return rule{
		name: "FR b2c", reference: FRLegalOther, fromNotice: true, currency: "EUR",
		law: Text{FR: "art. 1231-6 et 1344-1 C. civ.", EN: "Code civil 1231-6 and 1344-1"},
		notes: []Text{
			bilingual(func(l string) string {
				return pick(l, "Consumer debtor: no late-payment penalty and no 40 EUR indemnity (L441-10 applies between businesses; recovery costs cannot be charged to a consumer without an enforcement title, CPCE L111-8).",
					"Débiteur consommateur : ni pénalités de retard ni indemnité de 40 EUR (L441-10 vaut entre professionnels ; aucun frais de recouvrement ne peut être mis à la charge d'un consommateur sans titre exécutoire, CPCE L111-8).")
			}),
			bilingual(func(l string) string {
				return pick(l, "Interest at the legal rate for a business creditor (\"other cases\") runs only from the formal notice (C. civ. 1231-6, 1344-1), from the day after its date.",
					"Les intérêts au taux légal applicable à un créancier professionnel (« autres cas ») ne courent qu'à compter de la mise en demeure (C. civ. 1231-6, 1344-1), à partir du lendemain de sa date.")
			}),
			noteSimple,
		},
	}
}

func directive(name string, ref Series, margin int64, law Text, extra ...Text) rule {
	r := rule{name: name, reference: ref, margin: money.Percent(margin), currency: "EUR",
		indemnity: flat(4000), law: law}
	r.notes = append(append(r.notes, extra...), noteDays, noteSimple, noteDirective40)
	return r
}

// ruleFor picks the law for terms, or says why relance cannot compute.
func ruleFor(t Terms) (rule, error) {
	country := strings.ToUpper(strings.TrimSpace(t.Country))
	if country == "" {
		country = "FR"
	}
	kind := t.Kind
	if kind == "" {
		kind = receivable.B2B
	}
	if country != "FR" && kind == receivable.B2C {
		return rule{}, fmt.Errorf("late interest against a consumer is only handled under French law, not %s", country)
	}
	switch country {
	case "FR":
		switch kind {
		case receivable.B2C:
			return frConsumer(), nil
		case receivable.Public:
			return frPublic(), nil
		}
		return frB2B(), nil
	case "BE":
		r := directive("BE", BEReference, 800,
			Text{FR: "loi du 2 août 2002, art. 5", EN: "Belgian law of 2 August 2002, art. 5"},
			bilingual(func(l string) string {
				return pick(l, "Belgium: reference rate + 8 points, rounded up to the next half point (law of 2 August 2002 art. 5, as amended in 2013). The 40 EUR (art. 6) is the Directive minimum; its Belgian text was not confirmed.",
					"Belgique : taux de référence + 8 points, arrondi au demi-point supérieur (loi du 2 août 2002 art. 5, modifiée en 2013). Les 40 EUR (art. 6) sont le minimum de la directive ; le texte belge n'a pas été confirmé.")
			}))
		r.roundUp = money.Percent(50)
		return r, nil
	case "DE":
		return directive("DE", DEBase, 900, Text{FR: "§ 288 al. 2 BGB", EN: "§ 288(2) BGB"},
			bilingual(func(l string) string {
				return pick(l, "Germany: base rate (Basiszinssatz, § 247 BGB) + 9 points between businesses (§ 288(2) BGB; + 8 for contracts concluded before 29 July 2014), and a 40 EUR Pauschale (§ 288(5)).",
					"Allemagne : taux de base (Basiszinssatz, § 247 BGB) + 9 points entre professionnels (§ 288 al. 2 BGB ; + 8 pour les contrats conclus avant le 29 juillet 2014), et forfait de 40 EUR (§ 288 al. 5).")
			})), nil
	case "ES":
		return directive("ES", ESReference, 800, Text{FR: "Ley 3/2004, art. 7", EN: "Ley 3/2004, art. 7"},
			bilingual(func(l string) string {
				return pick(l, "Spain: reference rate published in the BOE each half-year + 8 points (Ley 3/2004 art. 7), and 40 EUR per unpaid invoice (art. 8).",
					"Espagne : taux de référence publié au BOE chaque semestre + 8 points (Ley 3/2004 art. 7), et 40 EUR par facture impayée (art. 8).")
			})), nil
	case "IT":
		return directive("IT", ITReference, 800, Text{FR: "D.Lgs. 231/2002, art. 5", EN: "D.Lgs. 231/2002, art. 5"},
			bilingual(func(l string) string {
				return pick(l, "Italy: reference rate published by the MEF each half-year + 8 points (D.Lgs. 231/2002 art. 5), and 40 EUR without formal notice (art. 6).",
					"Italie : taux de référence publié par le MEF chaque semestre + 8 points (D.Lgs. 231/2002 art. 5), et 40 EUR sans mise en demeure (art. 6).")
			})), nil
	case "NL":
		r := directive("NL", NLReference, 800, Text{FR: "BW 6:119a", EN: "BW 6:119a"},
			bilingual(func(l string) string {
				return pick(l, "Netherlands: wettelijke handelsrente = ECB rate + 8 points, set per half-year (BW 6:119a, 6:120(2)); at the end of each full year of delay the unpaid interest is added to the base (yearly compounding).",
					"Pays-Bas : wettelijke handelsrente = taux BCE + 8 points, fixé par semestre (BW 6:119a, 6:120 al. 2) ; à la fin de chaque année complète de retard les intérêts impayés s'ajoutent à la base (capitalisation annuelle).")
			}))
		r.compoundYearly = true
		return r, nil
	case "GB", "UK":
		return rule{
			name: "GB", reference: GBBase, margin: money.Percent(800), fixedAtStart: true,
			currency: "GBP", indemnity: ukCompensation,
			law: Text{FR: "Late Payment of Commercial Debts (Interest) Act 1998", EN: "Late Payment of Commercial Debts (Interest) Act 1998"},
			notes: []Text{
				bilingual(func(l string) string {
					return pick(l, "United Kingdom: Bank of England base rate + 8 points, the base rate on 31 December (interest starting in January–June) or 30 June (July–December) before interest starts, fixed for the whole debt (SI 2002/1675).",
						"Royaume-Uni : taux de base de la Banque d'Angleterre + 8 points, celui du 31 décembre (intérêts commençant de janvier à juin) ou du 30 juin (juillet à décembre) précédant le début des intérêts, fixe pour toute la dette (SI 2002/1675).")
				}),
				bilingual(func(l string) string {
					return pick(l, "Fixed compensation by size of debt: GBP 40 below GBP 1,000, GBP 70 below GBP 10,000, GBP 100 from GBP 10,000.",
						"Indemnité fixe selon le montant de la dette : 40 GBP en dessous de 1 000 GBP, 70 GBP en dessous de 10 000 GBP, 100 GBP à partir de 10 000 GBP.")
				}),
				noteDays, noteSimple,
			},
		}, nil
	}
	if euroBaseline[country] {
		return directive(country, ECBMRO, 800, Text{FR: "directive 2011/7/UE", EN: "Directive 2011/7/EU"},
			bilingual(func(l string) string {
				return pick(l, "No national rule recorded for "+country+": the Directive 2011/7/EU minimum is applied (ECB main refinancing rate + 8 points, 40 EUR); national law may grant more.",
					"Aucune règle nationale enregistrée pour "+country+" : le minimum de la directive 2011/7/UE s'applique (taux de refinancement BCE + 8 points, 40 EUR) ; le droit national peut accorder plus.")
			})), nil
	}
	return rule{}, fmt.Errorf("no late-payment rule for country %q: relance knows FR, BE, DE, ES, IT, NL, GB and the euro-area baseline", country)
}

// ukCompensation is the fixed sum of the Late Payment Act by size of debt: GBP 40, 70 or 100
// (legal note §8.2).
func ukCompensation(debt money.Cents) money.Cents {
	switch {
	case debt < 100000:
		return 4000
	case debt < 1000000:
		return 7000
	}
	return 10000
}
