//go:build unix

package tabular

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (all threads, user and system). Benchmarks
// report rows per CPU second beside rows per second, because the wall-clock figure on a shared
// two-core machine says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
