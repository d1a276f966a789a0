package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"unicode"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates holds one template set per page: the layout, the shared partials, and the page.
type templates struct {
	pages map[string]*template.Template
}

// staticPaths maps an asset's name to its fingerprinted path (/static/app.3f2a9c.css), so that
// browsers may cache assets for a year and still get a new one after an upgrade.
var staticPaths = func() map[string]string {
	out := map[string]string{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := staticFS.ReadFile(p)
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		out[name] = "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		return nil
	})
	return out
}()

func funcs() template.FuncMap {
	return template.FuncMap{
		"t":    tr,
		"kind": func(lang, k string) string { return tr(lang, "event:"+k) },
		"money": func(lang string, c money.Cents) string {
			return c.Format(lang)
		},
		"eur": func(lang string, c money.Cents, cur string) string { return c.FormatCurrency(orEUR(cur), lang) },
		"date": func(lang string, d civil.Date) string {
			if d.IsZero() {
				return "—"
			}
			return d.Format(lang)
		},
		"static":                  func(name string) string { return staticPaths[name] },
		"profile":                 func(lang string, p receivable.Profile) string { return p.Label(lang) },
		"can":                     func(have auth.Role, need string) bool { return have.Allows(auth.Role(need)) },
		"add":                     func(a, b int) int { return a + b },
		"pathesc":                 url.PathEscape,
		"pct":                     func(part, whole money.Cents) int { return pct(part, whole) },
		"initials":                initials,
		"customerActionPartials":  func() []string { return customerActionPartials },
		"customerSectionPartials": func() []string { return customerSectionPartials },
		// partial is rebound to each page's own template set once parsed (see parseTemplates).
		"partial": func(string, any) (template.HTML, error) { return "", nil },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

func orEUR(c string) string {
	if c == "" {
		return "EUR"
	}
	return c
}

func pct(part, whole money.Cents) int {
	if whole <= 0 {
		return 0
	}
	return int(int64(part) * 100 / int64(whole))
}

// initials are the first letters of the first two words that start with a letter.
func initials(s string) string {
	var out []rune
	for _, w := range strings.Fields(s) {
		r := []rune(w)[0]
		if !unicode.IsLetter(r) {
			continue
		}
		out = append(out, r)
		if len(out) == 2 {
			break
		}
	}
	return strings.ToUpper(string(out))
}

func parseTemplates() (*templates, error) {
	base, err := template.New("layout.html").Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("web template %s: %w", name, err)
		}
		set := clone
		set.Funcs(template.FuncMap{"partial": func(name string, data any) (template.HTML, error) {
			var b bytes.Buffer
			err := set.ExecuteTemplate(&b, name, data)
			return template.HTML(b.String()), err
		}})
		t.pages[name] = clone
	}
	return t, nil
}

// customerActionPartials and customerSectionPartials name the templates (defined in
// templates/_*.html) that other files add to the customer page: action forms, and sections
// such as the statement with penalties. Registered in init functions.
var customerActionPartials, customerSectionPartials []string

// pageData is what every page template sees: the page's own data under .D.
type pageData struct {
	L         string // language
	Title     string
	Nav       string
	User      store.User
	Companies []store.Membership
	Company   receivable.Company
	Role      auth.Role
	Demo      *Demo
	Flash     string
	Path      string
	LangURL   string // the language switch: this page, or one reachable by GET, in the other language
	D         any
	// Body is the page rendered beforehand (contentCache); else its templates render it.
	Body *pageBody
}

// pageBody is a page's title and content, rendered.
type pageBody struct {
	Title   string
	Content template.HTML
}

// render executes a page into a buffer first, so that a template error gives a clean 500
// instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, d any) {
	s.renderPage(w, r, name, d, nil)
}

// renderPage renders a page around its body: the one given, else the page's templates'.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, name string, d any, body *pageBody) {
	t, ok := s.tmpl.pages[name]
	if !ok {
		http.Error(w, "no template "+name, http.StatusInternalServerError)
		return
	}
	pd := s.pageData(r, name, d)
	pd.Body = body
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", pd); err != nil {
		s.log.Error("template failed", "page", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

// renderBody renders only a page's title and content, for contentCache.
func (s *Server) renderBody(r *http.Request, name string, d any) (*pageBody, error) {
	t, ok := s.tmpl.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %s", name)
	}
	pd := s.pageData(r, name, d)
	var title, content bytes.Buffer
	if err := t.ExecuteTemplate(&title, "title", pd); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	if err := t.ExecuteTemplate(&content, "content", pd); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	// The title was escaped for HTML text; the layout escapes it again.
	return &pageBody{Title: html.UnescapeString(title.String()), Content: template.HTML(content.String())}, nil
}

func (s *Server) pageData(r *http.Request, name string, d any) pageData {
	u, _ := userOf(r)
	pd := pageData{L: langOf(r), User: u, Companies: membershipsOf(r), Company: companyOf(r), Role: roleOf(r), Demo: s.cfg.Demo,
		Flash: tr(langOf(r), r.URL.Query().Get("flash")), Path: r.URL.Path, D: d, Nav: name}
	pd.LangURL = langURL(r, otherLang(pd.L), pd.Company.Slug)
	return pd
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func otherLang(l string) string {
	if l == "fr" {
		return "en"
	}
	return "fr"
}

// langURL is where the language switch leads. A page reached by GET is shown again, with
// its query (filters, paging, a preview's mapping) but without a flash already read. A page
// drawn in answer to a POST — a form refused with 422, an error — has an address that only
// takes POSTs, where a link would answer 405: the switch leads to the page the form was on
// (the Referer, on this host), else to the nearest page above the POST's address (the
// customer above its /promise), else to the company's home.
func langURL(r *http.Request, lang, company string) string {
	with := func(u *url.URL, q url.Values) string {
		q.Del("flash")
		q.Set("lang", lang)
		return u.EscapedPath() + "?" + q.Encode()
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return with(r.URL, r.URL.Query())
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host != "" && ref.Host == r.Host && gettable(ref) {
		return with(ref, ref.Query())
	}
	segs := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	for n := len(segs) - 1; n >= 3; n-- {
		if u, err := url.Parse("/" + strings.Join(segs[:n], "/")); err == nil && gettable(u) {
			return with(u, url.Values{})
		}
	}
	home := "/"
	if company != "" {
		home = "/c/" + url.PathEscape(company) + "/"
	}
	return home + "?lang=" + lang
}

// coreGETPages are the pages routes.go registers itself; the other GET routes come from
// extraRoutes. A test checks this list against routes.go.
var coreGETPages = []string{"/login", "/{$}", "/c/{company}/{$}", "/c/{company}/customers", "/c/{company}/customers/{ref}",
	"/c/{company}/worklist", "/c/{company}/outbox"}

var (
	getPagesOnce sync.Once
	getPages     *http.ServeMux
)

// gettable reports whether a GET of u's path reaches a page: a mux of the GET patterns alone
// answers, without running any handler.
func gettable(u *url.URL) bool {
	getPagesOnce.Do(func() {
		getPages = http.NewServeMux()
		nop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		for _, p := range coreGETPages {
			getPages.Handle("GET "+p, nop)
		}
		for _, rt := range extraRoutes {
			if p, ok := strings.CutPrefix(rt.pattern, "GET "); ok && strings.HasPrefix(p, "/c/") {
				getPages.Handle("GET "+p, nop)
			}
		}
	})
	if !strings.HasPrefix(u.Path, "/") {
		return false
	}
	_, pattern := getPages.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: u.Path, RawPath: u.RawPath}})
	return pattern != ""
}

// serveStatic serves the fingerprinted assets with a year of caching.
func serveStatic() http.Handler {
	byPath := map[string]string{}
	for name, p := range staticPaths {
		byPath[p] = "static/" + name
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, _ := staticFS.ReadFile(file)
		switch path.Ext(file) {
		case ".css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case ".svg":
			w.Header().Set("Content-Type", "image/svg+xml")
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Write(b)
	})
}
