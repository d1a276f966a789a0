package dunning

// Template keys used by the default policies. The channels write one template per key and
// language (French first, English too); users may add their own keys in their policies, and a
// key with no template is an error the channel reports, not Plan. The set is kept small on
// purpose: a template says what the communication is for, the channel decides its form (an
// e-mail, a letter, a call script, a task checklist), and the history (how many reminders
// already, which promises broken) is given to the template to phrase it.
//
//	preventive           before the due date: courteous check that nothing is in the way of
//	                     payment; asks for the payment date (a promise) and surfaces disputes.
//	level1               amicable reminder: "a simple oversight?"; number, amount, due date;
//	                     asks how and when it will be paid.
//	level1-gentle        the same, lighter and commercial, for careless payers.
//	level1-proof         amicable but precise, with the proof that the invoice is due attached
//	                     (order, delivery note, signed acceptance), for dispute-prone payers.
//	debit-rejected       a direct debit was rejected: amount, reason, how to pay now.
//	call-level1          call script, level 1: reach the right person, recall the invoice,
//	                     ask how and when, obtain a promise (date, amount) and confirm it in
//	                     writing.
//	call-circuit         call script for large organisations: find the invoice-processing
//	                     circuit (received, approved, "service fait", payment run) and the key
//	                     contact who can unblock it.
//	call-level2          firmer call script: penalties accrue, the formal notice is next.
//	call-payment-plan    call script for a debtor who cannot pay: propose a payment plan,
//	                     always with an immediate partial payment, confirmed in writing.
//	level2               firm reminder (letter or e-mail): late penalties and the 40 EUR
//	                     indemnity shown, formal notice announced.
//	level2-proof         the same with the proof of the debt attached, for dispute-prone payers.
//	formal-notice        mise en demeure: deadline, penalties, the 40 EUR indemnity, the legal
//	                     action announced; by registered letter with acknowledgement of receipt.
//	litigation           internal task: build the claim file (injonction de payer, lawyer,
//	                     commissaire de justice or collection agency).
const (
	TemplatePreventive      = "preventive"
	TemplateLevel1          = "level1"
	TemplateLevel1Gentle    = "level1-gentle"
	TemplateLevel1Proof     = "level1-proof"
	TemplateDebitRejected   = "debit-rejected"
	TemplateCallLevel1      = "call-level1"
	TemplateCallCircuit     = "call-circuit"
	TemplateCallLevel2      = "call-level2"
	TemplateCallPaymentPlan = "call-payment-plan"
	TemplateLevel2          = "level2"
	TemplateLevel2Proof     = "level2-proof"
	TemplateFormalNotice    = "formal-notice"
	TemplateLitigation      = "litigation"
)

// TemplateKeys lists the template keys of the default policies, the set the channels must
// provide a template for in each language.
var TemplateKeys = []string{
	TemplatePreventive, TemplateLevel1, TemplateLevel1Gentle, TemplateLevel1Proof,
	TemplateDebitRejected, TemplateCallLevel1, TemplateCallCircuit, TemplateCallLevel2,
	TemplateCallPaymentPlan, TemplateLevel2, TemplateLevel2Proof, TemplateFormalNotice,
	TemplateLitigation,
}
