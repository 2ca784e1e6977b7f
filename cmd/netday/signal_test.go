package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// lockedBuffer is a log sink read while the server writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listeningAddr = regexp.MustCompile(`netday is listening" addr=(\S+)`)

func TestSIGTERMSaysGoodbyeAndClosesTheDatabase(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() { exit <- run([]string{"--listen", "127.0.0.1:0", "--data", dir}, nil, &stdout, &stderr) }()

	var addr string
	deadline := time.Now().Add(waitTimeout)
	for addr == "" {
		if m := listeningAddr.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("server never logged its address: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	tm := openTerm(t, dial(t, addr, gossh.PublicKeys(newKey(t))), 80, 24)
	tm.waitFor("This is your first visit")

	start := time.Now()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("stopping took %v", d)
	}
	_ = tm.waitExit()
	if !strings.Contains(tm.rawOutput(), "shutting down for a moment") {
		t.Fatal("the open session got no goodbye line")
	}
	// bbolt was closed: the file opens at once in this process.
	st, err := store.Open(filepath.Join(dir, dbFile), store.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("database still locked after stop: %v", err)
	}
	st.Close()
	if !strings.Contains(stderr.String(), "stopped") {
		t.Fatalf("log: %s", stderr.String())
	}
}
