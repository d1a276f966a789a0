package dunning

import (
	"math/bits"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
)

// buildActions merges the steps going out today into one action per channel: one e-mail, one
// letter, one call listing every invoice whose step called for that channel, at the firmest
// step among them. Users of every dunning tool ask for exactly this: one reminder per customer
// at the highest level, not one per invoice. lines[ch] is the number of invoices on channel ch.
func buildActions(acct *Account, policy string, steps []Step, items []item, chanMask [5]uint64, lines [5]int, day civil.Date) []Action {
	n := 0
	for _, l := range lines {
		if l > 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	c := &acct.Customer
	actions := make([]Action, 0, n)
	for ch, channel := range Channels {
		if lines[ch] == 0 {
			continue
		}
		a := Action{CustomerID: c.ID, CustomerRef: c.Ref, CustomerName: c.Name, Day: day, Channel: channel,
			Policy: policy, Collector: c.Collector}
		a.Invoices = make([]ActionInvoice, 0, lines[ch])
		a.InvoiceNumbers = make([]string, 0, lines[ch])
		firmest := -1
		for i := range items { // oldest first
			it := &items[i]
			mine := it.out & chanMask[ch]
			if mine == 0 {
				continue
			}
			// Steps are sorted by offset and their phases only get firmer, so the highest index
			// is the firmest: of this invoice's steps on the channel, then of the action's.
			si := 63 - bits.LeadingZeros64(mine)
			s := &steps[si]
			firmest = max(firmest, si)
			for rest := mine; rest != 0; rest &= rest - 1 {
				o := &steps[bits.TrailingZeros64(rest)]
				a.NeedsApproval = a.NeedsApproval || o.Approval
				a.Penalties = a.Penalties || o.Penalties
			}
			forced := it.forced&mine != 0
			a.Forced = a.Forced || forced
			inv := it.inv
			a.Invoices = append(a.Invoices, ActionInvoice{ID: inv.ID, Number: inv.Number, DueDate: inv.DueDate,
				DaysLate: max(0, it.late), Amount: inv.Amount, Open: it.open, Credit: it.credit,
				Step: s.Name, Phase: s.Phase, Forced: forced})
			a.InvoiceNumbers = append(a.InvoiceNumbers, inv.Number)
			a.Total += it.open
			a.DaysLate = max(a.DaysLate, it.late)
			if a.Currency == "" {
				a.Currency = inv.Currency
			}
		}
		s := &steps[firmest]
		a.Step, a.Phase, a.Template = s.Name, s.Phase, s.Template
		a.Contact = recipient(acct.Contacts, channel)
		if channel == Letter || channel == RegisteredLetter {
			a.Address = c.Address
		}
		a.Key = ActionKey(c.ID, day, channel)
		actions = append(actions, a)
	}
	return actions
}

// recipient is who the action is for: the dunning contact, and for a call the dunning
// contact's phone, else anyone's phone, since an e-mail address cannot be called.
func recipient(contacts []receivable.Contact, ch Channel) receivable.Contact {
	if ch == Call {
		for _, pass := range [2]bool{true, false} {
			for _, c := range contacts {
				if c.Phone != "" && (c.Dunning || !pass) {
					return c
				}
			}
		}
	}
	c, _ := receivable.DunningContact(contacts)
	return c
}
