package build

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// BoundMemory sets the soft memory limit (debug.SetMemoryLimit) to
// softLimit of the heap live once the site is loaded, unless the
// GOMEMLIMIT environment variable sets one. It is the Options.Loaded of a
// process that builds once (briefing build and check), which should put
// the limit back when the build is done if it goes on to do other work.
//
// From then on a build holds the site model, and each phase adds a
// working set smaller than it: the search index, then the pages being
// rendered, written and let go of. Left alone, the collector lets the
// heap grow to twice what its last mark found, and a mark made while the
// search index is built counts the index's transient lists, and the
// garbage made while marking, as live: on the generated 20,000-article
// corpus the heap reached four times the site model and the process 1 GB.
// With the limit it peaks at about 770 MB, in the same CPU time (see the
// README). The limit is soft: a phase that needs more gets it, at the
// cost of collecting more often.
func BoundMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	runtime.GC() // the load's garbage goes, and what is left is the site
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(softLimit(s[0].Value.Uint64()))
}

// softLimit is the memory limit for a build whose site model takes live
// bytes: three times that, and at least 256 MiB more. The floor leaves a
// small or middling site alone, where the runtime, the templates and the
// largest pages weigh as much as the model and a limit would only cost
// time: on the 5,000-article corpus, a limit of three times the model
// saved 40 MB and cost 5% more CPU.
func softLimit(live uint64) int64 {
	return int64(max(3*live, live+256<<20))
}
