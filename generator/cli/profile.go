package cli

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are the profiling flags of build: a CPU profile of the
// build, and a heap profile written when it ends.
type profileFlags struct {
	cpu, mem string
}

func (f *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.cpu, "cpuprofile", "", "write a CPU profile of the build to `file` (read it with go tool pprof)")
	fs.StringVar(&f.mem, "memprofile", "", "write a memory profile to `file` when the build ends: what was allocated (go tool pprof -sample_index=inuse_space for what is live)")
}

// start starts the CPU profile, if asked for, and returns the function
// that stops it and writes the heap profile. Its errors are about the
// profile files, never about the site.
func (f *profileFlags) start() (stop func() error, err error) {
	var cpu *os.File
	if f.cpu != "" {
		if cpu, err = os.Create(f.cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err = pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
		}
		if f.mem == "" {
			return nil
		}
		mem, err := os.Create(f.mem)
		if err != nil {
			return fmt.Errorf("memory profile: %w", err)
		}
		runtime.GC() // up-to-date statistics of what is live
		if err := pprof.Lookup("allocs").WriteTo(mem, 0); err != nil {
			mem.Close()
			return fmt.Errorf("memory profile: %w", err)
		}
		return mem.Close()
	}, nil
}
