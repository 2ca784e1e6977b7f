package main

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestIdleMemoryIsGivenBackWhenTheLastSessionEnds(t *testing.T) {
	var freed atomic.Int32
	m := &idleMemory{after: time.Millisecond, free: func() { freed.Add(1) }}
	m.enter()
	m.enter()
	m.leave() // one still open: nothing to give back
	m.leave()
	deadline := time.Now().Add(waitTimeout)
	for freed.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("memory was not given back after the last session ended")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := freed.Load(); n != 2 {
		t.Fatalf("given back %d times, want twice (after a moment and a little later)", n)
	}
}
