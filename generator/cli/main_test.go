package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the records of the tests' builds (see package uptodate)
// out of the user's cache directory.
func TestMain(m *testing.M) {
	cache, err := os.MkdirTemp("", "briefing-cli-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", cache) // os.UserCacheDir on Linux and BSD
	os.Setenv("LocalAppData", cache)   // and on Windows
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}
