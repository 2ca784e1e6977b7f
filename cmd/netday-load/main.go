// Command netday-load opens many concurrent SSH sessions against a netday
// server on this machine and measures how quickly each keystroke comes back
// as a new screen. It only dials loopback addresses, and every loop is
// bounded in count and time.
//
//	go run ./cmd/netday --data /tmp/load-data &
//	go run ./cmd/netday-load --addr 127.0.0.1:23234 --sessions 300 --keys 20
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:23234", "netday server (loopback only)")
	sessions := flag.Int("sessions", 200, "concurrent sessions")
	keys := flag.Int("keys", 20, "screen-changing keystrokes per session")
	think := flag.Duration("think", 200*time.Millisecond, "pause between keystrokes, like a person")
	limit := flag.Duration("timeout", 5*time.Minute, "give up after this long")
	pid := flag.Int("pid", 0, "server process id, to report its memory (optional)")
	flag.Parse()

	if err := checkLoopback(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "netday-load:", err)
		os.Exit(2)
	}
	res, err := runLoad(*addr, *sessions, *keys, *think, *limit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "netday-load:", err)
		os.Exit(1)
	}
	res.print(os.Stdout, *pid)
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("address %q is not on this machine; netday-load only dials loopback", addr)
		}
	}
	return nil
}

type result struct {
	sessions, failed int
	firstFrame       []time.Duration
	keystroke        []time.Duration
	elapsed          time.Duration
	errs             []error
}

func runLoad(addr string, n, keys int, think, limit time.Duration) (*result, error) {
	deadline := time.Now().Add(limit)
	res := &result{sessions: n}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ff, ks, err := oneSession(addr, keys, think, deadline)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.failed++
				if len(res.errs) < 5 {
					res.errs = append(res.errs, fmt.Errorf("session %d: %w", i, err))
				}
				return
			}
			res.firstFrame = append(res.firstFrame, ff)
			res.keystroke = append(res.keystroke, ks...)
		}()
		time.Sleep(2 * time.Millisecond) // a crowd arriving, not one packet
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if res.failed == n {
		return nil, fmt.Errorf("every session failed: %w", errors.Join(res.errs...))
	}
	return res, nil
}

// screenReader collects a session's output and waits for text in it.
type screenReader struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	cond *sync.Cond
	err  error
}

func newScreenReader(r io.Reader) *screenReader {
	s := &screenReader{}
	s.cond = sync.NewCond(&s.mu)
	go func() {
		b := make([]byte, 16*1024)
		for {
			n, err := r.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			if err != nil {
				s.err = err
			}
			s.cond.Broadcast()
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return s
}

// waitFor waits until want appears in output received after offset.
func (s *screenReader) waitFor(want string, offset int, deadline time.Time) (int, error) {
	timer := time.AfterFunc(time.Until(deadline), func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if i := bytes.Index(s.buf.Bytes()[offset:], []byte(want)); i >= 0 {
			return s.buf.Len(), nil
		}
		if s.err != nil {
			return 0, fmt.Errorf("waiting for %q: %w", want, s.err)
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("waiting for %q: timed out", want)
		}
		s.cond.Wait()
	}
}

func (s *screenReader) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Len()
}

func oneSession(addr string, keys int, think time.Duration, deadline time.Time) (time.Duration, []time.Duration, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return 0, nil, err
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return 0, nil, err
	}
	t0 := time.Now()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Until(deadline),
	})
	if err != nil {
		return 0, nil, fmt.Errorf("dial: %w", err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return 0, nil, fmt.Errorf("session: %w", err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return 0, nil, fmt.Errorf("pty: %w", err)
	}
	in, _ := sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		return 0, nil, fmt.Errorf("shell: %w", err)
	}
	screen := newScreenReader(out)
	if _, err := screen.waitFor("first visit", 0, deadline); err != nil {
		return 0, nil, err
	}
	firstFrame := time.Since(t0)
	// Alternate between the welcome and the role screen: each key redraws.
	lat := make([]time.Duration, 0, keys)
	for k := range keys {
		key, want := "\r", "How are you taking part"
		if k%2 == 1 {
			key, want = "\x1b", "first visit"
		}
		time.Sleep(think)
		off := screen.len()
		sent := time.Now()
		if _, err := io.WriteString(in, key); err != nil {
			return 0, nil, fmt.Errorf("key: %w", err)
		}
		if _, err := screen.waitFor(want, off, deadline); err != nil {
			return 0, nil, err
		}
		lat = append(lat, time.Since(sent))
	}
	_, _ = io.WriteString(in, "\x03")
	return firstFrame, lat, nil
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(int(float64(len(s))*p), len(s)-1)]
}

func (r *result) print(w io.Writer, pid int) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "sessions %d (failed %d), keystrokes %d, wall %s\n", r.sessions, r.failed, len(r.keystroke), r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "first frame  p50 %s  p95 %s  p99 %s  max %s\n",
		ms(pct(r.firstFrame, .5)), ms(pct(r.firstFrame, .95)), ms(pct(r.firstFrame, .99)), ms(pct(r.firstFrame, 1)))
	fmt.Fprintf(w, "keystroke    p50 %s  p95 %s  p99 %s  max %s\n",
		ms(pct(r.keystroke, .5)), ms(pct(r.keystroke, .95)), ms(pct(r.keystroke, .99)), ms(pct(r.keystroke, 1)))
	if pid > 0 {
		if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "VmHWM") || strings.HasPrefix(line, "VmRSS") {
					fmt.Fprintln(w, "server", strings.Join(strings.Fields(line), " "))
				}
			}
		}
	}
	for _, err := range r.errs {
		fmt.Fprintln(w, "error:", err)
	}
}
