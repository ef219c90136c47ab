//go:build !race

package build_test

const race = false
