package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

// The letters and the stored documents, as the Letters page and `relance letters` / `relance
// letter` have them: the day's letters, the combined PDF to print them (each letter frozen,
// hashed and kept on its first printing), the posting with its registered-mail number, the
// first presentation and acknowledgement of receipt; and any stored document — a letter's PDF,
// an imported e-invoice's original — byte for byte, with its SHA-256.
func init() {
	const c = "/companies/{company}"
	addAPI("GET", c+"/documents/{document}", auth.Viewer, (*apiHandler).getDocument)
	addAPI("GET", c+"/letters", auth.Viewer, (*apiHandler).listLetters)
	addAPI("POST", c+"/letters/print", auth.Collector, (*apiHandler).printLetters)
	addAPI("POST", c+"/letters/{letter}/posted", auth.Collector, (*apiHandler).postLetter)
	addAPI("POST", c+"/letters/{letter}/received", auth.Collector, (*apiHandler).receiveLetter)
}

// getDocument answers a stored document of the company as a file.
func (h *apiHandler) getDocument(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	doc, err := h.app.Store.Document(r.Context(), companyOf(r).ID, id)
	if err != nil {
		return err
	}
	serveDocument(w, r, doc)
	return nil
}

// listLetters lists a day's letters (today's by default), simple and registered, as outbox
// messages.
func (h *apiHandler) listLetters(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "day", "status", "customer", "limit", "offset")
	q := store.OutboxQuery{CompanyID: co.ID, Channels: letterChannels, Day: p.date("day"), Statuses: p.listOf("status", outboxStatuses...)}
	ref := p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
	}
	if q.Day.IsZero() {
		q.Day = h.app.Today(co)
	}
	var err error
	if q.CustomerID, err = h.customerFilter(r, ref); err != nil {
		return err
	}
	q.Limit, q.Offset = pg.limit+1, pg.offset
	items, err := h.app.Store.ListOutbox(r.Context(), q)
	if err != nil {
		return err
	}
	return writeList(w, r, pg, items)
}

// lettersPrintInput is the day whose letters to print; today when left out.
type lettersPrintInput struct {
	Day string `json:"day"`
}

// printLetters answers the day's letters as one PDF to print; 422 on a day without letters.
func (h *apiHandler) printLetters(w http.ResponseWriter, r *http.Request) error {
	var in lettersPrintInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	co := companyOf(r)
	day, err := parseDate("day", in.Day, false)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = h.app.Today(co)
	}
	p, err := h.app.PrintLetters(r.Context(), co, day)
	if err != nil {
		return err
	}
	if p.Combined == nil {
		return invalid("day", "no letter to print on %s", day)
	}
	servePrintFile(w, p, day)
	return nil
}

// letterOf is the letter of the path; an e-mail of the outbox is no letter (404).
func (h *apiHandler) letterOf(r *http.Request) (store.OutboxItem, error) {
	id, err := pathID(r, "letter")
	if err != nil {
		return store.OutboxItem{}, err
	}
	return letterByID(r.Context(), h.app, companyOf(r).ID, id)
}

// letterPostedInput is a letter's posting: its registered-mail number (required for a
// registered letter) and its date (today when left out).
type letterPostedInput struct {
	Number string `json:"number"`
	Date   string `json:"date"`
}

func (h *apiHandler) postLetter(w http.ResponseWriter, r *http.Request) error {
	it, err := h.letterOf(r)
	if err != nil {
		return err
	}
	var in letterPostedInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	day, err := parseDate("date", in.Date, false)
	if err != nil {
		return err
	}
	if err := h.app.LetterPosted(r.Context(), companyOf(r), it.ID, in.Number, day, authorName(r)); err != nil {
		return letterConflict(err)
	}
	return h.writeLetter(w, r, it.ID)
}

// letterReceivedInput is a registered letter's first presentation by the post (required) and
// the day its acknowledgement of receipt was signed.
type letterReceivedInput struct {
	Presented string `json:"presented"`
	Received  string `json:"received"`
}

func (h *apiHandler) receiveLetter(w http.ResponseWriter, r *http.Request) error {
	it, err := h.letterOf(r)
	if err != nil {
		return err
	}
	var in letterReceivedInput
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	presented, err := parseDate("presented", in.Presented, true)
	if err != nil {
		return err
	}
	received, err := parseDate("received", in.Received, false)
	if err != nil {
		return err
	}
	if err := h.app.LetterReceived(r.Context(), companyOf(r), it.ID, presented, received, authorName(r)); err != nil {
		return letterConflict(err)
	}
	return h.writeLetter(w, r, it.ID)
}

// writeLetter answers the letter as it is now.
func (h *apiHandler) writeLetter(w http.ResponseWriter, r *http.Request, id int64) error {
	it, err := h.app.Store.OutboxItemByID(r.Context(), companyOf(r).ID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}

// letterConflict says a letter's state refused the change (a receipt before the posting) in
// the API's words, without the store's suffix; other errors pass unchanged.
func letterConflict(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return conflict("%s", strings.TrimSuffix(err.Error(), ": "+store.ErrConflict.Error()))
	}
	return err
}
