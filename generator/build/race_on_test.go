//go:build race

package build_test

// race is set when the tests run under the race detector, which makes the
// long generated-site tests several times slower and their heaps larger.
const race = true
