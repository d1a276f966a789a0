package web

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/store"
)

// touchCounter counts the writes of a token's last use.
type touchCounter struct {
	store.Store
	n atomic.Int32
}

func (c *touchCounter) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	c.n.Add(1)
	return c.Store.TouchAPIToken(ctx, id, at)
}

// A busy integration does not write on each call: the token's last use is written when the
// stored one is a minute old, and reads it back to the second.
func TestAPITokenLastUseIsWrittenOnceAMinute(t *testing.T) {
	f := newFixture(t)
	var clock atomic.Int64
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock.Store(start.UnixNano())
	f.a.Now = func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	counter := &touchCounter{Store: f.a.Store}
	f.a.Store = counter
	c := f.api(t, "viewer@a.example")
	lastUsed := func() time.Time {
		t.Helper()
		toks, err := counter.Store.ListAPITokens(context.Background(), f.coA.ID)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens %v, %v", toks, err)
		}
		return toks[0].LastUsedAt
	}
	for _, step := range []struct {
		after  time.Duration // since start
		writes int32
		used   time.Duration
	}{
		{0, 1, 0},                // first use
		{0, 1, 0},                // the same second
		{59 * time.Second, 1, 0}, // within the minute
		{60 * time.Second, 2, 60 * time.Second},
		{61 * time.Second, 2, 60 * time.Second},
		{10 * time.Minute, 3, 10 * time.Minute},
	} {
		clock.Store(start.Add(step.after).UnixNano())
		c.get("/companies").want(t, http.StatusOK)
		if got := counter.n.Load(); got != step.writes {
			t.Errorf("after %s: %d writes, want %d", step.after, got, step.writes)
		}
		if got := lastUsed(); !got.Equal(start.Add(step.used)) {
			t.Errorf("after %s: last used %s, want %s", step.after, got, start.Add(step.used))
		}
	}
}

// sessionTouchCounter counts the writes of a session's expiry.
type sessionTouchCounter struct {
	store.Store
	n atomic.Int32
}

func (c *sessionTouchCounter) TouchSession(ctx context.Context, hash string, expires time.Time) error {
	c.n.Add(1)
	return c.Store.TouchSession(ctx, hash, expires)
}

// A person browsing does not write on each page either: the session's sliding expiry is
// written when it has moved five minutes, and the session stays alive while used.
func TestASessionExpiryIsWrittenEveryFewMinutesOfUse(t *testing.T) {
	f := newFixture(t)
	var clock atomic.Int64
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock.Store(start.UnixNano())
	f.a.Now = func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	counter := &sessionTouchCounter{Store: f.a.Store}
	f.a.Store = counter
	c := f.client(t, "viewer@a.example")
	page := f.srv.URL + "/c/" + f.coA.Slug + "/customers"
	for _, step := range []struct {
		after  time.Duration
		writes int32
	}{
		{0, 0}, {time.Minute, 0}, {4*time.Minute + 59*time.Second, 0}, {5 * time.Minute, 1}, {6 * time.Minute, 1}, {10 * time.Minute, 2},
	} {
		clock.Store(start.Add(step.after).UnixNano())
		if code, _ := get(t, c, page); code != http.StatusOK {
			t.Fatalf("after %s: %d", step.after, code)
		}
		if got := counter.n.Load(); got != step.writes {
			t.Errorf("after %s: %d writes of the session, want %d", step.after, got, step.writes)
		}
	}
}
