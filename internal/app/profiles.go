package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// SuggestParams tune the payer-profile suggestions.
type SuggestParams struct {
	Day civil.Date // the end of the twelve months looked at; today when zero
	// MinInvoices leaves out customers with fewer invoices paid in the period: their history
	// says too little.
	MinInvoices int
	// Apply sets the suggested profile where it differs from the current one, and records it
	// in each customer's timeline.
	Apply bool
}

// ProfileSuggestion is the profile a customer's history suggests, next to its current one.
type ProfileSuggestion struct {
	CustomerID   int64                   `json:"-"`
	CustomerRef  string                  `json:"customer_ref"`
	CustomerName string                  `json:"customer_name"`
	Current      receivable.Profile      `json:"current"`
	Suggested    receivable.Profile      `json:"suggested"` // empty: too little history to say
	Reasons      []dunning.ProfileReason `json:"reasons"`
	Stats        dunning.PaymentStats    `json:"stats"`
	// Differs is true when a profile is suggested and it is not the current one.
	Differs bool `json:"differs"`
	Applied bool `json:"applied"`
}

// SuggestionMonths is how far back suggestions look: a year covers a customer's seasons.
const SuggestionMonths = 12

// SuggestProfiles proposes a payer profile for each customer with something in its history
// over the last twelve months (dunning.SuggestProfile, which says why), customers by
// reference. With Apply, the suggestions that differ are set, in one transaction, each with
// an event in the customer's timeline.
func (a *App) SuggestProfiles(ctx context.Context, co receivable.Company, p SuggestParams, author string) ([]ProfileSuggestion, error) {
	if p.Day.IsZero() {
		p.Day = a.Today(co)
	}
	if p.MinInvoices < 0 {
		return nil, inputErr("min-invoices", "min invoices %d: want 0 or more", p.MinInvoices)
	}
	stats, err := a.Store.PaymentStats(ctx, co.ID, p.Day.AddMonths(-SuggestionMonths).AddDays(1), p.Day)
	if err != nil {
		return nil, err
	}
	customers, err := a.Store.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Sort: "ref"})
	if err != nil {
		return nil, err
	}
	out := []ProfileSuggestion{}
	for _, c := range customers {
		s, ok := stats[c.ID]
		if !ok || s.InvoicesPaid < p.MinInvoices {
			continue
		}
		prof, why := dunning.SuggestProfile(s)
		out = append(out, ProfileSuggestion{CustomerID: c.ID, CustomerRef: c.Ref, CustomerName: c.Name, Current: c.Profile,
			Suggested: prof, Reasons: why, Stats: s, Differs: prof != "" && prof != c.Profile})
	}
	if !p.Apply {
		return out, nil
	}
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		for i := range out {
			s := &out[i]
			if !s.Differs {
				continue
			}
			why := make([]string, len(s.Reasons))
			for j, r := range s.Reasons {
				why[j] = r.Label("fr")
			}
			if err := a.setProfile(ctx, q, co, s.CustomerID, s.Suggested, "suggéré : "+strings.Join(why, " ; "), author); err != nil {
				return err
			}
			s.Applied = true
		}
		return nil
	})
	return out, err
}

// SetProfile sets a customer's payer profile by hand; an empty profile removes it. The
// customer then uses that profile's policy, unless it has a policy of its own.
func (a *App) SetProfile(ctx context.Context, co receivable.Company, ref string, profile receivable.Profile, author string) (receivable.Customer, error) {
	if profile != "" && !slices.Contains(receivable.Profiles, profile) {
		_, err := receivable.ParseProfile(string(profile))
		if err == nil {
			err = fmt.Errorf("payer profile %q: give its code (see relance profiles set --help)", profile)
		}
		return receivable.Customer{}, &InputError{Field: "profile", Err: err}
	}
	var out receivable.Customer
	err := a.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := customerByRef(ctx, q, co, ref)
		if err != nil {
			return err
		}
		if err := a.setProfile(ctx, q, co, cu.ID, profile, "", author); err != nil {
			return err
		}
		out, err = q.Customer(ctx, co.ID, cu.ID)
		return err
	})
	return out, err
}

// setProfile changes the profile of a customer read afresh in the transaction, so that a
// field changed meanwhile by someone else is not written back as it was.
func (a *App) setProfile(ctx context.Context, q store.Queries, co receivable.Company, customerID int64, profile receivable.Profile, why, author string) error {
	cu, err := q.Customer(ctx, co.ID, customerID)
	if err != nil {
		return err
	}
	before := cu.Profile
	if before == profile {
		return nil
	}
	cu.Profile = profile
	if err := q.UpdateCustomer(ctx, cu); err != nil {
		return err
	}
	label := func(p receivable.Profile) string {
		if p == "" {
			return "aucun"
		}
		return p.Label("fr")
	}
	summary := fmt.Sprintf("Profil payeur : %s → %s", label(before), label(profile))
	if why != "" {
		summary += " (" + why + ")"
	}
	return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Kind: "profile", Actor: author, Summary: summary,
		Data: eventData(map[string]any{"profile": profile, "previous": before})})
}
