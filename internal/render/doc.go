// Package render turns a template and the facts of one collection action into what reaches
// the debtor: an e-mail (a text part and an HTML part), a letter (a letter.Document for the
// PDF engine), a call script or a task checklist.
//
// Templates are data that users edit in the web UI: a subject and a body in Go text/template
// syntax, the body being plain text where a blank line separates paragraphs. The same executed
// body gives every form, so that the e-mail, its HTML part and the letter never say different
// things: paragraphs are split once, then written as text, escaped HTML or letter blocks, and
// the tables (invoices, penalties, instalments) are inserted as a real table in each form.
// French typography (no-break spaces before « ; : ! ? » and inside guillemets) is applied to
// French output, so that a user who types an ordinary space gets it right anyway.
//
// The default templates are embedded (templates/<lang>/<key>.tmpl, one section per form) and
// checked by tests that render each of them, in French and English, against golden files.
//
// Render, Parse and the catalogues hold no shared state beyond read-only defaults: they are
// safe to call from several goroutines, as the outbox workers do.
package render
