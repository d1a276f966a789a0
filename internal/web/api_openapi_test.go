package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/civil"
)

// openAPI is the served document, parsed once for every test.
var openAPI = sync.OnceValues(func() (map[string]any, error) {
	b, err := openAPIJSON()
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	return doc, json.Unmarshal(b, &doc)
})

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	doc, err := openAPI()
	if err != nil {
		t.Fatalf("the OpenAPI document: %v", err)
	}
	return doc
}

var wildcard = regexp.MustCompile(`\{([a-z_]+)\}`)

func pathParams(pattern string) []string {
	var out []string
	for _, m := range wildcard.FindAllStringSubmatch(pattern, -1) {
		out = append(out, m[1])
	}
	return out
}

// resolve follows a local $ref ("#/components/schemas/X").
func resolve(doc map[string]any, v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

// operationParams lists an operation's parameters, the path item's and its own.
func operationParams(doc map[string]any, item, op map[string]any) []map[string]any {
	var out []map[string]any
	for _, src := range []map[string]any{item, op} {
		list, _ := src["parameters"].([]any)
		for _, p := range list {
			out = append(out, resolve(doc, p))
		}
	}
	return out
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi %q, want 3.1", v)
	}
	paths := doc["paths"].(map[string]any)
	registered := map[string]bool{}
	for _, rt := range apiRoutes {
		key := rt.Method + " " + rt.Path
		if registered[key] {
			t.Errorf("%s registered twice", key)
		}
		registered[key] = true
		item, _ := paths[rt.Path].(map[string]any)
		op, _ := item[strings.ToLower(rt.Method)].(map[string]any)
		if op == nil {
			t.Errorf("%s is a route but not in openapi.yaml", key)
			continue
		}
		var inPath, inQuery []string
		for _, p := range operationParams(doc, item, op) {
			if p["in"] == "path" {
				inPath = append(inPath, p["name"].(string))
				if p["required"] != true {
					t.Errorf("%s: path parameter %s is not required", key, p["name"])
				}
			}
			if p["in"] == "query" {
				inQuery = append(inQuery, p["name"].(string))
			}
		}
		// A change takes query parameters only when it is an upload, which names them.
		if rt.Method != "GET" && !slices.Equal(sorted(inQuery), sorted(rt.Query)) {
			t.Errorf("%s: documents query parameters %v, takes %v", key, inQuery, rt.Query)
		}
		sort.Strings(inPath)
		want := pathParams(rt.Path)
		sort.Strings(want)
		if !slices.Equal(inPath, want) {
			t.Errorf("%s: documents path parameters %v, want %v", key, inPath, want)
		}
		responses, _ := op["responses"].(map[string]any)
		success := false
		for code := range responses {
			if strings.HasPrefix(code, "2") {
				success = true
			}
		}
		if !success {
			t.Errorf("%s documents no success response", key)
		}
		security, hasSecurity := op["security"].([]any)
		switch {
		case rt.Role == "" && (!hasSecurity || len(security) != 0):
			t.Errorf("%s is public but its operation does not say security: []", key)
		case rt.Role != "" && hasSecurity:
			t.Errorf("%s needs credentials but its operation overrides the document's security", key)
		case rt.Role != "" && responses["401"] == nil:
			t.Errorf("%s documents no 401", key)
		case rt.Role != "" && strings.Contains(rt.Path, "{company}") && (responses["403"] == nil || responses["404"] == nil):
			t.Errorf("%s documents no 403 or no 404", key)
		}
		if rt.Method != "GET" && rt.Role != "" && op["requestBody"] == nil {
			t.Errorf("%s documents no request body (an empty one is the Empty schema)", key)
		}
		if content, _ := resolve(doc, op["requestBody"])["content"].(map[string]any); content != nil && (content["application/json"] == nil) != (rt.Query != nil) {
			t.Errorf("%s: an upload's body is a file, any other's JSON", key)
		}
	}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			if !registered[strings.ToUpper(method)+" "+path] {
				t.Errorf("openapi.yaml documents %s %s, which is no route", strings.ToUpper(method), path)
			}
		}
	}
	if len(apiRoutes) < 40 {
		t.Errorf("only %d API routes registered", len(apiRoutes))
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// Every route reads only the query parameters the document lists: an unknown one is refused
// with the list of those the route takes, which must be the documented ones (none for a
// change but an upload).
func TestOpenAPIListsTheQueryParametersOfEveryRoute(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	admin := f.api(t, "admin@a.example")
	doc := loadOpenAPI(t)
	paths := doc["paths"].(map[string]any)
	for _, rt := range apiRoutes {
		path := fillPath(t, rt.Path, ids) + "?zz_unknown=1"
		resp := admin.do(rt.Method, path, nil)
		if rt.Role == "" {
			continue
		}
		msg := resp.wantError(t, http.StatusBadRequest, "bad_request", "zz_unknown")
		_, takes, _ := strings.Cut(msg, "this route takes ")
		var got []string
		if takes != "none" {
			got = strings.Split(takes, ", ")
		}
		item := paths[rt.Path].(map[string]any)
		var documented []string
		for _, p := range operationParams(doc, item, item[strings.ToLower(rt.Method)].(map[string]any)) {
			if p["in"] == "query" {
				documented = append(documented, p["name"].(string))
			}
		}
		sort.Strings(got)
		sort.Strings(documented)
		if !slices.Equal(got, documented) {
			t.Errorf("%s %s takes %v, documents %v", rt.Method, rt.Path, got, documented)
		}
	}
}

func TestOpenAPIIsServedWithoutCredentials(t *testing.T) {
	f := newFixture(t)
	resp := f.anonymous(t).get("/openapi.json").want(t, http.StatusOK)
	var doc map[string]any
	resp.decode(t, &doc)
	if doc["paths"] == nil || doc["components"] == nil {
		t.Fatalf("no paths or components: %.200s", resp.body)
	}
	if !strings.HasPrefix(resp.header.Get("Content-Type"), "application/json") {
		t.Errorf("content type %q", resp.header.Get("Content-Type"))
	}
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if b := schemes["bearer"].(map[string]any); b["scheme"] != "bearer" {
		t.Errorf("bearer scheme: %v", b)
	}
}

// Every example of a request body fits its own schema, so that the document does not teach
// a request the API refuses.
func TestOpenAPIExamplesFitTheirSchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, s := range schemas {
		ex, ok := s.(map[string]any)["example"]
		if !ok {
			continue
		}
		if errs := validateSchema(doc, s, ex, name); len(errs) > 0 {
			t.Errorf("example of %s: %s", name, strings.Join(errs, "; "))
		}
	}
}

// checkAgainstOpenAPI fails the test when an answer of the API is not what the document says
// for its operation and status.
func checkAgainstOpenAPI(t *testing.T, method, path string, resp apiResponse) {
	t.Helper()
	doc := loadOpenAPI(t)
	path, _, _ = strings.Cut(path, "?")
	var op map[string]any
	for pattern, item := range doc["paths"].(map[string]any) {
		if matchPattern(pattern, path) {
			op, _ = item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		}
	}
	documented := op != nil
	if !documented {
		// Outside the documented routes, answers are errors of the documented shape.
		op = map[string]any{"responses": map[string]any{"default": map[string]any{"$ref": "#/components/responses/Error"}}}
	}
	responses := op["responses"].(map[string]any)
	r, ok := responses[strconv.Itoa(resp.status)]
	if !ok {
		if r, ok = responses["default"]; !ok || (documented && resp.status < 500) {
			t.Errorf("%s %s answered %d, which its operation does not document: %.300s", method, path, resp.status, resp.body)
			return
		}
	}
	content, _ := resolve(doc, r)["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		return
	}
	if !strings.HasPrefix(resp.header.Get("Content-Type"), "application/json") {
		t.Errorf("%s %s answered %d with Content-Type %q", method, path, resp.status, resp.header.Get("Content-Type"))
		return
	}
	var body any
	if err := json.Unmarshal(resp.body, &body); err != nil {
		t.Errorf("%s %s answered %d with bad JSON: %v", method, path, resp.status, err)
		return
	}
	if errs := validateSchema(doc, media["schema"], body, "body"); len(errs) > 0 {
		if len(errs) > 8 {
			errs = append(errs[:8], fmt.Sprintf("… and %d more", len(errs)-8))
		}
		t.Errorf("%s %s answered %d, not as openapi.yaml says:\n  %s", method, path, resp.status, strings.Join(errs, "\n  "))
	}
}

// validateSchema checks v against the part of JSON Schema the document uses: $ref, type
// (with null), enum, format date and date-time, pattern, required, properties,
// additionalProperties: false, items.
func validateSchema(doc map[string]any, schema any, v any, at string) []string {
	s := resolve(doc, schema)
	if s == nil {
		return nil
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if got := jsonType(v); !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			fail("is %s, want %s", got, strings.Join(types, " or "))
			return errs
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		fail("%v is not one of %v", v, enum)
	}
	switch v := v.(type) {
	case string:
		switch s["format"] {
		case "date":
			if _, err := civil.Parse(v); err != nil {
				fail("%q is no date", v)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				fail("%q is no RFC 3339 time", v)
			}
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			fail("%q does not match %s", v, p)
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, k := range req {
				if _, ok := v[k.(string)]; !ok {
					fail("no %s", k)
				}
			}
		}
		for k, x := range v {
			if ps, ok := props[k]; ok {
				errs = append(errs, validateSchema(doc, ps, x, at+"."+k)...)
			} else if s["additionalProperties"] == false {
				fail("%s is not documented", k)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, x := range v {
				errs = append(errs, validateSchema(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case float64:
		if v == math.Trunc(v) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func TestTheValidatorCatchesWhatItShould(t *testing.T) {
	doc := loadOpenAPI(t)
	ref := map[string]any{"$ref": "#/components/schemas/Error"}
	good := map[string]any{"error": map[string]any{"code": "not_found", "message": "not found"}}
	if errs := validateSchema(doc, ref, good, "body"); len(errs) > 0 {
		t.Errorf("a good error refused: %v", errs)
	}
	for name, bad := range map[string]any{
		"missing": map[string]any{"error": map[string]any{"code": "not_found"}},
		"extra":   map[string]any{"error": map[string]any{"code": "not_found", "message": "x", "hint": "y"}},
		"enum":    map[string]any{"error": map[string]any{"code": "nope", "message": "x"}},
		"type":    map[string]any{"error": "not_found"},
		"integer": map[string]any{"id": 1.5},
		"date":    "23/11/2026",
	} {
		schema := ref
		switch name {
		case "integer":
			schema = map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "integer"}}}
		case "date":
			schema = map[string]any{"$ref": "#/components/schemas/Date"}
		}
		if errs := validateSchema(doc, schema, bad, "body"); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}

// Every field the document lists for a request body is one the route reads: a body holding
// each of them, with a value of its type, is never refused as holding an unknown field.
func TestOpenAPIRequestFieldsAreTheAPIs(t *testing.T) {
	f := newFixture(t)
	ids := f.objectsOfA(t)
	admin := f.api(t, "admin@a.example")
	doc := loadOpenAPI(t)
	paths := doc["paths"].(map[string]any)
	checked := 0
	for _, rt := range apiRoutes {
		op, _ := paths[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		json := jsonBody(doc, op)
		if json == nil {
			continue // no body, or an upload's file (api_imports_test.go)
		}
		schema := resolve(doc, json["schema"])
		sample := sampleOf(doc, schema)
		resp := admin.do(rt.Method, fillPath(t, rt.Path, ids), sample)
		if code, field, msg := resp.errorOf(t); resp.status == http.StatusBadRequest {
			t.Errorf("%s %s refuses a documented body %v: %s (field %q) %s", rt.Method, rt.Path, sample, code, field, msg)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d request bodies checked", checked)
	}
}

// jsonBody is the JSON media type of an operation's request body; nil when it has no body,
// or one that is not JSON (an upload's file).
func jsonBody(doc, op map[string]any) map[string]any {
	content, _ := resolve(doc, op["requestBody"])["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	return media
}

// sampleOf makes a value of the schema's type, with every property of an object.
func sampleOf(doc map[string]any, schema any) any {
	s := resolve(doc, schema)
	typ, _ := s["type"].(string)
	if list, ok := s["type"].([]any); ok {
		typ = list[0].(string)
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for k, p := range props {
			out[k] = sampleOf(doc, p)
		}
		return out
	case "array":
		return []any{sampleOf(doc, s["items"])}
	case "integer":
		return 1
	case "boolean":
		return false
	}
	if enum, ok := s["enum"].([]any); ok {
		return enum[len(enum)-1]
	}
	if s["format"] == "date" {
		return "2026-12-01"
	}
	return "x"
}

// requestTypes are the Go types the routes decode, by the name of their schema.
var requestTypes = map[string]any{
	"CustomerCreate": customerCreate{}, "CustomerUpdate": customerFields{}, "ContactInput": contactFields{},
	"PauseRequest": pauseInput{}, "InvoiceCreate": invoiceCreate{}, "PaymentCreate": paymentCreate{},
	"DisputeCreate": disputeInput{}, "DisputeResolve": resolveInput{}, "PromiseCreate": promiseInput{},
	"PlanCreate": planInput{}, "RejectRequest": rejectInput{}, "DoneRequest": doneInput{}, "RunRequest": runInput{},
	"CallRequest": callInput{}, "StepRequest": stepInput{}, "Empty": struct{}{},
	"LettersPrintRequest": lettersPrintInput{}, "LetterPosted": letterPostedInput{}, "LetterReceived": letterReceivedInput{},
}

// Each request schema lists exactly the fields of the Go type that reads it, nested ones
// included: a field the API reads but the document omits is as wrong as the reverse.
func TestOpenAPIRequestSchemasAreTheGoTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, item := range doc["paths"].(map[string]any) {
		for _, op := range item.(map[string]any) {
			o, _ := op.(map[string]any) // or the path's parameters
			json := jsonBody(doc, o)
			if json == nil {
				continue // no body, or an upload's file
			}
			ref := json["schema"].(map[string]any)["$ref"].(string)
			if _, ok := requestTypes[strings.TrimPrefix(ref, "#/components/schemas/")]; !ok {
				t.Errorf("request schema %s has no Go type in requestTypes", ref)
			}
		}
	}
	for name, v := range requestTypes {
		compareFields(t, doc, name, schemas[name], reflect.TypeOf(v))
	}
}

func compareFields(t *testing.T, doc map[string]any, at string, schema any, typ reflect.Type) {
	t.Helper()
	s := resolve(doc, schema)
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
		if items, ok := s["items"]; ok {
			s = resolve(doc, items)
		}
	}
	if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeOf(apiHandler{}).PkgPath() && typ.Name() != "" {
		return // a value, or a type of another package (receivable.Address) described by its own schema
	}
	props, _ := s["properties"].(map[string]any)
	fields := jsonFields(typ)
	var documented, read []string
	for k := range props {
		documented = append(documented, k)
	}
	for k := range fields {
		read = append(read, k)
	}
	sort.Strings(documented)
	sort.Strings(read)
	if !slices.Equal(documented, read) {
		t.Errorf("%s documents %v, the API reads %v", at, documented, read)
	}
	for k, ft := range fields {
		if p, ok := props[k]; ok {
			compareFields(t, doc, at+"."+k, p, ft)
		}
	}
}

// jsonFields are the JSON names of a struct's fields, embedded structs' included.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if name != "-" {
			out[name] = f.Type
		}
	}
	return out
}
