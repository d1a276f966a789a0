package app

import "iter"

// prefetch runs seq in its own goroutine, handing its values over in batches, so that reading
// and parsing a file overlaps with loading it into the database: on two cores an import goes
// nearly twice as fast. Stopping early (the consumer returns false) stops the producer.
func prefetch[T any](seq iter.Seq[T], batch int) iter.Seq[T] {
	return func(yield func(T) bool) {
		ch := make(chan []T, 4)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(ch)
			buf := make([]T, 0, batch)
			for v := range seq {
				buf = append(buf, v)
				if len(buf) == batch {
					select {
					case ch <- buf:
					case <-done:
						return
					}
					buf = make([]T, 0, batch)
				}
			}
			if len(buf) > 0 {
				select {
				case ch <- buf:
				case <-done:
				}
			}
		}()
		for b := range ch {
			for _, v := range b {
				if !yield(v) {
					return
				}
			}
		}
	}
}
