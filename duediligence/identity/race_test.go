//go:build race

package identity_test

// raceEnabled reports a -race build, where allocation counts mean nothing.
const raceEnabled = true
