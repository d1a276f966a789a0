package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/ingest/tabular"
	"github.com/relance-app/relance/internal/store"
)

// The imports pages: upload a CSV or XLSX file (the FEC, bank statements and e-invoices
// follow the same flow: page_imports_files.go), see what relance reads in it — the format, the
// column-to-field mapping (changeable, as `relance import --map` does), the valid rows and
// every error — and only then import it, all or nothing. Between the preview and the
// confirmation the file is kept in the database (a document of kind "upload"), so that the
// preview and the import read the same bytes, whichever process serves them.
func init() {
	const c = auth.Collector
	addRoute("GET /c/{company}/imports", func(s *Server) http.Handler { return s.page(c, s.importsPage) })
	addRoute("POST /c/{company}/imports", func(s *Server) http.Handler { return s.page(c, s.importUpload) })
	addRoute("GET /c/{company}/imports/{id}", func(s *Server) http.Handler { return s.page(c, s.importPreview) })
	addRoute("POST /c/{company}/imports/{id}", func(s *Server) http.Handler { return s.page(c, s.importConfirm) })

	addFR(map[string]string{
		"What the file holds": "Contenu du fichier", "File": "Fichier", "Sheet (XLSX, optional)": "Feuille (XLSX, facultatif)",
		"invoices": "factures", "payments": "règlements", "customers": "clients",
		"Read the file": "Lire le fichier", "CSV or XLSX, up to 50 MB. Nothing is stored before you confirm.": "CSV ou XLSX, 50 Mo au plus. Rien n'est enregistré avant votre confirmation.",
		"Columns relance understands": "Colonnes reconnues par relance", "Field": "Champ", "Headers recognised": "En-têtes reconnus",
		"Format": "Format", "Column in the file": "Colonne du fichier", "Read as": "Lu comme", "ignored": "ignorée",
		"Apply the mapping": "Appliquer la correspondance", "valid rows": "lignes valides", "Errors": "Erreurs",
		"Line": "Ligne", "Value": "Valeur", "Problem": "Problème", "and more": "et d'autres encore",
		"Import": "Importer", "Import these rows?": "Importer ces lignes ?",
		"Fix the file and upload it again, or change the mapping: nothing can be imported while there are errors.": "Corrigez le fichier puis chargez-le à nouveau, ou changez la correspondance : rien ne peut être importé tant qu'il reste des erreurs.",
		"Imported":      "Importé",
		"Import result": "Résultat de l'import", "rows": "lignes", "created": "créées", "updated": "mises à jour", "unchanged": "inchangées",
		"new customers": "nouveaux clients", "Warnings": "Avertissements", "Another file": "Un autre fichier",
		"The header could not be read as this kind of file. Say which column holds what:": "L'en-tête ne se lit pas comme ce type de fichier. Indiquez quelle colonne contient quoi :",
		"Header as written in the file": "En-tête tel qu'écrit dans le fichier",
		"Preview of the import":         "Aperçu de l'import",
		"choose a file":                 "choisissez un fichier", "the file is empty": "le fichier est vide",
		"the file is larger than 50 MB: split it": "le fichier dépasse 50 Mo : découpez-le",
		"choose what the file holds":              "choisissez le contenu du fichier",
		"The file holds no valid row.":            "Le fichier ne contient aucune ligne valide.",
		"payment terms beyond the legal limits":   "délais de paiement au-delà des plafonds légaux",
	})

	// The fields' descriptions, as tabular writes them.
	addFR(map[string]string{
		"the SIREN number": "le numéro SIREN", "the amount including VAT": "le montant TTC", "the amount paid": "le montant payé",
		"the city": "la ville", "the collector in charge": "le gestionnaire chargé du compte", "the contact's name": "le nom du contact",
		"the country": "le pays", "the credit limit": "l'encours autorisé", "the currency": "la devise",
		"the customer e-mail": "l'e-mail du client", "the customer name": "le nom du client", "the customer reference": "la référence client",
		"the document type (invoice or credit note)": "le type de pièce (facture ou avoir)", "the due date": "la date d'échéance",
		"the e-mail address": "l'adresse e-mail", "the identifier in the source system": "l'identifiant dans le logiciel d'origine",
		"the invoice number": "le numéro de facture", "the invoice's document (PDF path or URL)": "le document de la facture (chemin ou URL du PDF)",
		"the issue date": "la date d'émission", "the kind of customer (b2b, b2c, public)": "le type de client (b2b, b2c, public)",
		"the language": "la langue", "the payer profile": "le profil de payeur", "the payer's name": "le nom du payeur",
		"the payment date": "la date du règlement", "the payment method": "le moyen de paiement", "the payment reference": "la référence du paiement",
		"the payment terms in days": "le délai de paiement en jours", "the phone number": "le numéro de téléphone",
		"the postal code": "le code postal", "the second address line": "la seconde ligne d'adresse", "the street address": "l'adresse",
	})
}

// importMaxBytes bounds an uploaded file: a year of invoices of a mid-size company is a few
// megabytes; more is a mistake, or an attack on the server's memory. A variable so that a test
// can check the limit without sending 50 MB.
var importMaxBytes = 50 << 20

// importKinds are the kinds of file, in the order the form offers them.
var importKinds = []app.ImportKind{app.ImportInvoices, app.ImportPayments, app.ImportCustomers}

func importFields(kind app.ImportKind) []tabular.Field {
	switch kind {
	case app.ImportPayments:
		return tabular.PaymentFields()
	case app.ImportCustomers:
		return tabular.CustomerFields()
	}
	return tabular.InvoiceFields()
}

type importsData struct {
	Kinds   []app.ImportKind
	Kind    string
	Fields  map[app.ImportKind][]tabular.Field
	Err     string
	ErrFile string // the file of a refused upload, when there were several
	Opts    fileOptions
	Summary *importSummary
	Preview *importPreviewData
	File    *fileImportData // a FEC, bank or e-invoice preview, or its summary
}

// importSummary is what a confirmed import did, carried in the redirect's query.
type importSummary struct {
	Kind                                            app.ImportKind
	Rows, Created, Updated, Unchanged, NewCustomers int
}

func (s *Server) importsData(kind string) importsData {
	d := importsData{Kinds: importKinds, Kind: kind, Fields: map[app.ImportKind][]tabular.Field{}, Opts: defaultFileOptions()}
	for _, k := range importKinds {
		d.Fields[k] = importFields(k)
	}
	return d
}

func (s *Server) importsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if k := q.Get("kind"); isFileKind(k) {
		d := s.importsData(k)
		if q.Get("done") != "" {
			sum, err := s.fileImportSummary(r, k)
			if err != nil {
				return err
			}
			d.File = sum
		}
		s.render(w, r, "imports", d)
		return nil
	}
	kind, _ := app.ParseImportKind(q.Get("kind"))
	d := s.importsData(string(kind))
	if q.Get("done") != "" {
		n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
		d.Summary = &importSummary{Kind: kind, Rows: n("rows"), Created: n("created"), Updated: n("updated"), Unchanged: n("unchanged"), NewCustomers: n("customers")}
	}
	s.render(w, r, "imports", d)
	return nil
}

// importUpload keeps the file and sends to its preview. A file refused here (too large,
// missing) comes back on the form with the reason.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	refuse := func(status int, msg string, kind string) error {
		d := s.importsData(kind)
		d.Err = msg
		s.renderStatus(w, r, status, "imports", d)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, int64(importMaxBytes)+1<<20) // the file plus the form around it
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || strings.Contains(err.Error(), "too large") {
			return refuse(http.StatusRequestEntityTooLarge, "the file is larger than 50 MB: split it", "")
		}
		return refuse(http.StatusBadRequest, "choose a file", "")
	}
	defer r.MultipartForm.RemoveAll()
	if k := r.FormValue("kind"); isFileKind(k) {
		return s.fileImportUpload(w, r, k)
	}
	kind, err := app.ParseImportKind(r.FormValue("kind"))
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, "choose what the file holds", "")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, "choose a file", string(kind))
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, int64(importMaxBytes)+1))
	switch {
	case err != nil:
		return err
	case len(content) > importMaxBytes:
		return refuse(http.StatusRequestEntityTooLarge, "the file is larger than 50 MB: split it", string(kind))
	case len(content) == 0:
		return refuse(http.StatusUnprocessableEntity, "the file is empty", string(kind))
	}
	co := companyOf(r)
	ct := hdr.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	doc := store.Document{CompanyID: co.ID, Kind: "upload", Name: uploadName(hdr.Filename), ContentType: ct, Content: packUpload(content)}
	if err := s.app.Store.PutDocument(r.Context(), &doc); err != nil {
		return err
	}
	q := url.Values{"kind": {string(kind)}}
	if sheet := strings.TrimSpace(r.FormValue("sheet")); sheet != "" {
		q.Set("sheet", sheet)
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/imports/"+strconv.FormatInt(doc.ID, 10)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// uploadName keeps the file's own name, which the errors quote, without the folders some
// browsers send with it.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return "upload"
	}
	return name
}

// fileSize writes a size as people read it: "3,8 Ko" in French, "3.8 KB" in English.
func fileSize(n int, lang string) string {
	units := []string{"B", "KB", "MB"}
	if lang != "en" {
		units = []string{"o", "Ko", "Mo"}
	}
	v, u := float64(n), 0
	for v >= 1000 && u < len(units)-1 {
		v, u = v/1024, u+1
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if u == 0 {
		s = strconv.Itoa(n)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0" + units[u]
}

// importDoc is the upload named in the path: a document of the company, of kind upload.
func (s *Server) importDoc(r *http.Request) (store.Document, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.Document{}, notFound()
	}
	return s.uploadDoc(r, id)
}

// uploadDoc is an upload of the company, its content as the user sent it.
func (s *Server) uploadDoc(r *http.Request, id int64) (store.Document, error) {
	doc, err := s.app.Store.Document(r.Context(), companyOf(r).ID, id)
	if err != nil {
		return doc, err
	}
	if doc.Kind != "upload" {
		return doc, notFound()
	}
	if doc.Content, err = unpackUpload(doc.Content); err != nil {
		return doc, fmt.Errorf("upload %d: %w", id, err)
	}
	doc.Size = len(doc.Content)
	return doc, nil
}

// packUpload is how an upload is kept until its import is confirmed: compressed, smaller in
// the database and, above all, never the same bytes as the file itself. The store keeps one
// document per content: an e-invoice kept raw as an upload would be found again, as that
// upload, when the import keeps the original as proof of its invoice — and the same file
// uploaded again after its import would find the proof, which is no upload (404).
func packUpload(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestSpeed)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// unpackUpload reads back what packUpload kept; an upload kept raw (before uploads were
// compressed) is returned as it is.
func unpackUpload(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(importMaxBytes)+1))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importPair is one column mapping of the form: the header as written, the field ("" to
// ignore the column).
type importPair struct{ Header, Field string }

// importMapping reads the mapping the form sends as parallel h (header) and f (field) lists,
// the web form of --map HEADER=field.
func importMapping(r *http.Request) ([]importPair, map[string]string) {
	r.ParseForm()
	hs, fs := r.Form["h"], r.Form["f"]
	var pairs []importPair
	m := map[string]string{}
	for i, h := range hs {
		h = strings.TrimSpace(h)
		if h == "" || i >= len(fs) {
			continue
		}
		f := strings.TrimSpace(fs[i])
		pairs = append(pairs, importPair{h, f})
		if f == "" {
			f = "ignore"
		}
		m[h] = f
	}
	if len(m) == 0 {
		m = nil
	}
	return pairs, m
}

// importPreviewData is the preview: what was read, or why it could not be.
type importPreviewData struct {
	ID        int64
	Name      string
	Size      string
	Kind      app.ImportKind
	Sheet     string
	Format    string
	Columns   []tabular.Column
	Fields    []tabular.Field
	Pairs     []importPair // the mapping given, for the editor shown when the header is unreadable
	Rows      int
	Stats     store.ImportStats
	Errors    []importRowError
	Total     int // errors found, shown or not
	HeaderErr string
	Err       string
	Warnings  []app.ImportWarning
	Exceeded  int
	CanImport bool
}

// importRowError is one refused value, from the reader (a date that does not parse) or from
// the store (a payment for an unknown invoice).
type importRowError struct {
	File, Sheet string
	Line        int
	Field       string
	Value       string
	Msg         string
}

// importOutcome fills d from what Import returned; an error it does not know is returned.
func importOutcome(d *importPreviewData, res app.ImportResult, err error) error {
	d.Format, d.Columns, d.Warnings, d.Exceeded = res.Format, res.Mapping, res.Warnings, res.TermsExceeded
	d.Rows, d.Stats = res.Stats.Rows, res.Stats
	var el *tabular.ErrorList
	var re *store.RowErrors
	var he *tabular.HeaderError
	switch {
	case err == nil:
		d.CanImport = d.Rows > 0
		return nil
	case errors.As(err, &el):
		for _, e := range el.Errors {
			d.Errors = append(d.Errors, importRowError{File: e.File, Sheet: e.Sheet, Line: e.Line, Field: e.Field, Value: e.Value, Msg: e.Err.Error()})
		}
		d.Total = el.Total
	case errors.As(err, &re):
		for _, e := range re.Errs {
			d.Errors = append(d.Errors, importRowError{File: d.Name, Line: e.Line, Field: e.Field, Value: e.Value, Msg: e.Msg})
		}
		d.Total = re.Total
	case errors.As(err, &he):
		d.HeaderErr = he.Problem
	default:
		var ie *app.InputError
		if !errors.As(err, &ie) {
			return err
		}
		d.Err = ie.Error()
	}
	return nil
}

// importRun reads the kept upload with the mapping of the request: a dry run for the
// preview, the import itself for the confirmation.
func (s *Server) importRun(r *http.Request, dry bool) (importPreviewData, error) {
	doc, err := s.importDoc(r)
	if err != nil {
		return importPreviewData{}, err
	}
	kind, err := app.ParseImportKind(r.FormValue("kind"))
	if err != nil {
		return importPreviewData{}, badRequest("choose what the file holds")
	}
	pairs, m := importMapping(r)
	sheet := strings.TrimSpace(r.FormValue("sheet"))
	d := importPreviewData{ID: doc.ID, Name: doc.Name, Size: fileSize(doc.Size, langOf(r)), Kind: kind, Sheet: sheet, Fields: importFields(kind), Pairs: pairs}
	res, err := s.app.Import(r.Context(), companyOf(r), kind, doc.Name, bytes.NewReader(doc.Content), app.ImportOptions{Map: m, Sheet: sheet, DryRun: dry})
	if err := importOutcome(&d, res, err); err != nil {
		if dry {
			// A file that cannot be read at all (a damaged workbook) is the user's to fix:
			// say why rather than fail the page. Nothing was stored.
			d.Err = err.Error()
			return d, nil
		}
		return d, err
	}
	return d, nil
}

// importPreview reads the whole file without storing anything.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	if k := r.FormValue("kind"); isFileKind(k) {
		return s.fileImportPreview(w, r, k)
	}
	d, err := s.importRun(r, true)
	if err != nil {
		return err
	}
	s.render(w, r, "imports", importsData{Kind: string(d.Kind), Preview: &d})
	return nil
}

// importConfirm imports the kept file in one transaction. Errors the preview could not see
// (a payment for an invoice that does not exist) send the preview back with them, and
// nothing is stored.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	if k := r.FormValue("kind"); isFileKind(k) {
		return s.fileImportConfirm(w, r, k)
	}
	d, err := s.importRun(r, false)
	if err != nil {
		return err
	}
	if len(d.Errors) > 0 || d.HeaderErr != "" || d.Err != "" {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "imports", importsData{Kind: string(d.Kind), Preview: &d})
		return nil
	}
	co := companyOf(r)
	q := url.Values{"done": {"1"}, "flash": {"Imported"}, "kind": {string(d.Kind)}}
	for k, v := range map[string]int{"rows": d.Stats.Rows, "created": d.Stats.Created, "updated": d.Stats.Updated,
		"unchanged": d.Stats.Unchanged, "customers": d.Stats.CustomersCreated} {
		q.Set(k, strconv.Itoa(v))
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/imports?"+q.Encode(), http.StatusSeeOther)
	return nil
}
