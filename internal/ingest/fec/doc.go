// Package fec reads the Fichier des Écritures Comptables, the accounting export every French
// company must be able to hand to the tax administration (article A47 A-1 of the Livre des
// procédures fiscales), and rebuilds from it the receivables relance chases: customers, their
// invoices and credit notes, their payments, and what the accountant's lettering says was
// settled.
//
// Reading is deliberately tolerant of what real accounting packages write (tab or pipe
// separators, a trailing separator on every line, UTF-8 with or without BOM or ISO-8859-15,
// CR LF or CR CR LF line ends, space-padded fields, signed zero-padded amounts, header names
// in any case) and strict about what matters: a bad amount or date is an error naming the
// file, the line and the column, and a file without the 18 mandatory columns is refused.
//
// The package is pure: it reads bytes and returns values, with no database and no clock.
package fec
