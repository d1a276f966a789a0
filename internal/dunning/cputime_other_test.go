//go:build !unix

package dunning

import "testing"

func reportCPU(_ *testing.B, run func()) { run() }
