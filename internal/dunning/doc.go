// Package dunning is the collection process ("processus de relance"): policies, ordered
// steps counted from each invoice's due date (policy.go, policy_file.go, the shipped
// policies/*.yaml and defaults.go); Plan, the pure decision of what the process calls for on
// one day for one customer's Account (plan.go, merge.go); Simulate, the same over days as if
// nobody paid (simulate.go); the order of the collectors' worklist (worklist.go); and the
// payer profile a customer's history suggests (profile.go).
//
// Nothing here does I/O or reads the clock: the store loads an Account, the daily run calls
// Plan with the day and records the Decision (its actions under their idempotency keys, the
// superseded steps as skipped, the events on the promises and plans), and the channels send.
package dunning
