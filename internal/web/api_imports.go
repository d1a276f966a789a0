package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/ingest/camt"
	"github.com/relance-app/relance/internal/ingest/einvoice"
	"github.com/relance-app/relance/internal/ingest/fec"
	"github.com/relance-app/relance/internal/ingest/tabular"
	"github.com/relance-app/relance/internal/store"
)

// Imports take the file as the request body, with the Content-Type of the file, or several
// files (e-invoices) as multipart/form-data; their options are therefore query parameters,
// the command line's flags. Each kind is a route of its own, with the options it takes, so
// that the OpenAPI document and the registry's tests describe each exactly. An import is all
// or nothing: a file refused answers 422 with every problem found, located (file, line,
// field, value), and nothing is stored; dry_run=true goes through the whole import and stores
// nothing either.

func init() {
	const c = "/companies/{company}/imports/"
	for _, kind := range []app.ImportKind{app.ImportInvoices, app.ImportPayments, app.ImportCustomers} {
		addUpload(c+string(kind), auth.Collector, tabularOptions, func(h *apiHandler, w http.ResponseWriter, r *http.Request) error {
			return h.importTabular(w, r, kind)
		})
	}
	addUpload(c+"fec", auth.Collector, fecOptions, (*apiHandler).importFEC)
	addUpload(c+"bank", auth.Collector, bankOptions, (*apiHandler).importBank)
	addUpload(c+"einvoices", auth.Collector, einvoiceOptions, (*apiHandler).importEInvoices)
}

// The options of each kind of import, the command line's flags; filename names a file sent
// as the body.
var (
	tabularOptions  = []string{"dry_run", "map", "sheet", "filename"}
	fecOptions      = []string{"dry_run", "accounts", "filename"}
	bankOptions     = []string{"dry_run", "auto", "auto_threshold", "filename"}
	einvoiceOptions = []string{"dry_run", "filename"}
)

// importMaxBody bounds an import's request, files and form together: a year of invoices of
// a mid-size company is a few megabytes; more is a mistake, or an attack on the server's
// memory. A variable so that a test can check the limit without sending 50 MB.
var importMaxBody int64 = 50 << 20

// uploadedFile is one file of an import's request.
type uploadedFile struct {
	name string
	data []byte
}

// readUploads reads the request's files: the body itself, named by ?filename=, or each file
// part of a multipart/form-data body, named by its own filename. most is how many files the
// import takes.
func readUploads(w http.ResponseWriter, r *http.Request, filename string, most int) ([]uploadedFile, error) {
	if r.ContentLength > importMaxBody {
		return nil, uploadTooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, importMaxBody)
	var out []uploadedFile
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if filename != "" {
			return nil, badParam("filename", "filename names the body's file; each part of a multipart body has its own")
		}
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, badParam("", "reading the multipart body: %v", err)
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, readError(err)
			}
			if part.FileName() == "" {
				return nil, badParam(part.FormName(), "form field %q is not a file: an import's options are query parameters", part.FormName())
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, readError(err)
			}
			f := uploadedFile{name: baseName(part.FileName(), "upload"), data: data}
			for _, o := range out {
				if o.name == f.name {
					return nil, badParam("", "two files are named %q: each file needs its own name", f.name)
				}
			}
			out = append(out, f)
		}
	} else {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, readError(err)
		}
		if len(data) > 0 {
			out = append(out, uploadedFile{name: baseName(filename, "upload"+extension(data)), data: data})
		}
	}
	switch {
	case len(out) == 0:
		return nil, badParam("", "no file: send the file as the request body, with its Content-Type (see %s/openapi.json)", apiPrefix)
	case len(out) > most:
		return nil, badParam("", "%d files: this import takes one", len(out))
	}
	return out, nil
}

func uploadTooLarge() error {
	return &httpError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the upload is larger than %d MB", importMaxBody>>20)}
}

func readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return uploadTooLarge()
	}
	return badParam("", "reading the body: %v", err)
}

// baseName keeps a file's own name, which the errors quote and an e-invoice's kept copy
// bears, without the folders some clients send with it.
func baseName(name, def string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return def
	}
	return name
}

// extension names a file sent without a name after what it holds: an e-invoice's kept copy
// is then served as what it is.
func extension(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return ".pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return ".xlsx"
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("<")):
		return ".xml"
	}
	return ""
}

// apiImportResult is app.ImportResult with its mapping spelt as the API spells fields, and
// every field present whatever the import found.
type apiImportResult struct {
	Kind          app.ImportKind      `json:"kind"`
	File          string              `json:"file"`
	Format        string              `json:"format"`
	Mapping       []apiColumn         `json:"mapping"`
	Stats         store.ImportStats   `json:"stats"`
	DryRun        bool                `json:"dry_run"`
	Warnings      []app.ImportWarning `json:"warnings"`
	TermsExceeded int                 `json:"terms_exceeded"`
}

// apiColumn is a column of the file and the field it was read as; "" when it was ignored.
type apiColumn struct {
	Index  int    `json:"index"`
	Header string `json:"header"`
	Field  string `json:"field"`
}

// importTabular imports a CSV or XLSX file of invoices, payments or customers (app.Import, as
// `relance import KIND FILE` does); map=HEADER=field, once per column, and sheet are the
// command line's --map and --sheet.
func (h *apiHandler) importTabular(w http.ResponseWriter, r *http.Request, kind app.ImportKind) error {
	p := readParams(r, tabularOptions...)
	opts := app.ImportOptions{DryRun: p.bool("dry_run"), Sheet: p.str("sheet")}
	for _, m := range p.all("map") {
		header, field, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(header) == "" {
			p.fail(badParam("map", "map=%q: want HEADER=field, the file's header and the field it holds", m))
			break
		}
		if opts.Map == nil {
			opts.Map = map[string]string{}
		}
		opts.Map[strings.TrimSpace(header)] = strings.TrimSpace(field)
	}
	name := p.str("filename")
	if p.err != nil {
		return p.err
	}
	files, err := readUploads(w, r, name, 1)
	if err != nil {
		return err
	}
	res, err := h.app.Import(r.Context(), companyOf(r), kind, files[0].name, bytes.NewReader(files[0].data), opts)
	if err != nil {
		return writeImportProblem(w, err, files)
	}
	out := apiImportResult{Kind: res.Kind, File: res.File, Format: res.Format, Mapping: make([]apiColumn, 0, len(res.Mapping)),
		Stats: res.Stats, DryRun: res.DryRun, Warnings: res.Warnings, TermsExceeded: res.TermsExceeded}
	for _, c := range res.Mapping {
		out.Mapping = append(out.Mapping, apiColumn{Index: c.Index, Header: c.Header, Field: c.Field})
	}
	if out.Warnings == nil {
		out.Warnings = []app.ImportWarning{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// importFEC imports a Fichier des Écritures Comptables (app.ImportFEC); accounts are the
// customer-account prefixes, 411 by default.
func (h *apiHandler) importFEC(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, fecOptions...)
	opts := app.FECOptions{DryRun: p.bool("dry_run")}
	for _, a := range strings.Split(p.str("accounts"), ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if strings.Trim(a, "0123456789") != "" {
			p.fail(badParam("accounts", "accounts=%q: want account number prefixes such as 411,416", p.str("accounts")))
			break
		}
		opts.Accounts = append(opts.Accounts, a)
	}
	name := p.str("filename")
	if p.err != nil {
		return p.err
	}
	files, err := readUploads(w, r, name, 1)
	if err != nil {
		return err
	}
	res, err := h.app.ImportFEC(r.Context(), companyOf(r), files[0].name, bytes.NewReader(files[0].data), opts)
	if err != nil {
		return writeImportProblem(w, err, files)
	}
	return writeJSON(w, http.StatusOK, res)
}

// importBank imports a bank statement, camt.053 or a CSV export (app.ImportBank), and matches
// its credits: from auto_threshold (1-100, 90 by default) a match is allocated at once, below
// it queued for review (GET /matches); auto=false queues every match.
func (h *apiHandler) importBank(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, bankOptions...)
	opts := app.BankOptions{DryRun: p.bool("dry_run")}
	opts.Match.NoAuto = !p.flag("auto", true)
	opts.Match.AutoThreshold = p.int("auto_threshold", 0, 1, 100)
	if opts.Match.NoAuto && opts.Match.AutoThreshold != 0 {
		p.fail(badParam("auto_threshold", "auto_threshold has no use with auto=false: every match is queued for review"))
	}
	name := p.str("filename")
	if p.err != nil {
		return p.err
	}
	files, err := readUploads(w, r, name, 1)
	if err != nil {
		return err
	}
	res, err := h.app.ImportBank(r.Context(), companyOf(r), files[0].name, bytes.NewReader(files[0].data), opts)
	if err != nil {
		return writeImportProblem(w, err, files)
	}
	return writeJSON(w, http.StatusOK, res)
}

// importEInvoices imports Factur-X PDFs, CII or UBL invoices (app.ImportEInvoices): one file
// as the body, or several as multipart/form-data, all or nothing.
func (h *apiHandler) importEInvoices(w http.ResponseWriter, r *http.Request) error {
	p := readParams(r, einvoiceOptions...)
	opts := app.EInvoiceOptions{DryRun: p.bool("dry_run")}
	name := p.str("filename")
	if p.err != nil {
		return p.err
	}
	files, err := readUploads(w, r, name, apiMaxEInvoiceFiles)
	if err != nil {
		return err
	}
	names := make([]string, len(files))
	byName := make(map[string][]byte, len(files))
	for i, f := range files {
		names[i], byName[f.name] = f.name, f.data
	}
	read := func(name string) ([]byte, error) { return byName[name], nil }
	res, err := h.app.ImportEInvoices(r.Context(), companyOf(r), names, read, opts)
	if err != nil {
		return writeImportProblem(w, err, files)
	}
	return writeJSON(w, http.StatusOK, res)
}

// apiMaxEInvoiceFiles bounds the files of one request: a month of invoices, say; more go in
// several requests.
const apiMaxEInvoiceFiles = 500

// importRow is one problem of a refused file, where it is.
type importRow struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"` // the XLSX sheet; "" for other files
	Line    int    `json:"line"`  // the line (CSV, FEC, XML) or row (XLSX); 0 when the whole file is at fault
	Field   string `json:"field"` // the field, column or element path; "" when the whole line is
	Value   string `json:"value"`
	Message string `json:"message"`
}

// importProblem is the 422 of an import: the API's error shape with every problem found.
// writeAPIError knows only the one-field shape, so an import writes this one itself.
type importProblem struct {
	Error struct {
		Code    string      `json:"code"`
		Message string      `json:"message"`
		Rows    []importRow `json:"rows"`
		// Total counts every problem, rows listing the first ones only.
		Total int `json:"total"`
	} `json:"error"`
}

// writeImportProblem answers a file refused for what it holds with every problem found; any
// other error (a conflict, a failure of the database) goes to the edge as usual.
func writeImportProblem(w http.ResponseWriter, err error, files []uploadedFile) error {
	p, ok := importProblemOf(err, files)
	if !ok {
		return err
	}
	return writeJSON(w, http.StatusUnprocessableEntity, p)
}

func importProblemOf(err error, files []uploadedFile) (importProblem, bool) {
	var p importProblem
	var el *tabular.ErrorList
	var re *store.RowErrors
	var he *tabular.HeaderError
	var ie *app.InputError
	rows := []importRow{}
	total := 0
	switch {
	case errors.As(err, &el):
		for _, e := range el.Errors {
			rows = append(rows, importRow{File: e.File, Sheet: e.Sheet, Line: e.Line, Field: e.Field, Value: e.Value, Message: e.Err.Error()})
		}
		total = el.Total
	case errors.As(err, &re):
		// The store knows lines, not files: the tabular imports take one file.
		for _, e := range re.Errs {
			rows = append(rows, importRow{File: files[0].name, Line: e.Line, Field: e.Field, Value: e.Value, Message: e.Msg})
		}
		total = re.Total
	case errors.As(err, &he):
		// The reader speaks the command line's flag; here the option is a query parameter.
		rows = append(rows, importRow{File: he.File, Message: strings.ReplaceAll(he.Problem, "--map ", "map=")})
		total = 1
	default:
		rows = parserRows(err, files)
		total = len(rows)
		if total == 0 {
			if !errors.As(err, &ie) {
				return p, false
			}
			// Refused by the rules while it was stored (an invoice of the file that the
			// company's books contradict): the message says where.
			p.Error.Code, p.Error.Message, p.Error.Rows = "unprocessable", "nothing was imported: "+ie.Error(), rows
			return p, true
		}
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	what := "1 problem"
	if total != 1 {
		what = fmt.Sprintf("%d problems", total)
	}
	p.Error.Code, p.Error.Rows, p.Error.Total = "unprocessable", rows, total
	p.Error.Message = fmt.Sprintf("nothing was imported: %s in %s, listed in rows", what, strings.Join(names, ", "))
	return p, true
}

// parserRows finds the problems the readers of FEC, bank statements and e-invoices located,
// wherever they are wrapped or joined. A reader that found several joins them, then a
// problem it could not locate (a seller who is not the company, too many errors) comes as
// text beginning with its file's name.
func parserRows(err error, files []uploadedFile) []importRow {
	var rows []importRow
	var walk func(err error, joined bool)
	walk = func(err error, joined bool) {
		var e1 *fec.Error
		var e2 *camt.Error
		var e3 *einvoice.Error
		switch {
		case errors.As(err, &e1):
			rows = append(rows, importRow{File: e1.File, Line: e1.Line, Field: e1.Column, Value: e1.Value, Message: e1.Err.Error()})
		case errors.As(err, &e2):
			rows = append(rows, importRow{File: e2.File, Line: e2.Line, Field: e2.Path, Value: e2.Value, Message: e2.Err.Error()})
		case errors.As(err, &e3):
			rows = append(rows, importRow{File: e3.File, Line: e3.Line, Field: e3.Path, Value: e3.Value, Message: e3.Err.Error()})
		case joined:
			row := importRow{Message: err.Error()}
			for _, f := range files {
				if rest, ok := strings.CutPrefix(row.Message, f.name+": "); ok {
					row.File, row.Message = f.name, rest
				}
			}
			rows = append(rows, row)
		}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			walk(e, true)
		}
	} else {
		walk(err, false)
	}
	return rows
}
