package store

// StatsQueries compute figures over a customer's history (payment behaviour for profile
// suggestions, DSO for the dashboard).
type StatsQueries interface{}
