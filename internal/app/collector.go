package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// MaxCollectorLen is the longest collector a person may type, in characters: room for a name
// or an e-mail address, not for a note.
const MaxCollectorLen = 200

// CleanCollector is the collector as it is stored: trimmed, at most MaxCollectorLen characters,
// on one line (an e-mail address in it becomes the Reply-To of the customer's reminders, a
// header). Empty means nobody follows the account.
func CleanCollector(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxCollectorLen {
		return "", inputErr("collector", "a collector has at most %d characters: a name or an e-mail address", MaxCollectorLen)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", inputErr("collector", "a collector is written on one line")
	}
	return s, nil
}

// SetCollector names who follows a customer's account: a name, or an e-mail address (the
// customer's reminders then ask for replies to it); empty clears it. The worklist and the
// customers list filter on it. A change is recorded in the customer's timeline; setting the
// same collector again records nothing.
func (a *App) SetCollector(ctx context.Context, co receivable.Company, ref, collector, author string) (receivable.Customer, error) {
	collector, err := CleanCollector(collector)
	if err != nil {
		return receivable.Customer{}, err
	}
	var out receivable.Customer
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		cu, err := customerByRef(ctx, q, co, ref)
		if err != nil {
			return err
		}
		out = cu
		before := cu.Collector
		if before == collector {
			return nil
		}
		cu.Collector = collector
		if err := q.UpdateCustomer(ctx, cu); err != nil {
			return err
		}
		out = cu
		label := func(s string) string {
			if s == "" {
				return "personne"
			}
			return s
		}
		summary := fmt.Sprintf("Gestionnaire du compte : %s → %s", label(before), label(collector))
		return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Kind: "collector", Actor: author, Summary: summary,
			Data: eventData(map[string]any{"collector": collector, "previous": before})})
	})
	return out, err
}
