package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// The policies pages: the list of the company's policies and the shipped ones, and one
// policy's steps with its file in an editor. Policies are data (PRODUCT.md): what a user saves
// here is exactly what `relance policy import` would store, through the same use case.
func init() {
	const v, c = auth.Viewer, auth.Collector
	addRoute("GET /c/{company}/policies", func(s *Server) http.Handler { return s.page(v, s.policiesPage) })
	addRoute("POST /c/{company}/policies", func(s *Server) http.Handler { return s.page(c, s.policyCreate) })
	addRoute("GET /c/{company}/policies/{name}", func(s *Server) http.Handler { return s.page(v, s.policyPage) })
	addRoute("POST /c/{company}/policies/{name}", func(s *Server) http.Handler { return s.page(c, s.policySave) })
	addRoute("POST /c/{company}/policies/{name}/default", func(s *Server) http.Handler { return s.page(c, s.policyMakeDefault) })
	addRoute("POST /c/{company}/policies/{name}/assign", func(s *Server) http.Handler { return s.page(c, s.policyAssign) })
	addRoute("GET /c/{company}/policies/{name}/export", func(s *Server) http.Handler { return s.page(v, s.policyExport) })

	addFR(map[string]string{
		"Steps": "Étapes", "Source": "Origine", "Default": "Par défaut", "Payer profiles": "Profils de payeur",
		"shipped": "livré", "edited copy of a shipped policy": "copie modifiée d'un scénario livré", "own": "propre",
		"default": "par défaut", "Used by the profiles": "Utilisé par les profils",
		"New policy from a copy": "Nouveau scénario à partir d'une copie", "Copy of": "Copie de", "New name": "Nouveau nom",
		"Create": "Créer", "Offset (days)": "Décalage (jours)", "Phase": "Phase", "Template": "Modèle",
		"Minimum amount": "Montant minimum", "Approval": "Validation", "Penalties": "Pénalités",
		"Policy file (YAML)": "Fichier du scénario (YAML)", "Make default": "Définir par défaut",
		"Assign to profile": "Affecter au profil", "Assign": "Affecter", "Download (YAML)": "Télécharger (YAML)",
		"Download (JSON)": "Télécharger (JSON)", "Nothing was saved.": "Rien n'a été enregistré.",
		"Saved": "Enregistré", "Policy created": "Scénario créé", "Now the company's default policy": "C'est désormais le scénario par défaut",
		"Policy assigned": "Scénario affecté", "Minimum days between two contacts": "Jours minimum entre deux contacts",
		"Grace days after a promise": "Jours de grâce après une promesse", "step": "étape", "field": "champ", "line": "ligne",
		"before the due date": "avant l'échéance", "after the due date": "après l'échéance",
		"missing template": "modèle manquant", "This policy is shipped with relance: saving it stores the company's own copy under the same name.": "Ce scénario est livré avec relance : l'enregistrer crée la copie propre à la société sous le même nom.",
		"A policy is used by a customer that names it, else by the customers of the payer profiles it is assigned to, else it is the company's default.": "Un client suit le scénario qui lui est propre, sinon celui de son profil de payeur, sinon le scénario par défaut de la société.",
		"Editing the name in the file saves a copy under the new name.":                                                                                  "Changer le nom dans le fichier enregistre une copie sous ce nouveau nom.",
		"a policy of that name exists already": "un scénario porte déjà ce nom",
		"Letter":                               "Lettre", "Registered letter": "Lettre recommandée AR", "Call": "Appel", "Task": "Tâche",
		"Profile policy": "Scénario du profil", "choose a payer profile": "choisissez un profil de payeur",
	})
}

// renderStatus renders a page with a status other than 200: a form sent back with its errors
// (422), so that the browser and the tests can tell a refusal from a success.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, d any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	s.render(w, r, name, d)
}

// channelLabel is a channel as people say it, in English (the templates translate it).
func channelLabel(ch dunning.Channel) string {
	switch ch {
	case dunning.Email:
		return "E-mail"
	case dunning.Letter:
		return "Letter"
	case dunning.RegisteredLetter:
		return "Registered letter"
	case dunning.Call:
		return "Call"
	case dunning.Task:
		return "Task"
	}
	return string(ch)
}

type policiesData struct {
	List     []app.PolicyEntry
	Profiles []policyProfileRow
	From     string // the copy form, sent back with its error
	NewName  string
	Err      *policyErrorView
}

type policyProfileRow struct {
	Profile receivable.Profile
	Policy  string
}

func (s *Server) policiesPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.policiesData(r)
	if err != nil {
		return err
	}
	s.render(w, r, "policies", d)
	return nil
}

func (s *Server) policiesData(r *http.Request) (policiesData, error) {
	list, err := s.app.Policies(r.Context(), companyOf(r))
	if err != nil {
		return policiesData{}, err
	}
	d := policiesData{List: list}
	for _, pr := range receivable.Profiles {
		row := policyProfileRow{Profile: pr}
		for _, e := range list {
			for _, p := range e.Profiles {
				if p == pr {
					row.Policy = e.Name
				}
			}
		}
		d.Profiles = append(d.Profiles, row)
	}
	return d, nil
}

// policyCreate makes a new policy from a copy of another under a new name: the usual way to
// start, since a policy written from nothing rarely follows the seeds.
func (s *Server) policyCreate(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	from, name := r.FormValue("from"), strings.TrimSpace(r.FormValue("name"))
	src, err := s.app.Policy(r.Context(), co, from)
	if err != nil {
		return err
	}
	fail := func(e *policyErrorView) error {
		d, err := s.policiesData(r)
		if err != nil {
			return err
		}
		d.From, d.NewName, d.Err = from, name, e
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "policies", d)
		return nil
	}
	if _, err := s.app.Policy(r.Context(), co, name); err == nil {
		return fail(&policyErrorView{Msg: errPolicyExists.Error()})
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	pol := src.Policy
	pol.Name = name
	file, err := dunning.EncodeYAML(pol)
	if err != nil {
		return err
	}
	saved, err := s.app.ImportPolicy(r.Context(), co, app.ImportPolicyParams{Data: file}, authorName(r))
	if e := policyErrorOf(err, ""); e != nil {
		return fail(e)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, policyURL(co, saved.Name)+"?flash=Policy+created", http.StatusSeeOther)
	return nil
}

func policyURL(co receivable.Company, name string) string {
	return "/c/" + co.Slug + "/policies/" + url.PathEscape(name)
}

// policyErrorView is a refused policy file as the page shows it: where, then what.
type policyErrorView struct {
	Step     int
	StepName string
	Field    string
	Line     int
	Msg      string
	Text     string // the line of the file at fault, since a textarea has no line numbers
}

// policyErrorOf turns the use case's refusal into what the page shows; nil for success and
// for errors that are not about the file (those go to the error page).
func policyErrorOf(err error, file string) *policyErrorView {
	var pe *dunning.PolicyError
	if errors.As(err, &pe) {
		return &policyErrorView{Step: pe.Step, StepName: pe.StepName, Field: pe.Field, Line: pe.Line, Msg: pe.Msg, Text: lineOf(file, pe.Line)}
	}
	var ie *app.InputError
	if errors.As(err, &ie) {
		return &policyErrorView{Msg: ie.Error()}
	}
	return nil
}

// lineOf returns line n (1-based) of text, "" when there is none.
func lineOf(text string, n int) string {
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

type policyData struct {
	app.PolicyDetail
	File        string
	Err         *policyErrorView
	Steps       []policyStepRow
	AllProfiles []receivable.Profile
	Lang        string // the company's language: the templates the steps link to
}

type policyStepRow struct {
	dunning.Step
	Label   string // the channel, in English
	Form    dunning.Channel
	Missing bool // no template of that key in the company's language and the channel's form
}

func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.policyData(r, r.PathValue("name"))
	if err != nil {
		return err
	}
	s.render(w, r, "policy", d)
	return nil
}

func (s *Server) policyData(r *http.Request, name string) (policyData, error) {
	co := companyOf(r)
	det, err := s.app.Policy(r.Context(), co, name)
	if err != nil {
		return policyData{}, err
	}
	file, err := dunning.EncodeYAML(det.Policy)
	if err != nil {
		return policyData{}, err
	}
	lang := co.Language
	if lang != "en" {
		lang = "fr"
	}
	stored, err := s.app.Store.ListTemplates(r.Context(), co.ID)
	if err != nil {
		return policyData{}, err
	}
	d := policyData{PolicyDetail: det, File: string(file), AllProfiles: receivable.Profiles, Lang: lang}
	for _, st := range det.Steps {
		form := render.FormOf(st.Channel)
		d.Steps = append(d.Steps, policyStepRow{Step: st, Label: channelLabel(st.Channel), Form: form,
			Missing: !templateExists(stored, st.Template, lang, form)})
	}
	return d, nil
}

// templateExists reports whether a step's template can be rendered: edited by the company or
// shipped, in exactly that language and form.
func templateExists(stored []store.StoredTemplate, key, lang string, form dunning.Channel) bool {
	for _, t := range stored {
		if t.Key == key && t.Lang == lang && t.Channel == string(form) {
			return true
		}
	}
	_, ok := shippedTemplate(key, lang, form)
	return ok
}

// policySave stores the edited file. A file that does not parse or validate is sent back with
// the step, field and line of its first fault, and nothing is stored.
func (s *Server) policySave(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	name := r.PathValue("name")
	if _, err := s.app.Policy(r.Context(), co, name); err != nil {
		return err
	}
	file := strings.ReplaceAll(r.FormValue("policy"), "\r\n", "\n")
	var saved app.PolicyDetail
	err := s.policyNameFree(r, name, file)
	if err == nil {
		saved, err = s.app.ImportPolicy(r.Context(), co, app.ImportPolicyParams{Data: []byte(file)}, authorName(r))
	}
	if e := policyErrorOf(err, file); e != nil {
		d, err := s.policyData(r, name)
		if err != nil {
			return err
		}
		d.File, d.Err = file, e
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "policy", d)
		return nil
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, policyURL(co, saved.Name)+"?flash=Saved", http.StatusSeeOther)
	return nil
}

// policyNameFree refuses a file renamed, in the editor of policy name, to the name of
// another existing policy: a "save as" must not silently replace another policy.
func (s *Server) policyNameFree(r *http.Request, name, file string) error {
	pol, err := dunning.ParsePolicy([]byte(file))
	if err != nil || pol.Name == name {
		return nil // ImportPolicy reports what is wrong with the file
	}
	if _, err := s.app.Policy(r.Context(), companyOf(r), pol.Name); err == nil {
		return &app.InputError{Field: "name", Err: errPolicyExists}
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

var errPolicyExists = errors.New("a policy of that name exists already")

// policyMakeDefault makes the policy the one customers without their own or their profile's
// follow. A shipped policy is stored first, unchanged, as the store keeps the default flag on
// stored policies only.
func (s *Server) policyMakeDefault(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	det, err := s.app.Policy(r.Context(), co, r.PathValue("name"))
	if err != nil {
		return err
	}
	if err := s.app.SetDefaultPolicy(r.Context(), co, det.Name, authorName(r)); err != nil {
		return err
	}
	http.Redirect(w, r, policyURL(co, det.Name)+"?flash=Now+the+company%27s+default+policy", http.StatusSeeOther)
	return nil
}

func (s *Server) policyAssign(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	det, err := s.app.Policy(r.Context(), co, r.PathValue("name"))
	if err != nil {
		return err
	}
	pr, err := receivable.ParseProfile(r.FormValue("profile"))
	if err != nil || pr == "" {
		return badRequest("choose a payer profile")
	}
	if err := s.app.AssignPolicy(r.Context(), co, app.AssignPolicyParams{Name: det.Name, Profile: pr}, authorName(r)); err != nil {
		return err
	}
	http.Redirect(w, r, policyURL(co, det.Name)+"?flash=Policy+assigned", http.StatusSeeOther)
	return nil
}

// policyExport downloads the policy file, to share it or keep it under version control.
func (s *Server) policyExport(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	name := r.PathValue("name")
	format := r.URL.Query().Get("format")
	if format != app.PolicyJSON {
		format = app.PolicyYAML
	}
	b, err := s.app.ExportPolicy(r.Context(), co, name, format)
	if err != nil {
		return err
	}
	ct := "application/yaml; charset=utf-8"
	if format == app.PolicyJSON {
		ct = "application/json; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(name)+"."+format+`"`)
	w.Write(b)
	return nil
}

// safeFileName keeps the characters a policy or file name may safely carry in a header.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
