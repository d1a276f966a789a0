package app

import "testing"

// SetMaxAttachmentsSize lowers the cap on a message's attachments for one test.
func SetMaxAttachmentsSize(t testing.TB, n int) {
	old := maxAttachmentsSize
	maxAttachmentsSize = n
	t.Cleanup(func() { maxAttachmentsSize = old })
}
