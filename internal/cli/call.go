package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
)

func init() { register(newCallCmd) }

func newCallCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "call", Short: "Record the outcome of a call (from the worklist or not)"}
	var o app.CallOutcome
	var notReached bool
	var pDate, pAmount, dInvoice, dReason string
	var pInvoices []string
	var ct receivable.Contact
	log := &cobra.Command{
		Use:   "log [ACTION_ID] [--customer REF]",
		Short: "Record what a call gave: reached or not, a promise, a dispute, the right contact, a note",
		Long: `Records a call in the customer's history and updates the process: the worklist entry is done
(or stays on the worklist to call again when nobody answered, unless --close); a promise to pay
holds the reminders until its date and is confirmed in writing (e-mail, or letter without an
e-mail address), as every agreement must be; a dispute stops the reminders on its invoice; the
right contact becomes the one reminders go to.`,
		Example: `  relance call log 1234 --person "Mme Dupont" --promise-date 2026-12-05 --promise-amount "1 200,00" --note "virement prévu après la paie"
  relance call log 1234 --not-reached
  relance call log --customer C0042 --dispute FA-2026-00042 --dispute-reason "livraison incomplète"
  relance call log 1234 --contact-name "M. Martin" --contact-email compta@client.fr --contact-role comptabilité`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return usageError{fmt.Errorf("%q is not an action id (see relance worklist)", args[0])}
				}
				o.ActionID = id
			}
			if o.ActionID == 0 && o.CustomerRef == "" {
				return usageError{errors.New("name the worklist entry (ACTION_ID) or the customer (--customer REF)")}
			}
			o.Reached = !notReached
			if pDate != "" || pAmount != "" {
				d, err := civil.ParseLoose(pDate)
				if err != nil {
					return usageError{fmt.Errorf("--promise-date: %w", err)}
				}
				amt, err := money.Parse(pAmount)
				if err != nil {
					return usageError{fmt.Errorf("--promise-amount: %w", err)}
				}
				o.Promise = &app.CallPromise{Date: d, Amount: amt, InvoiceNumbers: pInvoices}
			}
			if dInvoice != "" {
				o.Dispute = &app.CallDispute{InvoiceNumber: dInvoice, Reason: dReason}
			}
			if ct.Name != "" || ct.Email != "" || ct.Phone != "" {
				o.RightContact = &ct
			}
			a, co, err := e.openCompany(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Store.Close()
			res, err := a.LogCall(cmd.Context(), co, o, author())
			if err != nil {
				return appError(err)
			}
			fmt.Fprint(e.stdout, "Call recorded")
			if res.Status != "" {
				fmt.Fprintf(e.stdout, "; worklist entry %s", res.Status)
			}
			if res.PromiseID != 0 {
				fmt.Fprintf(e.stdout, "; promise %d", res.PromiseID)
			}
			if res.DisputeID != 0 {
				fmt.Fprintf(e.stdout, "; dispute %d", res.DisputeID)
			}
			if res.ContactID != 0 {
				fmt.Fprintf(e.stdout, "; contact %d now receives the reminders", res.ContactID)
			}
			fmt.Fprintln(e.stdout, ".")
			printConfirmation(e, res.Confirmation)
			return nil
		},
	}
	f := log.Flags()
	f.StringVar(&o.CustomerRef, "customer", "", "the customer called (when not from the worklist)")
	f.BoolVar(&notReached, "not-reached", false, "nobody answered (the entry stays on the worklist)")
	f.BoolVar(&o.Close, "close", false, "close the worklist entry even if nobody answered")
	f.StringVar(&o.Person, "person", "", "who answered")
	f.StringVar(&o.Note, "note", "", "what was said, as proof")
	f.StringVar(&pDate, "promise-date", "", "the date the debtor promised to pay by")
	f.StringVar(&pAmount, "promise-amount", "", "the amount promised")
	f.StringArrayVar(&pInvoices, "promise-invoice", nil, "an invoice the promise covers (repeat; default: the whole account)")
	f.StringVar(&dInvoice, "dispute", "", "the invoice the debtor contests")
	f.StringVar(&dReason, "dispute-reason", "", "what is contested")
	f.StringVar(&ct.Name, "contact-name", "", "the right person to talk to (becomes the dunning contact)")
	f.StringVar(&ct.Email, "contact-email", "", "their e-mail")
	f.StringVar(&ct.Phone, "contact-phone", "", "their phone")
	f.StringVar(&ct.Role, "contact-role", "", "their role (comptabilité, trésorerie…)")
	cmd.AddCommand(log)
	return cmd
}
