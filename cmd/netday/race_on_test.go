//go:build race

package main

// raceEnabled says the tests run under the race detector; binaries the
// tests build get it too (and reuse the race-built package cache).
const raceEnabled = true
