package web

import (
	"strings"
	"sync"
)

// The pages are written in English; French comes from this catalog. Each page file adds the
// translations of its own texts with addFR in an init function, so that a new page is one new
// file. A test checks that every text a template translates has its French version.
var (
	frMu sync.RWMutex
	fr   = map[string]string{}
)

func addFR(m map[string]string) {
	frMu.Lock()
	defer frMu.Unlock()
	for k, v := range m {
		fr[k] = v
	}
}

// tr translates an English text into lang. Keys of the form "event:kind" name a timeline
// event: in English the kind, made readable.
func tr(lang, s string) string {
	if lang != "fr" {
		if k, ok := strings.CutPrefix(s, "event:"); ok {
			return strings.ReplaceAll(k, "_", " ")
		}
		return s
	}
	frMu.RLock()
	defer frMu.RUnlock()
	if t, ok := fr[s]; ok {
		return t
	}
	return s
}

func init() {
	addFR(map[string]string{
		"Dashboard": "Tableau de bord", "Worklist": "À traiter", "Customers": "Clients", "Invoices": "Factures",
		"Disputes": "Litiges", "Promises": "Promesses", "Payment plans": "Échéanciers", "Outbox": "Envois",
		"Imports": "Imports", "Policies": "Scénarios", "Templates": "Modèles", "Settings": "Réglages",
		"Log out": "Se déconnecter", "Log in": "Se connecter", "E-mail": "E-mail", "Password": "Mot de passe",
		"Français": "Français", "English": "English", "Not found": "Introuvable", "Error": "Erreur",
		"Back to the dashboard": "Retour au tableau de bord", "Demo mailbox": "Boîte de démonstration",
		"Company": "Société", "Search": "Rechercher", "Filter": "Filtrer", "Previous": "Précédent", "Next": "Suivant",
		"Save": "Enregistrer", "Cancel": "Annuler", "Yes": "Oui", "No": "Non", "Total": "Total", "None": "Aucun",
		"Demo: log in as":                        "Démonstration : connectez-vous avec",
		"Accounts-receivable collection":         "Recouvrement de créances",
		"wrong e-mail or password":               "e-mail ou mot de passe incorrect",
		"too many login attempts: wait a minute": "trop de tentatives de connexion : patientez une minute",
		"your role does not allow this":          "votre rôle ne permet pas cette action",
		"not found":                              "introuvable",
		"internal error":                         "erreur interne",
	})
}

func init() {
	// Kinds of timeline events: "event:" + the kind the store records.
	addFR(map[string]string{
		"event:action": "Relance décidée", "event:email_sent": "E-mail envoyé", "event:email_failed": "Échec d'envoi",
		"event:approval": "Validation", "event:retry": "Nouvel essai", "event:reminder_cancelled": "Relance annulée",
		"event:promise_kept": "Promesse tenue", "event:promise_broken": "Promesse non tenue",
		"event:instalment_missed": "Échéance manquée", "event:pause": "Pause", "event:resume": "Reprise",
		"event:step_skip": "Étape sautée", "event:step_force": "Étape forcée", "event:call": "Appel",
		"event:promise": "Promesse de règlement", "event:dispute": "Litige", "event:plan": "Échéancier",
		"event:note": "Note", "event:letter_posted": "Lettre postée", "event:letter_received": "Accusé de réception",
		"event:import": "Import", "event:payment": "Règlement",
	})
}

func init() {
	// Words spelt the same in French, listed so that the translation test stays strict.
	addFR(map[string]string{"Contacts": "Contacts", "Actions": "Actions", "Imports": "Imports", "Contact": "Contact"})
}
