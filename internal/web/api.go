package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/store"
)

// The JSON API lives under /api/v1, one file per resource (api_*.go). Its conventions, which
// the OpenAPI document (openapi.yaml, served as /api/v1/openapi.json) states for integrators:
//
//   - a company's resources are under /api/v1/companies/{company}/…, {company} being its slug;
//     an object is looked up within that company only, so another company's object is a 404;
//   - amounts are integer cents (amount_cents, open_cents…) beside their currency; dates are
//     yyyy-mm-dd, and null when unset;
//   - request bodies are one JSON object of at most 1 MiB; an unknown field is refused (400),
//     and so is an unknown query parameter: a misspelt name silently ignored would be a bug in
//     someone's integration. An import's body is the file itself (api_imports.go), so its
//     options are query parameters: the one kind of change that takes any;
//   - every list answers {"items": […], "next": "<path and query of the next page>" or null},
//     paged by ?limit= (default 50, at most 500) and ?offset=;
//   - every error answers {"error": {"code", "message", "field"?}}, its code one of those the
//     document's Error schema lists; a request whose path names an object is answered 404 for
//     a missing object before its body is even read.

// apiPrefix is where the API is served.
const apiPrefix = "/api/v1"

// apiRoute is one route of the API. Every route is registered through addAPI and kept in
// apiRoutes, so that the OpenAPI test and the security suite cover each route that exists,
// including one added later.
type apiRoute struct {
	Method string
	Path   string    // after apiPrefix: /companies/{company}/customers/{ref}
	Role   auth.Role // the least role allowed; "" for a public route (the OpenAPI document)
	// Query are the query parameters a change takes: an upload's options, its body being the
	// file (addUpload). A read checks its own (readParams), and other changes take none.
	Query []string
}

// apiFunc is an endpoint: it writes its answer, or returns the error that the edge maps once
// to a status and the JSON error shape.
type apiFunc func(h *apiHandler, w http.ResponseWriter, r *http.Request) error

var apiRoutes []apiRoute

// addAPI registers an API route. Reads take auth.Viewer, changes auth.Collector (or
// auth.Admin); the middleware (Server.api) checks credentials, the company and the role before
// the endpoint runs.
func addAPI(method, path string, need auth.Role, fn apiFunc) {
	registerAPI(apiRoute{Method: method, Path: path, Role: need}, fn)
}

// addUpload registers a POST whose body is a file rather than JSON, and whose options are
// therefore the query parameters named.
func addUpload(path string, need auth.Role, query []string, fn apiFunc) {
	registerAPI(apiRoute{Method: http.MethodPost, Path: path, Role: need, Query: query}, fn)
}

func registerAPI(rt apiRoute, fn apiFunc) {
	apiRoutes = append(apiRoutes, rt)
	method, need := rt.Method, rt.Role
	addRoute(method+" "+apiPrefix+rt.Path, func(s *Server) http.Handler {
		h := newAPIHandler(s)
		run := func(w http.ResponseWriter, r *http.Request) error {
			if method != http.MethodGet {
				// Reads take query parameters, and uploads their options; any other one sent
				// to a change is a mistake.
				if err := readParams(r, rt.Query...).err; err != nil {
					return err
				}
			}
			if err := fn(h, w, r); err != nil {
				return err
			}
			if method != http.MethodGet {
				// The dashboard's figures may have changed.
				h.dash.invalidate(companyOf(r).ID)
			}
			return nil
		}
		if need == "" {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := run(w, r); err != nil {
					s.writeAPIError(w, r, err)
				}
			})
		}
		return s.api(need, run)
	})
}

func init() {
	// Anything else under the prefix answers in JSON too: 405 when the path exists with
	// other methods, 404 otherwise.
	addRoute(apiPrefix+"/", func(s *Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var allow []string
			for _, rt := range apiRoutes {
				if matchPattern(rt.Path, strings.TrimPrefix(r.URL.Path, apiPrefix)) && !slices.Contains(allow, rt.Method) {
					allow = append(allow, rt.Method)
				}
			}
			if len(allow) == 0 {
				s.writeAPIError(w, r, &httpError{http.StatusNotFound, "not_found", "no such API route: see " + apiPrefix + "/openapi.json"})
				return
			}
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.writeAPIError(w, r, &httpError{http.StatusMethodNotAllowed, "method_not_allowed", r.Method + " is not allowed here: " + strings.Join(allow, ", ")})
		})
	})
}

// crossOriginDenied answers a cross-site request refused by http.CrossOriginProtection: in
// the API's JSON error shape under its prefix, as plain text elsewhere (what the standard
// library answers).
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, apiPrefix+"/") {
		s.writeAPIError(w, r, &httpError{http.StatusForbidden, "forbidden", "cross-site request refused: a session works from relance's own pages only; an integration sends an API token"})
		return
	}
	http.Error(w, "cross-origin request detected", http.StatusForbidden)
}

// matchPattern reports whether path fits a route pattern whose {wildcards} each match one
// non-empty segment.
func matchPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") {
			if xs[i] == "" {
				return false
			}
		} else if p != xs[i] {
			return false
		}
	}
	return true
}

// apiHandler serves the JSON API. It holds exactly what the endpoints use: the use cases (and
// the store behind them) and the dashboard cache that a change makes stale. Errors are logged
// once, where they become a status (Server.writeAPIError).
type apiHandler struct {
	app  *app.App
	dash *dashCache
}

func newAPIHandler(s *Server) *apiHandler {
	return &apiHandler{app: s.app, dash: s.dash}
}

// fieldError is a request refused because of one field or parameter, which the error's JSON
// names (error.field) so that an integration can point at it.
type fieldError struct {
	status int
	code   string
	field  string
	msg    string
}

func (e *fieldError) Error() string { return e.msg }

// Unwrap gives the status and code to statusOf, which maps every error once.
func (e *fieldError) Unwrap() error { return &httpError{e.status, e.code, e.msg} }

// badParam is a malformed request: a query parameter or body that cannot be read (400).
func badParam(field, format string, args ...any) error {
	return &fieldError{http.StatusBadRequest, "bad_request", field, fmt.Sprintf(format, args...)}
}

// invalid is a well-formed request whose field the rules refuse (422).
func invalid(field, format string, args ...any) error {
	return &fieldError{http.StatusUnprocessableEntity, "unprocessable", field, fmt.Sprintf(format, args...)}
}

// conflict is a request the object's state does not allow, or a duplicate (409).
func conflict(format string, args ...any) error {
	return &httpError{http.StatusConflict, "conflict", fmt.Sprintf(format, args...)}
}

// errorField is the field an error is about, for the JSON error: the API's own field errors,
// and the use cases' input errors.
func errorField(err error) string {
	var fe *fieldError
	var ie *app.InputError
	switch {
	case errors.As(err, &fe):
		return fe.field
	case errors.As(err, &ie):
		return ie.Field
	}
	return ""
}

// renameFields turns a use case's input error into the API's, with the field spelt as the
// request spells it (the use cases name their fields as the command line does: "amount"
// becomes "amount_cents"). Other errors pass unchanged.
func renameFields(err error, names map[string]string) error {
	return renameField(err, func(f string) string {
		if n, ok := names[f]; ok {
			return n
		}
		return f
	})
}

// renameField is renameFields for names that follow a rule rather than a list
// ("allocations[2].amount" becomes "allocations[2].amount_cents").
func renameField(err error, rename func(string) string) error {
	var ie *app.InputError
	if !errors.As(err, &ie) {
		return err
	}
	return invalid(rename(ie.Field), "%s", ie.Error())
}

// refNotFound turns the "no such customer or invoice" of an object named in a request body
// into a 422 naming the field: the request is at fault, not its URL. The message is the same
// whether the object does not exist or is another company's.
func refNotFound(err error, field string) error {
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var fe *fieldError
	if errors.As(err, &fe) {
		return err
	}
	msg := strings.TrimSuffix(err.Error(), ": "+store.ErrNotFound.Error())
	return invalid(field, "%s", msg)
}

// maxBody is the largest request body read; a larger one is refused before it is parsed.
const maxBody = 1 << 20

// decodeJSON reads the request body, one JSON object, into dst. An empty body reads as {}.
// Unknown fields are refused, and so, when patch is set, are nulls: in a partial update an
// absent field keeps its value, and a null that did the same would hide the mistake of
// someone who meant to clear it.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any, patch bool) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the body is larger than %d bytes", maxBody)}
		}
		return badParam("", "reading the body: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return badParam("", "the body must be JSON, sent with Content-Type: application/json")
	}
	if patch {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err == nil {
			for _, k := range slices.Sorted(maps.Keys(fields)) {
				if string(bytes.TrimSpace(fields[k])) == "null" {
					return badParam(k, "%s: null is not accepted in an update; leave the field out to keep its value, or send \"\" (or 0) to clear it", k)
				}
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badParam("", "the body must hold one JSON object, and nothing after it")
	}
	return nil
}

// decodeError explains a JSON decoding error in the request's own terms.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return badParam("", "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badParam("", "malformed JSON: the body ends too early")
	case errors.As(err, &typ):
		field := jsonPath(typ.Field)
		if field == "" {
			return badParam("", "the body must be a JSON %s", jsonKind(typ.Type))
		}
		return badParam(field, "%s: want %s, got %s", field, jsonKind(typ.Type), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return badParam(name, "unknown field %q (see %s/openapi.json)", name, apiPrefix)
	}
	return badParam("", "malformed JSON: %v", err)
}

// jsonPath is the field path encoding/json reports, without the names of the Go structs
// embedded in a request type ("customerFields.credit_limit_cents"): the API's fields are
// snake_case, Go's type names are not.
func jsonPath(p string) string {
	var out []string
	for _, seg := range strings.Split(p, ".") {
		if seg != "" && strings.ToLower(seg) == seg {
			out = append(out, seg)
		}
	}
	return strings.Join(out, ".")
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// writeJSON answers v with status. The body is encoded before anything is written, so that
// an encoding error still becomes a proper 500.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	// Receivables are confidential: no shared cache keeps them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// writeCreated answers 201 with the object and where to read it again.
func writeCreated(w http.ResponseWriter, location string, v any) error {
	if location != "" {
		w.Header().Set("Location", location)
	}
	return writeJSON(w, http.StatusCreated, v)
}

// companyPath is the API path of the request's company, for Location headers.
func companyPath(r *http.Request) string {
	return apiPrefix + "/companies/" + url.PathEscape(companyOf(r).Slug)
}

// Pagination: every list is read with one row more than asked, which says whether a next page
// exists without counting the rows.
const (
	defaultLimit = 50
	maxLimit     = 500
)

type page struct{ limit, offset int }

// list is the shape of every list the API returns.
type list[T any] struct {
	Items []T `json:"items"`
	// Next is the path and query of the next page, null on the last one.
	Next *string `json:"next"`
}

// writeList answers a page of items, read with page.limit+1 rows (or more).
func writeList[T any](w http.ResponseWriter, r *http.Request, p page, items []T) error {
	out := list[T]{Items: items}
	if len(items) > p.limit {
		out.Items = items[:p.limit]
		q := r.URL.Query()
		q.Set("limit", strconv.Itoa(p.limit))
		q.Set("offset", strconv.Itoa(p.offset+p.limit))
		next := r.URL.Path + "?" + q.Encode()
		out.Next = &next
	}
	if out.Items == nil {
		out.Items = []T{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// pageOf cuts a page, with its one extra item, out of a list read whole.
func pageOf[T any](all []T, p page) []T {
	if p.offset >= len(all) {
		return nil
	}
	return all[p.offset:min(len(all), p.offset+p.limit+1)]
}

// params reads the query string of a request that accepts the names given (and, for a list,
// limit and offset). An unknown parameter is refused. The first error is kept and reported by
// err, so that a handler reads every parameter and then checks once.
type params struct {
	v   url.Values
	err error
}

func readParams(r *http.Request, allowed ...string) *params {
	p := &params{v: r.URL.Query()}
	for _, k := range slices.Sorted(maps.Keys(p.v)) {
		if !slices.Contains(allowed, k) {
			p.fail(badParam(k, "unknown query parameter %q: this route takes %s", k, orNone(allowed)))
		} else if len(p.v[k]) > 1 && !repeatable[k] {
			p.fail(badParam(k, "query parameter %q given %d times", k, len(p.v[k])))
		}
	}
	return p
}

// repeatable are the parameters given once per value, as the command line's repeatable
// flags: map=HEADER=field, once per column.
var repeatable = map[string]bool{"map": true}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func (p *params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// all reads a repeatable parameter's values.
func (p *params) all(name string) []string { return p.v[name] }

func (p *params) int(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.fail(badParam(name, "%s=%q: want an integer from %d to %d", name, s, lo, hi))
		return def
	}
	return n
}

func (p *params) date(name string) civil.Date {
	s := p.str(name)
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(s)
	if err != nil {
		p.fail(badParam(name, "%s: %v", name, err))
	}
	return d
}

func (p *params) bool(name string) bool {
	switch s := p.str(name); s {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	default:
		p.fail(badParam(name, "%s=%q: want true or false", name, s))
		return false
	}
}

// flag reads a boolean that is def when absent (auto=false turns off what is on by default).
func (p *params) flag(name string, def bool) bool {
	if p.str(name) == "" {
		return def
	}
	return p.bool(name)
}

// oneOf reads a parameter among values; def when absent.
func (p *params) oneOf(name, def string, values ...string) string {
	s := p.str(name)
	if s == "" {
		return def
	}
	if !slices.Contains(values, s) {
		p.fail(badParam(name, "%s=%q: want one of %s", name, s, strings.Join(values, ", ")))
		return def
	}
	return s
}

// listOf reads a comma-separated list of values.
func (p *params) listOf(name string, values ...string) []string {
	s := p.str(name)
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.Split(s, ",") {
		x = strings.TrimSpace(x)
		if !slices.Contains(values, x) {
			p.fail(badParam(name, "%s: %q is not one of %s", name, x, strings.Join(values, ", ")))
			return nil
		}
		out = append(out, x)
	}
	return out
}

// page reads limit and offset; a limit above maxLimit is capped rather than refused, so that
// a client asking for "everything" gets the largest page.
func (p *params) page() page {
	limit := p.int("limit", defaultLimit, 1, 1<<30)
	return page{limit: min(limit, maxLimit), offset: p.int("offset", 0, 0, 1<<30)}
}

// customerFilter reads the customer a list is filtered on (?customer=REF): its id, or 0
// without the filter. An unknown reference is the query's fault (400), and says nothing of
// other companies' customers.
func (h *apiHandler) customerFilter(r *http.Request, ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	cu, err := h.app.Store.CustomerByRef(r.Context(), companyOf(r).ID, ref)
	if err != nil {
		return 0, customerFilterError(err, ref)
	}
	return cu.ID, nil
}

func customerFilterError(err error, ref string) error {
	if errors.Is(err, store.ErrNotFound) {
		return badParam("customer", "no customer with reference %q", ref)
	}
	return err
}

// pathID reads a numeric object id from the path; anything else names no object (404).
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}

// parseDate reads a date field of a request body; required says whether it may be absent.
func parseDate(field, s string, required bool) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return civil.Date{}, invalid(field, "%s is required (yyyy-mm-dd)", field)
		}
		return civil.Date{}, nil
	}
	d, err := civil.Parse(s)
	if err != nil {
		return d, invalid(field, "%s: %v", field, err)
	}
	return d, nil
}
