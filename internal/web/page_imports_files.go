package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ingest/camt"
	"github.com/relance-app/relance/internal/ingest/einvoice"
	"github.com/relance-app/relance/internal/ingest/fec"
	"github.com/relance-app/relance/internal/ingest/match"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// The imports of files in a standard format — the FEC, bank statements, e-invoices — beside
// the CSV/XLSX kinds of page_imports.go, on the same routes and in the same flow: the upload
// is kept as documents of kind "upload", the preview is the use case's dry run, the
// confirmation its real run in one transaction, and the summary comes back in the redirect's
// query. The kind travels in the query (kind=fec|bank|einvoices), as the tabular kinds do.
func init() {
	addFR(map[string]string{
		"Spreadsheet export (CSV or XLSX)": "Export tableur (CSV ou XLSX)",
		"Invoices, payments or customers exported from any accounting or invoicing software, in French or English: relance recognises the columns and lets you correct the mapping.": "Factures, règlements ou clients exportés de n'importe quel logiciel comptable ou de facturation, en français ou en anglais : relance reconnaît les colonnes et vous laisse corriger la correspondance.",
		"Accounting entries (FEC)": "Écritures comptables (FEC)",
		"The Fichier des Écritures Comptables every French accounting package exports for the tax administration (Sage, Cegid, EBP, Quadra, ACD, Pennylane, Tiime…). The customer accounts become customers, their debits invoices and credit notes, their credits payments, and the accountant's lettering allocations.": "Le Fichier des Écritures Comptables que tout logiciel comptable français exporte pour l'administration fiscale (Sage, Cegid, EBP, Quadra, ACD, Pennylane, Tiime…). Les comptes clients deviennent des clients, leurs débits des factures et des avoirs, leurs crédits des règlements, et le lettrage du comptable des affectations.",
		"Customer-account prefixes": "Préfixes des comptes clients",
		"Comma separated: 411 takes 411000, 41100012…; add 416 to follow doubtful debts.": "Séparés par des virgules : 411 prend 411000, 41100012… ; ajoutez 416 pour suivre les créances douteuses.",
		"Tab or pipe separated text file (.txt), up to 50 MB.":                            "Fichier texte séparé par des tabulations ou des barres verticales (.txt), 50 Mo au plus.",
		"Bank statement (camt.053 or CSV)":                                                "Relevé bancaire (camt.053 ou CSV)",
		"The camt.053 (ISO 20022) statement your bank sends over EBICS or offers for download in online banking, or the CSV export of online banking (Crédit Agricole, Boursorama, BNP Paribas, Qonto…). Incoming credits become payments, matched to open invoices: a certain match is allocated at once, the others wait in the matching review queue.": "Le relevé camt.053 (ISO 20022) que votre banque envoie par EBICS ou propose au téléchargement dans la banque en ligne, ou l'export CSV de la banque en ligne (Crédit Agricole, Boursorama, BNP Paribas, Qonto…). Les crédits reçus deviennent des règlements, rapprochés des factures ouvertes : un rapprochement certain est affecté aussitôt, les autres attendent dans la file de lettrage à valider.",
		"Do not allocate automatically: every match waits for review": "Ne rien affecter automatiquement : chaque rapprochement attend une validation",
		"Allocate automatically from a confidence of (1 to 100)":      "Affecter automatiquement à partir d'une confiance de (1 à 100)",
		"camt.053 XML or CSV, up to 50 MB.":                           "XML camt.053 ou CSV, 50 Mo au plus.",
		"E-invoices (Factur-X, CII, UBL)":                             "Factures électroniques (Factur-X, CII, UBL)",
		"Factur-X / ZUGFeRD PDFs and CII or UBL XML invoices and credit notes, as invoicing software and e-invoicing platforms produce them (Chorus Pro, PDP, Odoo, Dolibarr, Sage…). Each becomes an invoice of its buyer, found by SIREN or created, with the file kept as proof.": "PDF Factur-X / ZUGFeRD et factures ou avoirs XML CII ou UBL, tels que les produisent les logiciels de facturation et les plateformes de facturation électronique (Chorus Pro, PDP, Odoo, Dolibarr, Sage…). Chacun devient une facture de son acheteur, retrouvé par SIREN ou créé, avec le fichier conservé comme preuve.",
		"Several files at once (PDF or XML), up to 50 MB in all.": "Plusieurs fichiers à la fois (PDF ou XML), 50 Mo au plus en tout.",
		"Files":                    "Fichiers",
		"accounting entries (FEC)": "écritures comptables (FEC)", "bank statement": "relevé bancaire", "e-invoices": "factures électroniques",
		"Options": "Options", "Read again with these options": "Relire avec ces options",
		"Dry run: nothing is stored yet. The import would give:": "Simulation : rien n'est encore enregistré. L'import donnerait :",
		"New": "Nouveaux", "Already in relance": "Déjà dans relance",
		"credit notes": "avoirs", "allocations (lettering)": "affectations (lettrage)", "settled outside the file": "soldés hors du fichier",
		"Encoding": "Encodage", "Separator": "Séparateur", "lines": "lignes",
		"Open in this file": "Ouvert dans ce fichier", "Nothing is stored before you confirm.": "Rien n'est enregistré avant votre confirmation.", "in": "sur", "open invoices": "factures ouvertes",
		"Unused credit (payments and credit notes not allocated)": "Crédit non utilisé (règlements et avoirs non affectés)",
		"Items stored otherwise than the file says":               "Éléments enregistrés autrement que ne le dit le fichier",
		"statements": "relevés", "incoming payments": "règlements reçus", "to record": "à enregistrer", "recorded": "enregistrés",
		"already recorded": "déjà enregistrés", "allocated automatically": "affectés automatiquement",
		"queued for review": "à valider", "left unmatched": "non rapprochés", "not matched (another currency or nothing left)": "non rapprochés (autre devise ou déjà affectés)",
		"Matching with open invoices":                    "Rapprochement avec les factures ouvertes",
		"payments wait for review in the matching queue": "règlements attendent une validation dans la file de lettrage",
		"Review them": "Les valider", "Nothing waits for review.": "Rien n'attend de validation.",
		"Kind": "Type", "Number": "Numéro", "Customer": "Client", "Issued": "Émise", "Due": "Échéance", "Amount": "Montant", "Status": "Statut",
		"invoice": "facture", "credit note": "avoir",
		"new": "nouvelle", "already imported": "déjà importée", "file attached to the existing invoice": "fichier joint à la facture existante",
		"files": "fichiers", "invoices created": "factures créées", "credit notes created": "avoirs créés",
		"attached to an existing invoice": "joints à une facture existante",
		"Import these files?":             "Importer ces fichiers ?", "Import this file?": "Importer ce fichier ?",
		"Everything in this file is already in relance.":                                    "Tout ce que contient ce fichier est déjà dans relance.",
		"The statement holds no incoming payment.":                                          "Le relevé ne contient aucun règlement reçu.",
		"The file holds no customer account entry: check the customer-account prefixes.":    "Le fichier ne contient aucune écriture de compte client : vérifiez les préfixes des comptes clients.",
		"Fix the file and upload it again: nothing can be imported while there are errors.": "Corrigez le fichier puis chargez-le à nouveau : rien ne peut être importé tant qu'il reste des erreurs.",
		"Where": "Emplacement",
		"customer-account prefixes are numbers, such as 411 or 411,416": "les préfixes des comptes clients sont des nombres, comme 411 ou 411,416",
		"the threshold is a confidence from 1 to 100":                   "le seuil est une confiance de 1 à 100",
		"choose one file: only e-invoices can be several":               "choisissez un seul fichier : seules les factures électroniques peuvent être plusieurs",
		"too many files at once: 500 at most":                           "trop de fichiers à la fois : 500 au plus",
		"a file is empty":                                               "un fichier est vide",
	})
	// The navigation's link to the review queue, which the bank imports fill.
	addFR(map[string]string{"Matching": "Lettrage"})
}

// The kinds of file in a standard format, as the form and the query name them.
const (
	kindFEC       = "fec"
	kindBank      = "bank"
	kindEInvoices = "einvoices"
)

// fileKindLabels name the kinds as the pages say them (translated by the templates).
var fileKindLabels = map[string]string{kindFEC: "accounting entries (FEC)", kindBank: "bank statement", kindEInvoices: "e-invoices"}

func isFileKind(k string) bool { _, ok := fileKindLabels[k]; return ok }

// maxEInvoiceUploads bounds one upload of e-invoices: their ids travel in the preview's
// address, which proxies cut beyond a few kilobytes. A month of invoices of a mid-size
// company fits; more is uploaded in several times.
const maxEInvoiceUploads = 500

// fileOptions are the options of the FEC and bank imports, as the forms send them and the
// preview's address carries them.
type fileOptions struct {
	Accounts  string // FEC: customer-account prefixes, comma separated
	NoAuto    bool   // bank: every match to the review queue
	Threshold string // bank: the confidence from which a match is allocated without review
}

func readFileOptions(r *http.Request) fileOptions {
	return fileOptions{Accounts: strings.TrimSpace(r.FormValue("accounts")), NoAuto: r.FormValue("no_auto") != "",
		Threshold: strings.TrimSpace(r.FormValue("threshold"))}
}

// defaultFileOptions are what the forms offer: the CLI's defaults.
func defaultFileOptions() fileOptions {
	return fileOptions{Accounts: "411", Threshold: strconv.Itoa(match.DefaultAutoThreshold)}
}

// accounts reads the prefixes as `relance import fec --accounts` does; none means app's 411.
func (o fileOptions) accounts() ([]string, error) {
	var out []string
	for _, p := range strings.Split(o.Accounts, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if strings.Trim(p, "0123456789") != "" {
			return nil, errors.New("customer-account prefixes are numbers, such as 411 or 411,416")
		}
		out = append(out, p)
	}
	return out, nil
}

func (o fileOptions) match() (app.MatchOptions, error) {
	m := app.MatchOptions{NoAuto: o.NoAuto}
	if o.Threshold == "" {
		return m, nil
	}
	t, err := strconv.Atoi(o.Threshold)
	if err != nil || t < 1 || t > 100 {
		return m, errors.New("the threshold is a confidence from 1 to 100")
	}
	m.AutoThreshold = t
	return m, nil
}

// check says what is wrong with the options of kind, in words the page translates.
func (o fileOptions) check(kind string) error {
	var err error
	switch kind {
	case kindFEC:
		_, err = o.accounts()
	case kindBank:
		_, err = o.match()
	}
	return err
}

func (o fileOptions) set(q url.Values, kind string) {
	switch kind {
	case kindFEC:
		if o.Accounts != "" {
			q.Set("accounts", o.Accounts)
		}
	case kindBank:
		if o.NoAuto {
			q.Set("no_auto", "1")
		}
		if o.Threshold != "" {
			q.Set("threshold", o.Threshold)
		}
	}
}

// uploadFile is one file of an upload, as the preview lists it.
type uploadFile struct {
	Name string
	Size string
}

// fileImportData is a FEC, bank or e-invoice import: its preview (the dry run), or, Done,
// the summary of the import.
type fileImportData struct {
	Kind, Label string
	ID          int64  // the first upload, named in the address
	More        string // the other uploads' ids, for e-invoices: "13,14"
	Files       []uploadFile
	Opts        fileOptions
	Currency    string

	FEC       *app.FECResult
	Bank      *app.BankResult
	EInvoices *app.EInvoiceResult
	FileCount int // e-invoices: the files read

	Errors    []importRowError
	Err       string // a problem of the options, or one the readers do not locate
	Nothing   string // why there is nothing to import, when there is not
	CanImport bool

	Done    bool
	Waiting int  // bank summary: proposals waiting in the review queue
	Capped  bool // more wait than were counted
}

// fileImportUpload keeps the file (the files, for e-invoices) and sends to the preview with
// the options in its address.
func (s *Server) fileImportUpload(w http.ResponseWriter, r *http.Request, kind string) error {
	opts := readFileOptions(r)
	refuse := func(status int, msg, file string) error {
		d := s.importsData(kind)
		d.Err, d.ErrFile, d.Opts = msg, file, opts
		s.renderStatus(w, r, status, "imports", d)
		return nil
	}
	if err := opts.check(kind); err != nil {
		return refuse(http.StatusUnprocessableEntity, err.Error(), "")
	}
	hdrs := r.MultipartForm.File["file"]
	switch {
	case len(hdrs) == 0:
		return refuse(http.StatusUnprocessableEntity, "choose a file", "")
	case len(hdrs) > 1 && kind != kindEInvoices:
		return refuse(http.StatusUnprocessableEntity, "choose one file: only e-invoices can be several", "")
	case len(hdrs) > maxEInvoiceUploads:
		return refuse(http.StatusUnprocessableEntity, "too many files at once: 500 at most", "")
	}
	co := companyOf(r)
	var docs []store.Document
	for _, h := range hdrs {
		content, err := readUpload(h)
		switch {
		case err != nil:
			return err
		case len(content) > importMaxBytes:
			return refuse(http.StatusRequestEntityTooLarge, "the file is larger than 50 MB: split it", uploadName(h.Filename))
		case len(content) == 0:
			return refuse(http.StatusUnprocessableEntity, "a file is empty", uploadName(h.Filename))
		}
		ct := h.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		docs = append(docs, store.Document{CompanyID: co.ID, Kind: "upload", Name: uploadName(h.Filename), ContentType: ct, Content: packUpload(content)})
	}
	// Stored only once every file is read: a refused upload keeps nothing.
	var more []string
	for i := range docs {
		if err := s.app.Store.PutDocument(r.Context(), &docs[i]); err != nil {
			return err
		}
		if i > 0 {
			more = append(more, strconv.FormatInt(docs[i].ID, 10))
		}
	}
	q := url.Values{"kind": {kind}}
	if len(more) > 0 {
		q.Set("more", strings.Join(more, ","))
	}
	opts.set(q, kind)
	http.Redirect(w, r, "/c/"+co.Slug+"/imports/"+strconv.FormatInt(docs[0].ID, 10)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

func readUpload(h *multipart.FileHeader) ([]byte, error) {
	f, err := h.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(importMaxBytes)+1))
}

// fileImportDocs are the uploads the address names: the one in the path, then those of
// more. Each must be an upload of the company, else the whole request is a 404.
func (s *Server) fileImportDocs(r *http.Request) ([]store.Document, string, error) {
	first, err := s.importDoc(r)
	if err != nil {
		return nil, "", err
	}
	docs := []store.Document{first}
	more := strings.TrimSpace(r.FormValue("more"))
	if more == "" {
		return docs, "", nil
	}
	ids := strings.Split(more, ",")
	if len(ids) >= maxEInvoiceUploads {
		return nil, "", notFound()
	}
	for _, v := range ids {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return nil, "", notFound()
		}
		doc, err := s.uploadDoc(r, id)
		if err != nil {
			return nil, "", err
		}
		docs = append(docs, doc)
	}
	return docs, more, nil
}

// fileImportRun runs the import of kind on the uploads of the request: a dry run for the
// preview, the import itself for the confirmation. An error that is not the file's (the
// database failing) is returned on a confirmation, shown on a preview.
func (s *Server) fileImportRun(r *http.Request, kind string, dry bool) (fileImportData, error) {
	docs, more, err := s.fileImportDocs(r)
	if err != nil {
		return fileImportData{}, err
	}
	co := companyOf(r)
	d := fileImportData{Kind: kind, Label: fileKindLabels[kind], ID: docs[0].ID, More: more, Opts: readFileOptions(r), Currency: orEUR(co.Currency)}
	if kind != kindEInvoices && len(docs) > 1 {
		return d, badRequest("choose one file: only e-invoices can be several")
	}
	names := uniqueNames(docs)
	for i, doc := range docs {
		d.Files = append(d.Files, uploadFile{Name: names[i], Size: fileSize(doc.Size, langOf(r))})
	}
	if err := d.Opts.check(kind); err != nil {
		d.Err = err.Error()
		return d, nil
	}
	ctx, doc := r.Context(), docs[0]
	switch kind {
	case kindFEC:
		accounts, _ := d.Opts.accounts()
		res, e := s.app.ImportFEC(ctx, co, doc.Name, bytes.NewReader(doc.Content), app.FECOptions{DryRun: dry, Accounts: accounts})
		d.FEC, err = &res, e
	case kindBank:
		m, _ := d.Opts.match()
		res, e := s.app.ImportBank(ctx, co, doc.Name, bytes.NewReader(doc.Content), app.BankOptions{DryRun: dry, Match: m})
		d.Bank, err = &res, e
	case kindEInvoices:
		content := map[string][]byte{}
		for i, doc := range docs {
			content[names[i]] = doc.Content
		}
		read := func(name string) ([]byte, error) {
			b, ok := content[name]
			if !ok {
				return nil, fmt.Errorf("%s: no such upload", name)
			}
			return b, nil
		}
		res, e := s.app.ImportEInvoices(ctx, co, names, read, app.EInvoiceOptions{DryRun: dry})
		d.EInvoices, d.FileCount, err = &res, len(res.Files), e
	}
	if err != nil {
		if !isFileError(err) {
			if !dry {
				return d, err
			}
			d.Err = err.Error()
			return d, nil
		}
		d.Errors = fileErrors(err, names)
		return d, nil
	}
	d.Nothing = d.nothing()
	d.CanImport = d.Nothing == ""
	return d, nil
}

// AlreadyImported is how many e-invoices were in relance already, with their file or not.
func (d *fileImportData) AlreadyImported() int {
	if d.EInvoices == nil {
		return 0
	}
	r := d.EInvoices
	return r.Invoices.Unchanged + r.CreditNotes.Unchanged - r.Attached
}

// nothing says why a file read without error would change nothing, or "".
func (d *fileImportData) nothing() string {
	switch {
	case d.FEC != nil:
		r := d.FEC
		if r.Customers.Created+r.Customers.Unchanged == 0 {
			return "The file holds no customer account entry: check the customer-account prefixes."
		}
		if r.Customers.Created+r.Invoices.Created+r.CreditNotes.Created+r.Payments.Created+r.Allocations.Created+r.Settlements.Created == 0 {
			return "Everything in this file is already in relance."
		}
	case d.Bank != nil:
		if d.Bank.Credits == 0 {
			return "The statement holds no incoming payment."
		}
		if d.Bank.Created == 0 {
			return "Everything in this file is already in relance."
		}
	case d.EInvoices != nil:
		r := d.EInvoices
		if r.Invoices.Created+r.CreditNotes.Created+r.Attached == 0 {
			return "Everything in this file is already in relance."
		}
	}
	return ""
}

// uniqueNames are the uploads' names, made unique: the e-invoice import reads its files by
// name, and two folders may well hold a facture.pdf each.
func uniqueNames(docs []store.Document) []string {
	seen := map[string]bool{}
	out := make([]string, len(docs))
	for i, doc := range docs {
		name := doc.Name
		ext := path.Ext(name)
		for n := 2; seen[name]; n++ {
			name = strings.TrimSuffix(doc.Name, ext) + " (" + strconv.Itoa(n) + ")" + ext
		}
		seen[name], out[i] = true, name
	}
	return out
}

// isFileError tells the problems of the file — which the readers locate, or which the use
// cases gather from several files (a list), or an input refused — from a failure of the
// database, which is not the user's to fix.
func isFileError(err error) bool {
	var fe *fec.Error
	var ce *camt.Error
	var ee *einvoice.Error
	var ie *app.InputError
	if _, ok := err.(interface{ Unwrap() []error }); ok {
		return true
	}
	return errors.As(err, &fe) || errors.As(err, &ce) || errors.As(err, &ee) || errors.As(err, &ie) || errors.Is(err, store.ErrConflict)
}

// fileErrors lists the problems of an import, one row each, located as the readers located
// them: file, line, column or element, value. A problem the readers did not locate keeps its
// message, with the file it names taken out of it into the File column.
func fileErrors(err error, names []string) []importRowError {
	var out []importRowError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *fec.Error
		var ce *camt.Error
		var ee *einvoice.Error
		switch {
		case errors.As(err, &fe):
			out = append(out, importRowError{File: fe.File, Line: fe.Line, Field: fe.Column, Value: fe.Value, Msg: fe.Err.Error()})
		case errors.As(err, &ce):
			out = append(out, importRowError{File: ce.File, Line: ce.Line, Field: ce.Path, Value: ce.Value, Msg: ce.Err.Error()})
		case errors.As(err, &ee):
			out = append(out, importRowError{File: ee.File, Line: ee.Line, Field: ee.Path, Value: ee.Value, Msg: ee.Err.Error()})
		default:
			out = append(out, locate(err.Error(), names))
		}
	}
	walk(err)
	return out
}

// locate splits "name line 12: problem" or "name, line 12: problem" (the use cases' own
// wording) into a row.
func locate(msg string, names []string) importRowError {
	for _, n := range names {
		rest, ok := strings.CutPrefix(msg, n)
		if !ok {
			continue
		}
		row := importRowError{File: n}
		rest = strings.TrimPrefix(rest, ",")
		if after, ok := strings.CutPrefix(rest, " line "); ok {
			i := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
			if i > 0 {
				row.Line, _ = strconv.Atoi(after[:i])
				rest = after[i:]
			}
		}
		if m, ok := strings.CutPrefix(rest, ": "); ok {
			row.Msg = m
			return row
		}
	}
	return importRowError{Msg: msg}
}

// fileImportPreview shows the dry run of the uploads in the address.
func (s *Server) fileImportPreview(w http.ResponseWriter, r *http.Request, kind string) error {
	d, err := s.fileImportRun(r, kind, true)
	if err != nil {
		return err
	}
	s.render(w, r, "imports", importsData{Kind: kind, File: &d})
	return nil
}

// fileImportConfirm imports in one transaction; refused, the preview comes back with the
// reasons (422) and nothing is stored. The summary's figures go in the redirect's query.
func (s *Server) fileImportConfirm(w http.ResponseWriter, r *http.Request, kind string) error {
	d, err := s.fileImportRun(r, kind, false)
	if err != nil {
		return err
	}
	if len(d.Errors) > 0 || d.Err != "" {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "imports", importsData{Kind: kind, File: &d})
		return nil
	}
	co := companyOf(r)
	q := url.Values{"done": {"1"}, "flash": {"Imported"}, "kind": {kind}}
	for _, f := range d.figures() {
		q.Set(f.key, strconv.FormatInt(f.get(), 10))
	}
	if d.Bank != nil {
		q.Set("format", d.Bank.Format)
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/imports?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// fileImportSummary reads back the figures of a confirmed import; for a bank statement it
// counts what waits in the review queue now.
func (s *Server) fileImportSummary(r *http.Request, kind string) (*fileImportData, error) {
	co := companyOf(r)
	d := &fileImportData{Kind: kind, Label: fileKindLabels[kind], Done: true, Currency: orEUR(co.Currency)}
	switch kind {
	case kindFEC:
		d.FEC = &app.FECResult{}
	case kindBank:
		d.Bank = &app.BankResult{Format: r.URL.Query().Get("format")}
	case kindEInvoices:
		d.EInvoices = &app.EInvoiceResult{}
	}
	for _, f := range d.figures() {
		v, _ := strconv.ParseInt(r.URL.Query().Get(f.key), 10, 64)
		f.set(v)
	}
	if kind == kindBank {
		// Counted from the queue itself rather than the import's figures: the queue may
		// hold proposals of earlier statements too, and it is what the link leads to.
		const limit = 1000
		ps, err := s.app.Proposals(r.Context(), co, store.ProposalQuery{Status: store.ProposalPending, Limit: limit + 1})
		if err != nil {
			return nil, err
		}
		d.Waiting, d.Capped = min(len(ps), limit), len(ps) > limit
	}
	return d, nil
}

// figure is one number of a result, under the name the summary's address gives it.
type figure struct {
	key string
	n   *int
	c   *money.Cents
}

func (f figure) get() int64 {
	if f.c != nil {
		return int64(*f.c)
	}
	return int64(*f.n)
}

func (f figure) set(v int64) {
	if f.c != nil {
		*f.c = money.Cents(v)
		return
	}
	*f.n = int(v)
}

// figures are the numbers the summary shows, for the result d holds.
func (d *fileImportData) figures() []figure {
	counts := func(prefix string, c *app.Counts) []figure {
		return []figure{{key: prefix + "_new", n: &c.Created}, {key: prefix + "_old", n: &c.Unchanged}}
	}
	var out []figure
	switch {
	case d.FEC != nil:
		r := d.FEC
		for _, c := range []struct {
			p string
			c *app.Counts
		}{{"customers", &r.Customers}, {"invoices", &r.Invoices}, {"credit_notes", &r.CreditNotes}, {"payments", &r.Payments},
			{"allocations", &r.Allocations}, {"settlements", &r.Settlements}} {
			out = append(out, counts(c.p, c.c)...)
		}
		out = append(out, figure{key: "lines", n: &r.Lines}, figure{key: "open", c: &r.Open}, figure{key: "open_invoices", n: &r.OpenInvoices},
			figure{key: "unused_credit", c: &r.UnusedCredit})
	case d.Bank != nil:
		r, m := d.Bank, &d.Bank.Matching
		out = []figure{{key: "statements", n: &r.Statements}, {key: "credits", n: &r.Credits}, {key: "created", n: &r.Created},
			{key: "unchanged", n: &r.Unchanged}, {key: "amount", c: &r.Amount}, {key: "auto", n: &m.Auto}, {key: "auto_amount", c: &m.AutoAmount},
			{key: "queued", n: &m.Queued}, {key: "queued_amount", c: &m.QueuedAmount}, {key: "unmatched", n: &m.Unmatched}, {key: "skipped", n: &m.Skipped}}
	case d.EInvoices != nil:
		r := d.EInvoices
		out = append(out, figure{key: "files", n: &d.FileCount}, figure{key: "attached", n: &r.Attached})
		out = append(out, counts("invoices", &r.Invoices)...)
		out = append(out, counts("credit_notes", &r.CreditNotes)...)
		out = append(out, counts("customers", &r.Customers)...)
	}
	return out
}
