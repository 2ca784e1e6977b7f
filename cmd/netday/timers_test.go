package main

import (
	"runtime"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Defect 11: ended sessions kept their program alive (a bubbletea Tick
// goroutine) for up to a minute. After sessions end, the goroutine count
// goes back to where it was within a few seconds.
func TestEndedSessionsLeaveNoGoroutines(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.IdleTimeout = 30 * time.Minute })
	// One session first, so that everything started once (lazily) is there.
	warm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	warm.waitFor("This is your first visit")
	warm.send("q")
	_ = warm.waitExit()
	baseline := settledGoroutines()

	const n = 20
	for range n {
		c, err := gossh.Dial("tcp", srv.addr(), &gossh.ClientConfig{
			User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout,
		})
		if err != nil {
			t.Fatal(err)
		}
		// Not answering terminal queries: the answering goroutine is the
		// test's, not the server's.
		tm := openTerm(t, c, 80, 24, termOpt{noAnswer: true})
		tm.waitFor("This is your first visit")
		c.Close() // the person vanishes without quitting
		_ = tm.waitExit()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		now := runtime.NumGoroutine()
		if now <= baseline+5 {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines 5 s after %d sessions ended, %d before:\n%s",
				now, n, baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settledGoroutines waits briefly for the goroutine count to stop falling.
func settledGoroutines() int {
	last := runtime.NumGoroutine()
	for range 20 {
		time.Sleep(50 * time.Millisecond)
		now := runtime.NumGoroutine()
		if now >= last {
			return now
		}
		last = now
	}
	return last
}
