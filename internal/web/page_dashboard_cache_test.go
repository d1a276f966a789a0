package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counter is a dashboard computation that numbers its results (in DSO) and can be held.
type counter struct {
	n, running, most atomic.Int32
	hold             chan struct{} // when set, each computation waits for a value
}

func (c *counter) compute(context.Context) (*dashboard, error) {
	r := c.running.Add(1)
	defer c.running.Add(-1)
	for {
		m := c.most.Load()
		if r <= m || c.most.CompareAndSwap(m, r) {
			break
		}
	}
	if c.hold != nil {
		<-c.hold
	}
	return &dashboard{DSO: int(c.n.Add(1))}, nil
}

func TestTheDashboardShowsAChangeAtOnceWhenItsFiguresAreQuickToCompute(t *testing.T) {
	c, k := newDashCache(time.Hour), &counter{}
	if d, _ := c.get(context.Background(), 1, k.compute); d.DSO != 1 {
		t.Fatalf("first visit: computation %d", d.DSO)
	}
	if d, _ := c.get(context.Background(), 1, k.compute); d.DSO != 1 {
		t.Errorf("second visit recomputed: %d", d.DSO)
	}
	c.invalidate(1)
	if d, _ := c.get(context.Background(), 1, k.compute); d.DSO != 2 {
		t.Errorf("after a change: computation %d, want the new one", d.DSO)
	}
}

func TestASlowDashboardAnswersWithThePreviousFiguresWhileItRecomputes(t *testing.T) {
	c, k := newDashCache(time.Hour), &counter{}
	c.fresh = 20 * time.Millisecond
	c.get(context.Background(), 1, k.compute)
	k.hold = make(chan struct{})
	c.invalidate(1)
	c.invalidate(1) // a second change while the first recomputation runs
	var wg sync.WaitGroup
	for range 20 { // visitors during the recomputation
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			if d, _ := c.get(context.Background(), 1, k.compute); d.DSO != 1 || time.Since(start) > 2*time.Second {
				t.Errorf("during a recomputation: computation %d after %v, want the previous one at once", d.DSO, time.Since(start))
			}
		}()
	}
	wg.Wait()
	k.hold <- struct{}{} // the recomputation started by the first change ends
	// The second change came during it: the next visit starts one more, and gets it.
	go func() { k.hold <- struct{}{} }()
	c.fresh = 5 * time.Second
	if d, _ := c.get(context.Background(), 1, k.compute); d.DSO != 3 {
		t.Errorf("after both changes: computation %d, want 3", d.DSO)
	}
	if m := k.most.Load(); m != 1 {
		t.Errorf("%d computations ran at once, want one at a time", m)
	}
}
