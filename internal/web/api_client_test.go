package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// apiToken makes an API token for the user in the company, as `relance token create` does.
func (f *fixture) apiToken(t *testing.T, email string, co receivable.Company) string {
	t.Helper()
	ctx := context.Background()
	u, err := f.a.Store.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	tok, hash, err := auth.NewToken("rl_")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.Store.CreateAPIToken(ctx, &store.APIToken{UserID: u.ID, CompanyID: co.ID, Name: "test " + email, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// apiClient calls the API as an integration does, and checks every answer against the
// OpenAPI document: its status must be documented for the operation, and its body must fit
// the schema given for that status.
type apiClient struct {
	t      *testing.T
	f      *fixture
	token  string       // Authorization: Bearer …, when set
	http   *http.Client // a browser's session, when set
	header http.Header  // extra headers on every request
}

// api is a client with a token of the user; the user's company is A, or B for admin@b.
func (f *fixture) api(t *testing.T, email string) *apiClient {
	co := f.coA
	if strings.HasSuffix(email, "@b.example") {
		co = f.coB
	}
	return &apiClient{t: t, f: f, token: f.apiToken(t, email, co)}
}

// anonymous is a client without credentials.
func (f *fixture) anonymous(t *testing.T) *apiClient { return &apiClient{t: t, f: f} }

// session is a client logged in to the web application, calling the API with its cookie.
func (f *fixture) session(t *testing.T, email string) *apiClient {
	return &apiClient{t: t, f: f, http: f.client(t, email)}
}

// apiResponse is an answer of the API.
type apiResponse struct {
	status int
	header http.Header
	body   []byte
}

// decode reads the body into v.
func (r apiResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// object reads the body as a JSON object.
func (r apiResponse) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// errorOf reads the error's code and field.
func (r apiResponse) errorOf(t *testing.T) (code, field, message string) {
	t.Helper()
	var e apiError
	r.decode(t, &e)
	return e.Error.Code, e.Error.Field, e.Error.Message
}

// items reads a list's items.
func (r apiResponse) items(t *testing.T) []map[string]any {
	t.Helper()
	var l struct {
		Items []map[string]any `json:"items"`
		Next  *string          `json:"next"`
	}
	r.decode(t, &l)
	return l.Items
}

// do sends a request to the API path (after /api/v1). body is nil, a string sent as it is,
// or a value sent as JSON.
func (c *apiClient) do(method, path string, body any) apiResponse {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	contentType := ""
	if rd != nil {
		contentType = "application/json"
	}
	return c.send(method, path, contentType, rd)
}

// upload posts a file as the body, with its content type, as an integration sends an import.
func (c *apiClient) upload(path, contentType string, file []byte) apiResponse {
	c.t.Helper()
	return c.send("POST", path, contentType, bytes.NewReader(file))
}

// send sends a request with a body of any type, and checks the answer against the document.
func (c *apiClient) send(method, path, contentType string, rd io.Reader) apiResponse {
	c.t.Helper()
	req, err := http.NewRequest(method, c.f.srv.URL+apiPrefix+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	hc := c.http
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	out := apiResponse{status: resp.StatusCode, header: resp.Header, body: b}
	checkAgainstOpenAPI(c.t, method, path, out)
	return out
}

func (c *apiClient) get(path string) apiResponse { c.t.Helper(); return c.do("GET", path, nil) }

func (c *apiClient) post(path string, body any) apiResponse {
	c.t.Helper()
	return c.do("POST", path, body)
}

func (c *apiClient) patch(path string, body any) apiResponse {
	c.t.Helper()
	return c.do("PATCH", path, body)
}

// want fails the test unless the answer has the status.
func (r apiResponse) want(t *testing.T, status int) apiResponse {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

// wantError fails the test unless the answer is the error with that status, code and field.
func (r apiResponse) wantError(t *testing.T, status int, code, field string) string {
	t.Helper()
	r.want(t, status)
	gotCode, gotField, msg := r.errorOf(t)
	if gotCode != code || gotField != field {
		t.Fatalf("error %s (field %q), want %s (field %q): %s", gotCode, gotField, code, field, r.body)
	}
	return msg
}

// companyA is the API path of company A.
func (f *fixture) companyA() string { return "/companies/" + f.coA.Slug }

// digest sums up everything company A holds, so that a test can prove that a refused request
// changed nothing.
func (f *fixture) digest(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	st := f.a.Store
	id := f.coA.ID
	var parts []any
	add := func(v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	customers, err := st.ListCustomers(ctx, store.CustomerQuery{CompanyID: id, Day: today})
	add(customers, err)
	for _, kind := range []receivable.DocKind{receivable.KindInvoice, receivable.KindCreditNote} {
		add(st.ListInvoices(ctx, store.InvoiceQuery{CompanyID: id, Kind: kind}))
	}
	add(st.ListPayments(ctx, store.PaymentQuery{CompanyID: id}))
	add(st.ListActions(ctx, store.ActionQuery{CompanyID: id}))
	add(st.ListOutbox(ctx, store.OutboxQuery{CompanyID: id}))
	add(st.ListDisputes(ctx, store.CommitmentQuery{CompanyID: id}))
	add(st.ListPromises(ctx, store.CommitmentQuery{CompanyID: id}))
	add(st.ListPlans(ctx, store.CommitmentQuery{CompanyID: id}))
	add(st.Events(ctx, id, 0, 0))
	for _, cu := range customers {
		add(st.Events(ctx, id, cu.ID, 0))
		add(st.Contacts(ctx, id, cu.ID))
	}
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// jsonString is v as JSON: an id read from a body (a float64) back as it was written.
func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
