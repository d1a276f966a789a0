//go:build unix

package dunning

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU adds the process CPU time per operation to a benchmark's figures: on a shared
// machine wall time (ns/op) swings with the neighbours' load, CPU time much less.
func reportCPU(b *testing.B, run func()) {
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	run()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	if b.N > 0 {
		b.ReportMetric(float64(cpu(after)-cpu(before))/float64(b.N), "cpu-ns/op")
	}
}
