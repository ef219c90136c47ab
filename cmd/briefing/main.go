// Command briefing builds bilingual briefing sites: analysis notes that
// cite source articles paragraph by paragraph, a chronology and entity
// pages, in Arabic and English. Run "briefing help" for usage.
package main

import (
	"os"

	"briefing/generator/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
