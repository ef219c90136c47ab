//go:build !unix

package build_test

import "time"

// benchCPU returns 0: the CPU time is measured on Unix only.
func benchCPU() time.Duration { return 0 }
