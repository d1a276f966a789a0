package web

import (
	"sync"
	"time"
)

// limiter allows n events per window and per key (a fixed window: simple, enough to stop
// password guessing without locking anyone out for long).
type limiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	now    func() time.Time
	counts map[string]*window
}

type window struct {
	start time.Time
	count int
}

func newLimiter(n int, per time.Duration) *limiter {
	return &limiter{n: n, window: per, now: time.Now, counts: map[string]*window{}}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.counts[key]
	if w == nil || now.Sub(w.start) >= l.window {
		if len(l.counts) > 100_000 {
			l.counts = map[string]*window{} // bounded memory under a flood of keys
		}
		w = &window{start: now}
		l.counts[key] = w
	}
	w.count++
	return w.count <= l.n
}
