package tabular

// The headers each import recognises. Rank 1 holds specific headers, rank 2 generic ones,
// rank 3 the last resort of a word that means something else first (see schema.resolve).
// Headers are compared after normHeader, so case, accents, spaces, punctuation and the little
// words ("de", "d'") do not matter: "Date d'échéance" is written once and "date echeance",
// "DATE_ECHEANCE" and "Date de l'échéance" match it.

func ranks(rs ...[]string) [][]string { return rs }

func r(hs ...string) []string { return hs }

var (
	invoiceNumberHeaders = ranks(
		r("numéro de facture", "n° facture", "invoice number", "invoice no", "no facture", "num facture",
			"réf facture", "référence facture", "numéro de pièce", "n° pièce", "facture n°"),
		r("numéro", "facture", "invoice", "number", "n°", "num", "pièce"),
		r("référence", "ref"),
	)
	customerRefHeaders = ranks(
		r("code client", "référence client", "customer ref", "customer reference", "customer code",
			"customer id", "customer number", "customer account", "réf client", "n° client",
			"numéro client", "compte client", "id client", "client id", "code tiers", "compte tiers", "tiers"),
		r("compte", "code", "customer", "account"),
		r("client"),
	)
	customerNameHeaders = ranks(
		r("raison sociale", "nom du client", "customer name", "client name", "société", "company",
			"company name", "entreprise", "dénomination", "dénomination sociale"),
		r("nom", "name"),
		r("client", "customer"),
	)
	emailHeaders = ranks(r("email", "e-mail", "courriel", "mail", "adresse email", "email address",
		"email de relance", "email facturation", "billing email", "customer email", "email client"))
	currencyHeaders = ranks(r("devise", "monnaie", "currency code", "code devise"))
)

var invoiceSchema = newSchema("invoices", []field{
	{name: "invoice_number", label: "the invoice number", ranks: invoiceNumberHeaders},
	{name: "kind", label: "the document type (invoice or credit note)", ranks: ranks(
		r("type de document", "type de pièce", "document type", "type de facture", "doc type"),
		r("type", "nature", "sens"),
	)},
	{name: "customer_ref", label: "the customer reference", ranks: customerRefHeaders},
	{name: "customer_name", label: "the customer name", ranks: customerNameHeaders},
	{name: "customer_email", label: "the customer e-mail", ranks: emailHeaders},
	{name: "issue_date", label: "the issue date", ranks: ranks(
		r("date de facture", "issue date", "invoice date", "date d'émission", "date de pièce",
			"billing date", "date de facturation"),
		r("date"),
	)},
	{name: "due_date", label: "the due date", ranks: ranks(
		r("échéance", "date d'échéance", "due date", "date limite de paiement", "date limite", "due",
			"payment due date", "due on"),
	)},
	{name: "amount", label: "the amount including VAT", ranks: ranks(
		r("montant ttc", "total ttc", "ttc", "amount incl vat", "amount including vat", "total incl vat",
			"total including vat", "amount incl tax", "total incl tax", "gross amount", "net à payer",
			"invoice amount", "montant facture", "montant de la facture"),
		r("montant", "total", "total amount"),
	)},
	{name: "currency", label: "the currency", ranks: currencyHeaders},
	{name: "external_id", label: "the identifier in the source system", ranks: ranks(
		r("external id", "id externe", "identifiant externe", "identifiant", "source id"),
		r("id"),
	)},
	{name: "document", label: "the invoice's document (PDF path or URL)", ranks: ranks(
		r("pdf", "url", "lien", "link", "fichier", "file", "document url", "lien pdf", "chemin"),
	)},
})

var paymentSchema = newSchema("payments", []field{
	{name: "invoice_number", label: "the invoice number", ranks: ranks(
		append(r("facture réglée", "facture payée", "paid invoice"), invoiceNumberHeaders[0]...),
		invoiceNumberHeaders[1],
	)},
	{name: "customer_ref", label: "the customer reference", ranks: customerRefHeaders},
	{name: "date", label: "the payment date", ranks: ranks(
		r("date de règlement", "date de paiement", "payment date", "date d'encaissement", "paid on",
			"date de réception", "received on"),
		// A bank export often has both dates: the booking date is the one to keep.
		r("date d'opération", "date comptable", "booking date"),
		r("date"),
		r("date de valeur", "value date"),
	)},
	{name: "amount", label: "the amount paid", ranks: ranks(
		r("montant réglé", "montant payé", "montant encaissé", "montant du règlement", "montant du paiement",
			"amount paid", "paid amount", "payment amount"),
		r("montant", "total", "crédit", "credit"),
	)},
	{name: "currency", label: "the currency", ranks: currencyHeaders},
	{name: "reference", label: "the payment reference", ranks: ranks(
		r("référence", "référence paiement", "référence du règlement", "payment reference", "libellé", "label",
			"ref", "motif", "communication", "transaction id", "remittance information"),
	)},
	{name: "method", label: "the payment method", ranks: ranks(
		r("mode de règlement", "mode de paiement", "moyen de paiement", "moyen de règlement", "payment method",
			"type de règlement", "type de paiement", "mode", "moyen"),
		r("type"),
	)},
	{name: "payer_name", label: "the payer's name", ranks: ranks(
		r("payer", "payeur", "nom du payeur", "donneur d'ordre", "émetteur", "tireur", "debtor", "débiteur"),
		// Not "client": in a payment file it is the customer to match, so customer_ref.
		r("nom", "name"),
	)},
})

var customerSchema = newSchema("customers", []field{
	{name: "ref", label: "the customer reference", ranks: ranks(
		append(r("customer_ref", "reference", "référence"), customerRefHeaders[0]...),
		append(r("id", "numéro", "n°"), customerRefHeaders[1]...),
		customerRefHeaders[2],
	)},
	{name: "name", label: "the customer name", ranks: ranks(
		append(r("customer_name"), customerNameHeaders[0]...),
		customerNameHeaders[1],
		customerNameHeaders[2],
	)},
	{name: "email", label: "the e-mail address", ranks: emailHeaders},
	{name: "phone", label: "the phone number", ranks: ranks(
		r("téléphone", "tel", "tél", "phone number", "numéro de téléphone", "mobile", "portable", "telephone number"),
	)},
	{name: "contact_name", label: "the contact's name", ranks: ranks(
		r("contact", "nom du contact", "nom contact", "contact name", "interlocuteur"),
	)},
	{name: "address", label: "the street address", ranks: ranks(
		r("adresse", "adresse 1", "adresse ligne 1", "address line 1", "address1", "rue", "street"),
	)},
	{name: "address2", label: "the second address line", ranks: ranks(
		r("complément d'adresse", "complément", "adresse 2", "adresse ligne 2", "address line 2", "address 2"),
	)},
	{name: "postal_code", label: "the postal code", ranks: ranks(
		r("code postal", "cp", "zip", "zip code", "postcode", "post code"),
	)},
	{name: "city", label: "the city", ranks: ranks(r("ville", "commune", "town", "localité"))},
	{name: "country", label: "the country", ranks: ranks(r("pays", "code pays", "country code"))},
	{name: "siren", label: "the SIREN number", ranks: ranks(r("siret", "n° siren", "numéro siren", "siren siret"))},
	{name: "kind", label: "the kind of customer (b2b, b2c, public)", ranks: ranks(
		r("type de client", "type client", "customer type", "catégorie", "category"),
		r("type"),
	)},
	{name: "profile", label: "the payer profile", ranks: ranks(
		r("profil", "profil payeur", "profil de payeur", "payer profile"),
	)},
	{name: "language", label: "the language", ranks: ranks(r("langue", "lang", "locale"))},
	{name: "credit_limit", label: "the credit limit", ranks: ranks(
		r("encours autorisé", "encours maximum", "encours max", "plafond", "plafond d'encours", "limite de crédit", "credit limit"),
	)},
	{name: "payment_terms", label: "the payment terms in days", ranks: ranks(
		r("payment terms days", "délai de paiement", "délai de règlement", "délai", "conditions de paiement", "terms", "payment terms"),
	)},
	{name: "collector", label: "the collector in charge", ranks: ranks(
		r("gestionnaire", "chargé de recouvrement", "recouvreur", "credit manager", "account manager", "assigned to"),
	)},
})

// InvoiceFields lists the columns an invoice import understands.
func InvoiceFields() []Field { return invoiceSchema.public() }

// PaymentFields lists the columns a payment import understands.
func PaymentFields() []Field { return paymentSchema.public() }

// CustomerFields lists the columns a customer import understands.
func CustomerFields() []Field { return customerSchema.public() }

func (s *schema) public() []Field {
	out := make([]Field, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.public()
	}
	return out
}
