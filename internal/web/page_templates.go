package web

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// The templates pages: every template key in each language and form, whether the company
// edited it, and an editor with the variables at hand and a preview of the unsaved text on
// sample data or on a real customer — the e-mail as it will arrive, the letter as a PDF.
func init() {
	const v, c = auth.Viewer, auth.Collector
	const one = "/c/{company}/templates/{key}/{lang}/{form}"
	addRoute("GET /c/{company}/templates", func(s *Server) http.Handler { return s.page(v, s.templatesPage) })
	addRoute("POST /c/{company}/templates", func(s *Server) http.Handler { return s.page(c, s.templateNew) })
	addRoute("GET "+one, func(s *Server) http.Handler { return s.page(v, s.templatePage) })
	addRoute("POST "+one, func(s *Server) http.Handler { return s.page(c, s.templateSave) })
	addRoute("POST "+one+"/revert", func(s *Server) http.Handler { return s.page(c, s.templateRevert) })
	addRoute("POST "+one+"/preview", func(s *Server) http.Handler { return s.page(c, s.templatePreview) })
	addRoute("POST "+one+"/preview.pdf", func(s *Server) http.Handler { return s.page(c, s.templatePreviewPDF) })

	addFR(map[string]string{
		"Key": "Clé", "Form": "Forme", "French": "Français", "edited": "modifié", "Edit": "Modifier",
		"New template": "Nouveau modèle", "Language": "Langue",
		"Subject": "Objet", "Body": "Texte", "Title": "Titre", "Preview": "Aperçu", "Revert to the shipped version": "Revenir à la version livrée",
		"Delete this template": "Supprimer ce modèle", "Revert? The company's version will be lost.": "Revenir à la version livrée ? La version de la société sera perdue.",
		"Variables": "Variables", "Functions": "Fonctions", "Writing the body": "Écrire le texte", "Sample data": "Données d'exemple",
		"Preview on": "Aperçu sur", "Open the PDF": "Ouvrir le PDF", "Text part": "Partie texte", "HTML part": "Partie HTML",
		"Shipped version restored": "Version livrée rétablie", "Template deleted": "Modèle supprimé",
		"Edited by": "Modifié par", "on": "le", "The shipped version applies.": "La version livrée s'applique.",
		"Call script": "Script d'appel", "Checklist": "Liste de contrôle", "in": "dans",
		"The preview is not saved.":              "L'aperçu n'est pas enregistré.",
		"No template yet: write it and save it.": "Pas encore de modèle : rédigez-le puis enregistrez-le.",
		"lowercase letters, digits and '-'":      "lettres minuscules, chiffres et « - »",
		"unknown template language or form":      "langue ou forme de modèle inconnue",
		"the preview of a PDF is for letters":    "l'aperçu PDF concerne les lettres",
		"subject":                                "objet", "body": "texte",
		"Before the due date: is anything in the way of payment?":             "Avant l'échéance : quelque chose s'oppose-t-il au règlement ?",
		"Amicable reminder: a simple oversight?":                              "Relance amiable : un simple oubli ?",
		"Amicable reminder, lighter, for careless payers":                     "Relance amiable, plus légère, pour les payeurs négligents",
		"Amicable reminder with the proof attached, for dispute-prone payers": "Relance amiable avec justificatifs, pour les payeurs enclins au litige",
		"A direct debit was rejected":                                         "Un prélèvement a été rejeté",
		"Call script, level 1":                                                "Script d'appel, niveau 1",
		"Call script: find the invoice-processing circuit":                    "Script d'appel : trouver le circuit de traitement des factures",
		"Call script, level 2: firmer":                                        "Script d'appel, niveau 2 : plus ferme",
		"Call script: propose a payment plan":                                 "Script d'appel : proposer un échéancier",
		"Firm reminder: penalties shown, formal notice announced":             "Relance ferme : pénalités indiquées, mise en demeure annoncée",
		"Firm reminder with the proof attached":                               "Relance ferme avec justificatifs",
		"Formal notice (mise en demeure)":                                     "Mise en demeure",
		"Litigation: build the claim file":                                    "Contentieux : constituer le dossier",
		"Statement of account":                                                "Relevé de compte",
		"Written confirmation of a promise to pay":                            "Confirmation écrite d'une promesse de règlement",
		"Written confirmation of a payment plan":                              "Confirmation écrite d'un échéancier",
	})
}

// templateKeyDocs says in a few words what each shipped key is for (dunning/template.go).
var templateKeyDocs = map[string]string{
	dunning.TemplatePreventive:      "Before the due date: is anything in the way of payment?",
	dunning.TemplateLevel1:          "Amicable reminder: a simple oversight?",
	dunning.TemplateLevel1Gentle:    "Amicable reminder, lighter, for careless payers",
	dunning.TemplateLevel1Proof:     "Amicable reminder with the proof attached, for dispute-prone payers",
	dunning.TemplateDebitRejected:   "A direct debit was rejected",
	dunning.TemplateCallLevel1:      "Call script, level 1",
	dunning.TemplateCallCircuit:     "Call script: find the invoice-processing circuit",
	dunning.TemplateCallLevel2:      "Call script, level 2: firmer",
	dunning.TemplateCallPaymentPlan: "Call script: propose a payment plan",
	dunning.TemplateLevel2:          "Firm reminder: penalties shown, formal notice announced",
	dunning.TemplateLevel2Proof:     "Firm reminder with the proof attached",
	dunning.TemplateFormalNotice:    "Formal notice (mise en demeure)",
	dunning.TemplateLitigation:      "Litigation: build the claim file",
	render.KeyStatement:             "Statement of account",
	render.KeyPromiseConfirmation:   "Written confirmation of a promise to pay",
	render.KeyPlanConfirmation:      "Written confirmation of a payment plan",
}

// templateForms are the forms a template is written in, in the order the pages list them.
var templateForms = []dunning.Channel{dunning.Email, dunning.Letter, dunning.Call, dunning.Task}

// formLabel is a form as people say it, in English (the templates translate it).
func formLabel(f dunning.Channel) string {
	switch f {
	case dunning.Call:
		return "Call script"
	case dunning.Task:
		return "Checklist"
	}
	return channelLabel(f)
}

// templateKeyRe is what a policy accepts as a template key.
var templateKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// shippedTemplate finds the template relance ships for exactly that key, language and form
// (render.Find would fall back to another language, which is not what the editor edits).
func shippedTemplate(key, lang string, form dunning.Channel) (render.Template, bool) {
	for _, t := range render.Defaults() {
		if t.Key == key && t.Lang == lang && t.Channel == form {
			return t, true
		}
	}
	return render.Template{}, false
}

type templatesData struct {
	Rows  []templateRow
	Langs []string
	Forms []templateFormOption
}

type templateFormOption struct {
	Form  dunning.Channel
	Label string
}

// templateRow is one key in one form, with a cell per language.
type templateRow struct {
	Key   string
	Doc   string
	Form  dunning.Channel
	Label string
	Cells []templateCell
}

type templateCell struct {
	Lang   string
	Exists bool
	Edited bool
	Author string
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request) error {
	stored, err := s.app.Store.ListTemplates(r.Context(), companyOf(r).ID)
	if err != nil {
		return err
	}
	type kf struct {
		key  string
		form dunning.Channel
	}
	var order []kf
	seen := map[kf]bool{}
	add := func(key string, form dunning.Channel) {
		if k := (kf{key, form}); !seen[k] {
			seen[k] = true
			order = append(order, k)
		}
	}
	defaults := render.Defaults()
	for _, key := range render.Keys() {
		for _, f := range templateForms {
			for _, t := range defaults {
				if t.Key == key && t.Channel == f {
					add(key, f)
				}
			}
		}
	}
	// Then what the company wrote beyond the shipped set: its own keys, or another form.
	slices.SortFunc(stored, func(a, b store.StoredTemplate) int { return strings.Compare(a.Key+a.Channel, b.Key+b.Channel) })
	for _, t := range stored {
		add(t.Key, dunning.Channel(t.Channel))
	}
	d := templatesData{Langs: render.Langs}
	for _, f := range templateForms {
		d.Forms = append(d.Forms, templateFormOption{f, formLabel(f)})
	}
	for _, k := range order {
		row := templateRow{Key: k.key, Doc: templateKeyDocs[k.key], Form: k.form, Label: formLabel(k.form)}
		for _, lang := range render.Langs {
			c := templateCell{Lang: lang}
			_, c.Exists = shippedTemplate(k.key, lang, k.form)
			for _, t := range stored {
				if t.Key == k.key && t.Lang == lang && t.Channel == string(k.form) {
					c.Exists, c.Edited, c.Author = true, true, t.Author
				}
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, "templates", d)
	return nil
}

// templateNew opens the editor on a template that does not exist yet: a key of the
// company's own policies, or a form relance does not ship for a key.
func (s *Server) templateNew(w http.ResponseWriter, r *http.Request) error {
	key, lang, form := strings.TrimSpace(r.FormValue("key")), r.FormValue("lang"), dunning.Channel(r.FormValue("form"))
	if !templateKeyRe.MatchString(key) {
		return badRequest("lowercase letters, digits and '-'")
	}
	if !slices.Contains(render.Langs, lang) || !slices.Contains(templateForms, form) {
		return badRequest("unknown template language or form")
	}
	co := companyOf(r)
	http.Redirect(w, r, templateURL(co, key, lang, form)+"?new=1", http.StatusSeeOther)
	return nil
}

func templateURL(co receivable.Company, key, lang string, form dunning.Channel) string {
	return "/c/" + co.Slug + "/templates/" + url.PathEscape(key) + "/" + lang + "/" + string(form)
}

// templateData is the editor page.
type templateData struct {
	Key, Lang string
	Form      dunning.Channel
	FormLabel string
	Doc       string
	Subject   string
	Body      string
	Shipped   bool // relance ships this template
	Edited    bool // the company has its own version
	New       bool // neither: the editor starts empty
	Author    string
	Updated   string
	Err       *render.Error
	ErrText   string // the line at fault, since a textarea has no line numbers
	ErrMsg    string
	Preview   *templatePreviewData
	Customers []store.CustomerSummary
	Customer  string // the reference previewed; "" for the sample data
	Vars      []render.VarDoc
	Funcs     []render.FuncDoc
	Markup    []render.FuncDoc
}

type templatePreviewData struct {
	Subject string
	Text    string
	HTML    string
}

// templateTarget reads and checks the key, language and form of the path, and loads what
// exists: the company's version, the shipped one. A template that is neither is not found,
// unless the editor is opened to write a new one (?new=1).
func (s *Server) templateTarget(r *http.Request) (templateData, error) {
	key, lang, form := r.PathValue("key"), r.PathValue("lang"), dunning.Channel(r.PathValue("form"))
	if !templateKeyRe.MatchString(key) || !slices.Contains(render.Langs, lang) || !slices.Contains(templateForms, form) {
		return templateData{}, notFound()
	}
	d := templateData{Key: key, Lang: lang, Form: form, FormLabel: formLabel(form), Doc: templateKeyDocs[key]}
	shipped, ok := shippedTemplate(key, lang, form)
	if ok {
		d.Shipped, d.Subject, d.Body = true, shipped.Subject, shipped.Body
	}
	st, err := s.app.Store.Template(r.Context(), companyOf(r).ID, key, lang, string(form))
	switch {
	case err == nil:
		d.Edited, d.Subject, d.Body, d.Author = true, st.Subject, st.Body, st.Author
		d.Updated = localTime(companyOf(r), langOf(r), st.UpdatedAt)
	case !errors.Is(err, store.ErrNotFound):
		return d, err
	case !d.Shipped && r.URL.Query().Get("new") == "" && r.FormValue("new") == "":
		return d, notFound()
	}
	d.New = !d.Shipped && !d.Edited
	return d, nil
}

// withHelp adds what every state of the editor shows: the help panel, in the page's
// language, and the customers a preview can use (the most overdue first: those a reminder is
// written for).
func (s *Server) templateHelp(r *http.Request, d *templateData) error {
	lang := langOf(r)
	d.Vars, d.Funcs, d.Markup = render.Variables(lang), render.Functions(lang), render.Markup(lang)
	co := companyOf(r)
	cs, err := s.app.Store.ListCustomers(r.Context(), store.CustomerQuery{CompanyID: co.ID, Sort: "overdue", Day: s.app.Today(co), Limit: 100})
	if err != nil {
		return err
	}
	d.Customers = cs
	return nil
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.templateTarget(r)
	if err != nil {
		return err
	}
	if err := s.templateHelp(r, &d); err != nil {
		return err
	}
	s.render(w, r, "template", d)
	return nil
}

// postedTemplate is the template as the form sends it; browsers send a textarea's lines
// with CRLF, which the templates do not want.
func postedTemplate(r *http.Request, d templateData) render.Template {
	crlf := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	return render.Template{Key: d.Key, Lang: d.Lang, Channel: d.Form,
		Subject: strings.TrimSpace(crlf.Replace(r.FormValue("subject"))), Body: crlf.Replace(r.FormValue("body"))}
}

// templateRefused sends the editor back with the posted text and what is wrong with it.
func (s *Server) templateRefused(w http.ResponseWriter, r *http.Request, d templateData, err error) error {
	var re *render.Error
	if errors.As(err, &re) {
		d.Err = re
		if re.Part == "body" {
			d.ErrText = lineOf(d.Body, re.Line)
		}
	} else {
		d.ErrMsg = err.Error()
	}
	if err := s.templateHelp(r, &d); err != nil {
		return err
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, "template", d)
	return nil
}

// templateSave checks the template on the sample data first (render.Parse: syntax, every
// variable, a full render) and stores it only if it passes.
func (s *Server) templateSave(w http.ResponseWriter, r *http.Request) error {
	d, err := s.templateTarget(r)
	if err != nil {
		return err
	}
	t := postedTemplate(r, d)
	d.Subject, d.Body = t.Subject, t.Body
	if err := render.Parse(t); err != nil {
		return s.templateRefused(w, r, d, err)
	}
	co := companyOf(r)
	if err := s.app.Store.SaveTemplate(r.Context(), co.ID, store.StoredTemplate{Key: t.Key, Lang: t.Lang, Channel: string(t.Channel),
		Subject: t.Subject, Body: t.Body, Author: authorName(r)}); err != nil {
		return err
	}
	http.Redirect(w, r, templateURL(co, d.Key, d.Lang, d.Form)+"?flash=Saved", http.StatusSeeOther)
	return nil
}

// templateRevert drops the company's version: the shipped one applies again (or, for a key
// relance does not ship, the template is gone).
func (s *Server) templateRevert(w http.ResponseWriter, r *http.Request) error {
	d, err := s.templateTarget(r)
	if err != nil {
		return err
	}
	co := companyOf(r)
	if err := s.app.Store.DeleteTemplate(r.Context(), co.ID, d.Key, d.Lang, string(d.Form)); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !d.Shipped {
		http.Redirect(w, r, "/c/"+co.Slug+"/templates?flash=Template+deleted", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, templateURL(co, d.Key, d.Lang, d.Form)+"?flash=Shipped+version+restored", http.StatusSeeOther)
	return nil
}

// previewData is what the preview renders: the sample account, or a real customer of the
// company as its next message would show it (its open invoices, its contact, its penalties).
func (s *Server) previewData(r *http.Request, d templateData) (render.Data, error) {
	ref := r.FormValue("customer")
	if ref == "" {
		return render.SampleData(d.Lang), nil
	}
	co := companyOf(r)
	ctx := r.Context()
	cu, err := s.app.Store.CustomerByRef(ctx, co.ID, ref)
	if err != nil {
		return render.Data{}, err
	}
	data, err := s.app.Composer().Data(ctx, co, store.OutboxItem{CustomerID: cu.ID, Kind: "preview", Channel: string(d.Form), Template: d.Key})
	if err != nil {
		return render.Data{}, err
	}
	data.Lang = d.Lang
	if cu.Kind != receivable.B2C {
		// Penalties are shown when a step asks for them; the preview shows what they would be.
		// A missing rate only leaves them out of the preview.
		if st, _, err := s.app.CustomerStatement(ctx, co, cu.Ref, app.StatementOptions{Day: data.Date}); err == nil && st.Total > 0 {
			data.Penalties = render.PenaltiesOf(st, d.Lang)
		}
	}
	return data, nil
}

// templatePreview renders the posted template, saved or not, and shows it under the editor:
// the subject, the text part, and the HTML part in a sandboxed frame.
func (s *Server) templatePreview(w http.ResponseWriter, r *http.Request) error {
	d, err := s.templateTarget(r)
	if err != nil {
		return err
	}
	t := postedTemplate(r, d)
	d.Subject, d.Body, d.Customer = t.Subject, t.Body, r.FormValue("customer")
	data, err := s.previewData(r, d)
	if err != nil {
		return err
	}
	m, err := render.Render(t, data)
	if err != nil {
		return s.templateRefused(w, r, d, err)
	}
	d.Preview = &templatePreviewData{Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	if err := s.templateHelp(r, &d); err != nil {
		return err
	}
	allowPreviewStyles(w, m.HTML)
	s.render(w, r, "template", d)
	return nil
}

// styleAttrRe finds the style attributes of a rendered e-mail.
var styleAttrRe = regexp.MustCompile(`style="([^"]*)"`)

// allowPreviewStyles lets the e-mail in the preview frame keep its looks without loosening
// the page's policy: a srcdoc frame inherits the page's Content-Security-Policy, which
// refuses inline styles, so the page allows exactly the style attributes the e-mail carries,
// by their hashes (render writes them as constants; what users type is escaped text).
func allowPreviewStyles(w http.ResponseWriter, htmlPart string) {
	seen := map[string]bool{}
	var hashes []string
	for _, m := range styleAttrRe.FindAllStringSubmatch(htmlPart, -1) {
		v := html.UnescapeString(m[1])
		if seen[v] {
			continue
		}
		seen[v] = true
		sum := sha256.Sum256([]byte(v))
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	if len(hashes) == 0 {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", h.Get("Content-Security-Policy")+"; style-src-attr 'unsafe-hashes' "+strings.Join(hashes, " "))
}

// templatePreviewPDF renders the posted letter as the PDF the post would carry.
func (s *Server) templatePreviewPDF(w http.ResponseWriter, r *http.Request) error {
	d, err := s.templateTarget(r)
	if err != nil {
		return err
	}
	if d.Form != dunning.Letter {
		return badRequest("the preview of a PDF is for letters")
	}
	t := postedTemplate(r, d)
	d.Subject, d.Body, d.Customer = t.Subject, t.Body, r.FormValue("customer")
	data, err := s.previewData(r, d)
	if err != nil {
		return err
	}
	m, err := render.Render(t, data)
	if err != nil {
		return s.templateRefused(w, r, d, err)
	}
	if m.Letter == nil {
		return errors.New("template preview: a letter rendered without its document")
	}
	pdf, err := letter.PDF(*m.Letter)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+safeFileName(d.Key+"-"+d.Lang)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
	return nil
}
