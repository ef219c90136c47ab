// Command briefing-corpus writes a synthetic content directory for
// benchmarks: briefing-corpus -n 20000 -seed 1 -out /tmp/corpus-20000.
// See package briefing/generator/corpus.
package main

import (
	"flag"
	"fmt"
	"os"

	"briefing/generator/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of `articles`")
	seed := flag.Int64("seed", 1, "the random seed; the same seed gives the same corpus")
	out := flag.String("out", "", "the content `dir`ectory to write; must not exist or be empty")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: briefing-corpus -n ARTICLES [-seed N] -out DIR")
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "briefing-corpus:", err)
		os.Exit(1)
	}
}
