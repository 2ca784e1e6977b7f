package store

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// crashEnv names the database file for TestCrashChild; crashBaseEnv the first
// profile number it writes.
const (
	crashEnv     = "NETDAY_STORE_CRASH_CHILD_DB"
	crashBaseEnv = "NETDAY_STORE_CRASH_CHILD_BASE"
)

// TestCrashChild is the child process of TestCrashSafety: it writes profiles
// from three goroutines until it is killed and prints each fingerprint after
// PutProfile returned. It is skipped in a normal run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	s, err := Open(path, Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	base, _ := strconv.Atoi(os.Getenv(crashBaseEnv))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := base + g; ; i += 3 {
				p, err := s.PutProfile(participant(i))
				if err != nil {
					fmt.Fprintln(os.Stderr, "child:", err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintln(os.Stdout, p.Fingerprint) // one write(2) per line
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func TestCrashSafety(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 42))
	t.Logf("seed %d", seed)

	var acked []string
	start := time.Now()
	for round := 0; round < 4 && time.Since(start) < 8*time.Second; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, crashBaseEnv+"="+strconv.Itoa(round*1_000_000))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		guard := time.AfterFunc(10*time.Second, func() { _ = cmd.Process.Kill() })
		killAt := 3 + rng.IntN(80)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		var once sync.Once
		lines := 0
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, "SHA256:") {
				continue // test framework output
			}
			acked = append(acked, line)
			lines++
			if lines >= killAt {
				once.Do(func() {
					go func() {
						time.Sleep(delay) // kill at a random moment, not right after a print
						_ = cmd.Process.Signal(syscall.SIGKILL)
					}()
				})
			}
		}
		werr := cmd.Wait()
		guard.Stop()
		if lines < killAt {
			t.Fatalf("round %d: child stopped after %d lines (%v): %s", round, lines, werr, stderr.String())
		}
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child not killed: %v: %s", round, werr, stderr.String())
		}

		if err := CheckFile(path, time.Second); err != nil {
			t.Fatalf("round %d: CheckFile after kill -9: %v", round, err)
		}
		s, err := Open(path, Options{Timeout: time.Second})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		all, err := s.Profiles()
		if err != nil {
			t.Fatal(err)
		}
		have := make(map[string]bool, len(all))
		for _, p := range all {
			have[p.Fingerprint] = true
		}
		for _, fp := range acked {
			if !have[fp] {
				t.Errorf("round %d: acknowledged write %s lost", round, fp)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d acknowledged writes (+%v); file has %d profiles, %d acknowledged in total",
			round, lines, delay, len(all), len(acked))
	}
	if len(acked) == 0 {
		t.Fatal("no writes acknowledged")
	}
}
