package main

import (
	"runtime/debug"
	"sync"
	"time"
)

// idleMemory gives memory back to the operating system once the server
// has had no open session for a moment. The Go runtime returns freed
// memory slowly (over minutes), so after a busy hour the server would keep
// the footprint of its peak; a venue machine runs other things too.
type idleMemory struct {
	mu    sync.Mutex
	open  int
	gen   int // bumped by every enter, so a stale timer does nothing
	after time.Duration
	free  func() // debug.FreeOSMemory; a test may count calls
}

func newIdleMemory() *idleMemory {
	return &idleMemory{after: time.Second, free: debug.FreeOSMemory}
}

// enter counts a session that starts.
func (m *idleMemory) enter() {
	m.mu.Lock()
	m.open++
	m.gen++
	m.mu.Unlock()
}

// leave counts a session that ended; when none is left, memory is given
// back after a moment without a new one, and again a little later.
func (m *idleMemory) leave() {
	m.mu.Lock()
	m.open--
	if m.open > 0 {
		m.mu.Unlock()
		return
	}
	gen := m.gen
	m.mu.Unlock()
	// Twice: connections and their goroutines finish a little after
	// their sessions, and free more.
	for _, d := range []time.Duration{m.after, 3 * m.after} {
		time.AfterFunc(d, func() {
			m.mu.Lock()
			idle := m.open == 0 && m.gen == gen
			m.mu.Unlock()
			if idle {
				m.free()
			}
		})
	}
}
