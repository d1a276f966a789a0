-- name: CreateCompany
INSERT INTO companies (slug, name, legal_name, siren, vat_number, address_line1, address_line2,
    postal_code, city, country, email, phone, iban, bic, currency, timezone, language,
    payment_terms_days, penalty_rate, signature)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
RETURNING id

-- name: UpdateCompany
UPDATE companies SET slug = $2, name = $3, legal_name = $4, siren = $5, vat_number = $6,
    address_line1 = $7, address_line2 = $8, postal_code = $9, city = $10, country = $11,
    email = $12, phone = $13, iban = $14, bic = $15, currency = $16, timezone = $17,
    language = $18, payment_terms_days = $19, penalty_rate = $20, signature = $21
WHERE id = $1

-- name: CompanyColumns
id, slug, name, legal_name, siren, vat_number, address_line1, address_line2, postal_code, city,
country, email, phone, iban, bic, currency, timezone, language, payment_terms_days,
penalty_rate, signature
