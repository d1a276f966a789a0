package store

import (
	"strconv"
	"time"
)

// Time is a timestamp as stored: UTC, to the microsecond (PostgreSQL's precision).
type Time = time.Time

func itoa(i int) string     { return strconv.Itoa(i) }
func quote(s string) string { return strconv.Quote(s) }
