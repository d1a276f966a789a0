package store

// MatchQueries store payment-matching proposals (lettrage): the review queue of payments that
// could not be allocated automatically, and what accepting one did, so that it can be undone.
type MatchQueries interface{}
