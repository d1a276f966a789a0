package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"All": "Tous", "Held for approval": "En attente de validation", "Pending": "À envoyer", "Sent": "Envoyés",
		"Failed": "En échec", "Cancelled": "Annulés", "Ready to print": "Prêts à imprimer", "Posted": "Postés",
		"Delivered": "Distribués", "Attempts": "Essais", "To": "Destinataire", "Subject or error": "Objet ou erreur",
		"Retry": "Renvoyer", "Nothing here.": "Rien ici.", "Approved": "Validé", "Rejected": "Refusé",
		"Will be sent again": "Sera renvoyé",
	})
}

var outboxTabs = []struct{ Key, Label string }{{"", "All"}, {store.OutboxHeld, "Held for approval"}, {store.OutboxPending, "Pending"},
	{store.OutboxSent, "Sent"}, {store.OutboxFailed, "Failed"}, {store.OutboxCancelled, "Cancelled"}, {store.OutboxReady, "Ready to print"},
	{store.OutboxPosted, "Posted"}, {store.OutboxDelivered, "Delivered"}}

type outboxData struct {
	Status string
	Tabs   []struct{ Key, Label string }
	Items  []store.OutboxItem
	Prev   string
	Next   string
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	status := r.URL.Query().Get("status")
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	q := store.OutboxQuery{CompanyID: co.ID, Limit: pageSize + 1, Offset: (page - 1) * pageSize}
	if status != "" {
		q.Statuses = strings.Split(status, ",")
	}
	items, err := s.app.Store.ListOutbox(r.Context(), q)
	if err != nil {
		return err
	}
	d := outboxData{Status: status, Tabs: outboxTabs}
	if len(items) > pageSize {
		items, d.Next = items[:pageSize], pageLink(r, page+1)
	}
	if page > 1 {
		d.Prev = pageLink(r, page-1)
	}
	d.Items = items
	s.render(w, r, "outbox", d)
	return nil
}

func (s *Server) outboxItem(r *http.Request) (store.OutboxItem, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.OutboxItem{}, notFound()
	}
	return s.app.Store.OutboxItemByID(r.Context(), companyOf(r).ID, id)
}

func (s *Server) outboxApprove(w http.ResponseWriter, r *http.Request) error {
	it, err := s.outboxItem(r)
	if err != nil {
		return err
	}
	return s.decide(w, r, it.ActionID, true, "outbox?status=held")
}

func (s *Server) outboxReject(w http.ResponseWriter, r *http.Request) error {
	it, err := s.outboxItem(r)
	if err != nil {
		return err
	}
	return s.decide(w, r, it.ActionID, false, "outbox?status=held")
}

func (s *Server) actionApprove(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return s.decide(w, r, id, true, "worklist")
}

func (s *Server) actionReject(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return s.decide(w, r, id, false, "worklist")
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request, actionID int64, ok bool, back string) error {
	co := companyOf(r)
	if actionID == 0 {
		return notFound()
	}
	var err error
	flash := "Approved"
	if ok {
		err = s.app.Approve(r.Context(), co, actionID, authorName(r))
	} else {
		err, flash = s.app.Reject(r.Context(), co, actionID, authorName(r), r.FormValue("reason")), "Rejected"
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/"+back+sep(back)+"flash="+flash, http.StatusSeeOther)
	return nil
}

func (s *Server) outboxRetry(w http.ResponseWriter, r *http.Request) error {
	it, err := s.outboxItem(r)
	if err != nil {
		return err
	}
	co := companyOf(r)
	if err := s.app.RetryOutbox(r.Context(), co, it.ID, authorName(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/c/"+co.Slug+"/outbox?status=failed&flash=Will+be+sent+again", http.StatusSeeOther)
	return nil
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}
