package web

import (
	"context"
	"net/http"
	"net/mail"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	const c = "/companies/{company}/customers/{ref}/contacts"
	addAPI("POST", c, auth.Collector, (*apiHandler).addContact)
	addAPI("PATCH", c+"/{contact}", auth.Collector, (*apiHandler).updateContact)
}

// apiContact is a person at a customer. Dunning marks the one who can unblock payment:
// reminders go to them.
type apiContact struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	Email         string `json:"email"`
	Phone         string `json:"phone"`
	Dunning       bool   `json:"dunning"`
	Undeliverable string `json:"undeliverable"`
}

func contactJSON(ct receivable.Contact) apiContact {
	return apiContact{ID: ct.ID, Name: ct.Name, Role: ct.Role, Email: ct.Email, Phone: ct.Phone, Dunning: ct.Dunning, Undeliverable: ct.Undeliverable}
}

// contactFields are the fields of a contact a request may set; nil was not sent.
type contactFields struct {
	Name          *string `json:"name"`
	Role          *string `json:"role"`
	Email         *string `json:"email"`
	Phone         *string `json:"phone"`
	Dunning       *bool   `json:"dunning"`
	Undeliverable *string `json:"undeliverable"`
}

// apply checks the fields sent and writes them into ct. A new e-mail address is deliverable
// until a sending proves otherwise, unless the request says it is not.
func (f contactFields) apply(ct *receivable.Contact) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	before := ct.Email
	set(&ct.Name, f.Name)
	set(&ct.Role, f.Role)
	set(&ct.Email, f.Email)
	set(&ct.Phone, f.Phone)
	if ct.Email != before && f.Undeliverable == nil {
		ct.Undeliverable = ""
	}
	set(&ct.Undeliverable, f.Undeliverable)
	if f.Dunning != nil {
		ct.Dunning = *f.Dunning
	}
	if ct.Email != "" {
		if a, err := mail.ParseAddress(ct.Email); err != nil || a.Address != ct.Email {
			return invalid("email", "email %q is not an e-mail address (give the bare address, without a name)", ct.Email)
		}
	}
	if ct.Name == "" && ct.Email == "" && ct.Phone == "" {
		return invalid("name", "a contact needs a name, an e-mail address or a phone number")
	}
	return nil
}

func (h *apiHandler) addContact(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	var in contactFields
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	ct := receivable.Contact{CompanyID: co.ID, CustomerID: cu.ID}
	if err := in.apply(&ct); err != nil {
		return err
	}
	err = h.app.Store.InTx(ctx, func(q store.Queries) error {
		if err := soleDunningContact(ctx, q, ct); err != nil {
			return err
		}
		return q.AddContact(ctx, &ct)
	})
	if err != nil {
		return err
	}
	return writeCreated(w, "", contactJSON(ct))
}

func (h *apiHandler) updateContact(w http.ResponseWriter, r *http.Request) error {
	co := companyOf(r)
	ctx := r.Context()
	cu, err := h.customer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "contact")
	if err != nil {
		return err
	}
	ct, err := h.contact(ctx, co, cu, id)
	if err != nil {
		return err
	}
	var in contactFields
	if err := decodeJSON(w, r, &in, true); err != nil {
		return err
	}
	if err := in.apply(&ct); err != nil {
		return err
	}
	err = h.app.Store.InTx(ctx, func(q store.Queries) error {
		if err := soleDunningContact(ctx, q, ct); err != nil {
			return err
		}
		return q.UpdateContact(ctx, ct)
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, contactJSON(ct))
}

// contact finds a contact of the customer; another customer's contact is not found.
func (h *apiHandler) contact(ctx context.Context, co receivable.Company, cu receivable.Customer, id int64) (receivable.Contact, error) {
	all, err := h.app.Store.Contacts(ctx, co.ID, cu.ID)
	if err != nil {
		return receivable.Contact{}, err
	}
	for _, ct := range all {
		if ct.ID == id {
			return ct, nil
		}
	}
	return receivable.Contact{}, notFound()
}

// soleDunningContact unmarks the customer's other contacts when ct becomes the one who can
// unblock payment: reminders go to one person, the one the collector chose last.
func soleDunningContact(ctx context.Context, q store.Queries, ct receivable.Contact) error {
	if !ct.Dunning {
		return nil
	}
	others, err := q.Contacts(ctx, ct.CompanyID, ct.CustomerID)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != ct.ID && o.Dunning {
			o.Dunning = false
			if err := q.UpdateContact(ctx, o); err != nil {
				return err
			}
		}
	}
	return nil
}
