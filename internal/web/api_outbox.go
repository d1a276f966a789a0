package web

import (
	"net/http"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}/outbox"
	addAPI("GET", c, auth.Viewer, (*apiHandler).listOutbox)
	addAPI("GET", c+"/{item}", auth.Viewer, (*apiHandler).getOutboxItem)
	addAPI("POST", c+"/{item}/retry", auth.Collector, (*apiHandler).retryOutbox)
}

var outboxStatuses = []string{store.OutboxHeld, store.OutboxPending, store.OutboxSending, store.OutboxSent, store.OutboxFailed,
	store.OutboxCancelled, store.OutboxReady, store.OutboxPosted, store.OutboxDelivered}

var outboxChannels = []string{"email", "letter", "registered_letter"}

// listOutbox lists the messages going out or gone, as store.OutboxItem (the frozen rendered
// message is not part of it).
func (h *apiHandler) listOutbox(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	p := readParams(r, "status", "channel", "day", "customer", "limit", "offset")
	q := store.OutboxQuery{CompanyID: co.ID, Statuses: p.listOf("status", outboxStatuses...), Channels: p.listOf("channel", outboxChannels...), Day: p.date("day")}
	ref := p.str("customer")
	pg := p.page()
	if p.err != nil {
		return p.err
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

func (h *apiHandler) outboxItem(r *http.Request) (store.OutboxItem, error) {
	id, err := pathID(r, "item")
	if err != nil {
		return store.OutboxItem{}, err
	}
	return h.app.Store.OutboxItemByID(r.Context(), companyOf(r).ID, id)
}

func (h *apiHandler) getOutboxItem(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err; err != nil {
		return err
	}
	it, err := h.outboxItem(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}

// retryOutbox sends a failed message again (after its address was corrected, say); 409 when
// the message has not failed.
func (h *apiHandler) retryOutbox(w http.ResponseWriter, r *http.Request) error {
	it, err := h.outboxItem(r)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	if it.Status != store.OutboxFailed {
		return conflict("message %d is %s: only a failed message is sent again", it.ID, it.Status)
	}
	co := companyOf(r)
	if err := h.app.RetryOutbox(r.Context(), co, it.ID, authorName(r)); err != nil {
		return err
	}
	if it, err = h.app.Store.OutboxItemByID(r.Context(), co.ID, it.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}
