package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a netday binary this tool started, with its pprof address for
// goroutine counts and profiles.
type server struct {
	cmd    *exec.Cmd
	addr   string
	pprof  string
	mu     sync.Mutex
	log    strings.Builder
	exited chan struct{}

	profileDir string // where profiles and goroutine dumps go ("" = nowhere)
}

var listening = regexp.MustCompile(`msg="netday is listening" addr=(\S+)`)

// freePort picks a free loopback port for pprof.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer runs bin with the data directory and flags, on 127.0.0.1:0,
// and waits until it listens.
func startServer(bin, data string, flags []string) (*server, error) {
	pp, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{pprof: pp, exited: make(chan struct{})}
	args := append([]string{"--data", data, "--listen", "127.0.0.1:0", "--pprof", pp, "--backup-every", "0"}, flags...)
	s.cmd = exec.Command(bin, args...)
	// The server dies with this tool, even when it is interrupted.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	errPipe, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(errPipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			if s.log.Len() < 1<<20 {
				s.log.WriteString(sc.Text() + "\n")
			}
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				ready <- m[1]
			}
		}
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.addr = <-ready:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("netday exited at start:\n%s", s.logText())
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		return nil, fmt.Errorf("netday did not start:\n%s", s.logText())
	}
}

func (s *server) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// stop ends the server with SIGTERM (its normal shutdown).
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// usage is the server's footprint at one moment.
type usage struct {
	rssMB      float64
	anonMB     float64 // the process's own memory
	fileMB     float64 // mapped files: the binary and bbolt's map of the database
	fds        int
	goroutines int
	heapMB     float64 // live heap after a collection (only when asked)
}

// sample reads the server's RSS and open files from /proc and its
// goroutine count from pprof.
func (s *server) sample() (usage, error) {
	var u usage
	pid := s.cmd.Process.Pid
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return u, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, rest, _ := strings.Cut(line, ":")
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		switch name {
		case "VmRSS":
			u.rssMB = float64(kb) / 1024
		case "RssAnon":
			u.anonMB = float64(kb) / 1024
		case "RssFile":
			u.fileMB = float64(kb) / 1024
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return u, err
	}
	u.fds = len(fds)
	u.goroutines, err = s.goroutines()
	return u, err
}

func (s *server) goroutines() (int, error) {
	c := http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + s.pprof + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(io.LimitReader(resp.Body, 4096)).ReadString('\n')
	if err != nil {
		return 0, err
	}
	var n int
	if _, err := fmt.Sscanf(line, "goroutine profile: total %d", &n); err != nil {
		return 0, fmt.Errorf("goroutine profile %q: %w", line, err)
	}
	return n, nil
}

// peakSampler samples the server every interval until stopped and keeps
// the highest RSS.
type peakSampler struct {
	stopCh chan struct{}
	done   chan struct{}
	peak   float64
}

func (s *server) samplePeak(every time.Duration) *peakSampler {
	p := &peakSampler{stopCh: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid)); err == nil {
				for _, line := range strings.Split(string(data), "\n") {
					if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
						kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
						p.peak = max(p.peak, float64(kb)/1024)
					}
				}
			}
			select {
			case <-p.stopCh:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakSampler) stop() float64 {
	close(p.stopCh)
	<-p.done
	return p.peak
}

// liveHeapMB collects garbage in the server and returns its live heap.
func (s *server) liveHeapMB() (float64, error) {
	c := http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + s.pprof + "/debug/pprof/heap?debug=1&gc=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "# HeapAlloc = "); ok {
			n, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return n / (1 << 20), err
		}
	}
	return 0, fmt.Errorf("heap profile without HeapAlloc: %v", sc.Err())
}

// cpuSeconds is the CPU time the server has used so far.
func (s *server) cpuSeconds() float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (in parentheses, maybe with spaces).
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // clock ticks: 100 a second on Linux
}

// loadAverage is the machine's 1-minute load average: the figures mean
// little when other work fills the cores.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(data))[0]
}
