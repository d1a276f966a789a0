package store

// RateQueries store the rates users set or import on top of the embedded tables.
type RateQueries interface{}
