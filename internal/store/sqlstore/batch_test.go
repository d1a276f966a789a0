package sqlstore

import (
	"math/bits"
	"testing"
)

// A batch is written whole, in order, with statements of at most per rows whose sizes come
// from a small set: per itself and powers of two (a handful of statement texts per table).
func TestBatchSizesCoverTheRowsWithFewStatementTexts(t *testing.T) {
	for _, per := range []int{1, 3, 1000, 3750} {
		texts := map[int]bool{}
		for n := 0; n <= 3*per+7; n++ {
			next := 0
			for start, size := range batchSizes(n, per) {
				if start != next || size < 1 || size > per {
					t.Fatalf("n=%d per=%d: statement at %d of %d rows, want at %d, 1..%d rows", n, per, start, size, next, per)
				}
				if size != per && bits.OnesCount(uint(size)) != 1 {
					t.Fatalf("n=%d per=%d: a statement of %d rows", n, per, size)
				}
				texts[size] = true
				next += size
			}
			if next != n {
				t.Fatalf("n=%d per=%d: %d rows written", n, per, next)
			}
		}
		if len(texts) > bits.Len(uint(per))+1 {
			t.Errorf("per=%d: %d statement texts", per, len(texts))
		}
	}
}
