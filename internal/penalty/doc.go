// Package penalty computes what a late payer owes on top of the principal, the way a lawyer or
// a commissaire de justice would, and shows the working: late-payment interest line by line,
// the flat recovery indemnity, the statement of claim (décompte) for a customer, the date a
// claim becomes time-barred, and the check of payment terms against the legal caps.
//
// It is pure: no clock, no database, no network. "Today" is always a parameter and rates come
// from a Table, built from the embedded defaults (data/) and the rates users add. A computation
// that needs a rate the table does not hold fails with a MissingRateError naming the rate to
// add: relance never guesses a rate.
//
// The rules, with their sources, are in the project's legal note (shared/legal/france-and-eu.md).
// The conventions this package follows, and the interpretations it makes where the texts are
// silent, are:
//
//   - Interest runs from the day after the due date to the payment date inclusive, so the
//     number of days is payment date − due date (Les Echos Publishing's published example,
//     legal note §1.4). A payment reduces the base from the day after its date.
//   - Simple interest, actual days / 365 by default, even in leap years (service-public.fr
//     F20688); actual/actual is an option, which splits at 31 December and divides by 366
//     inside leap years. Never 360.
//   - Each line (a period of constant base, rate and divisor) is rounded half away from zero
//     to the cent with exact integer arithmetic; the interest is the sum of the rounded lines.
//   - French B2B default rate: ECB main refinancing rate in force on 1 January (first
//     half-year) or 1 July (second half-year) + 10 points (Code de commerce L441-10 II). A delay
//     across 1 January or 1 July is split into periods at each half-year's rate. This split is
//     an interpretation: the text says the rate applies "pendant" each half-year, and no case
//     law or official example of a straddling computation was found (legal note §1.5).
//   - Consecutive half-years at the same rate are shown as one line, since the base and rate
//     do not change.
//   - Payments reduce the principal (the base), as relance's allocations do; they are not
//     imputed to accrued interest first.
//   - Against a consumer, legal interest runs from the day after the formal notice's date,
//     counted like a due date; relance's store chooses which date of the notice that is
//     (sending or first presentation: legal note §6.3).
//   - A stipulated rate replaces the statutory rate for the whole delay; in France it is
//     checked, half-year by half-year, against the floor of 3 × the legal rate (other cases),
//     and a rate below it is computed as stipulated and warned about.
package penalty
