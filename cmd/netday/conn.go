package main

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// connGuard is one TCP connection's watchdog (the SSH library has no
// handshake timeout and no notion of inactivity):
//   - a connection with no open session is closed after the grace period
//     (--login-timeout): at login, and again after its last session ends;
//   - a connection whose sessions received no input for the idle timeout is
//     closed. Input is data a client sends on a session (key presses,
//     command input); keepalives, window changes and what the server writes
//     do not count.
//
// It gives its connection slot back when closed.
type connGuard struct {
	net.Conn
	release func()
	grace   time.Duration
	idle    time.Duration // when the watchdog acts: the idle timeout and a little slack; 0 = never
	timeout time.Duration // --idle-timeout, for the message

	lastInput atomic.Int64 // unix nanoseconds

	mu         sync.Mutex
	open       int                      // sessions admitted and not yet ended
	sessions   map[*watchedChannel]bool // their channels, once accepted
	emptySince time.Time                // when the connection last had no session
	timer      *time.Timer
	due        time.Time // when the timer fires
	closed     bool
	once       sync.Once

	// Key policy notes for the login (see keypolicy.go): a banner to send and
	// whether a key was refused. They only ever take rights away.
	preauth    gossh.ServerPreAuthConn
	keyRefused bool
	toldKey    bool
}

type guardKey struct{}

// guardOf returns the connection's guard, nil if there is none.
func guardOf(ctx ssh.Context) *connGuard {
	g, _ := ctx.Value(guardKey{}).(*connGuard)
	return g
}

// idleSlack is how long after the idle timeout the connection watchdog
// acts: terminal sessions check their own (key-press) idle time every
// quarter of the limit, at most every minute, and say goodbye first.
func idleSlack(idle time.Duration) time.Duration {
	return min(idle/4, time.Minute) + time.Second
}

// onConn admits a new TCP connection within the limits and arms its
// watchdog; a refused connection is told why. It runs before any
// authentication, in the connection's own goroutine.
func (s *server) onConn(ctx ssh.Context, c net.Conn) net.Conn {
	ip, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		ip = c.RemoteAddr().String()
	}
	if why := s.limits.acquireConn(ip); why != "" {
		s.log.Warn("connection refused", "remote", ip, "reason", why)
		s.refuse(c, disconnectTooManyConnections, why)
		return nil
	}
	now := time.Now()
	g := &connGuard{
		Conn: c, release: func() { s.limits.releaseConn(ip) },
		grace: s.cfg.LoginTimeout, sessions: map[*watchedChannel]bool{}, emptySince: now,
	}
	if s.cfg.IdleTimeout > 0 {
		g.idle = s.cfg.IdleTimeout + idleSlack(s.cfg.IdleTimeout)
		g.timeout = s.cfg.IdleTimeout
	}
	g.lastInput.Store(now.UnixNano())
	g.mu.Lock()
	g.due = now.Add(g.grace)
	g.timer = time.AfterFunc(g.grace, g.check)
	g.mu.Unlock()
	ctx.SetValue(guardKey{}, g)
	return g
}

// Close closes the connection and gives its slot back, once.
func (g *connGuard) Close() error {
	g.once.Do(func() {
		g.mu.Lock()
		g.closed = true
		g.timer.Stop()
		g.mu.Unlock()
		g.release()
	})
	return g.Conn.Close()
}

// touch records input from the client.
func (g *connGuard) touch() { g.lastInput.Store(time.Now().UnixNano()) }

// check runs when the watchdog's timer fires: it closes the connection if
// it has had no session for the grace period or no input for the idle
// limit, and otherwise re-arms for the next moment either could happen.
func (g *connGuard) check() {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return
	}
	now := time.Now()
	var next time.Time
	if g.open == 0 {
		next = g.emptySince.Add(g.grace)
		if !now.Before(next) {
			g.mu.Unlock()
			_ = g.Close()
			return
		}
	}
	if g.idle > 0 {
		until := time.Unix(0, g.lastInput.Load()).Add(g.idle)
		if !now.Before(until) {
			chans := make([]*watchedChannel, 0, len(g.sessions))
			for ch := range g.sessions {
				chans = append(chans, ch)
			}
			g.mu.Unlock()
			g.closeIdle(chans)
			return
		}
		if next.IsZero() || until.Before(next) {
			next = until
		}
	}
	if next.IsZero() { // sessions open, no idle limit: look again later
		next = now.Add(g.grace)
	}
	g.armLocked(next)
	g.mu.Unlock()
}

// armLocked sets the watchdog to fire at t. g.mu is held.
func (g *connGuard) armLocked(t time.Time) {
	g.due = t
	g.timer.Reset(time.Until(t))
}

// closeIdle tells every session why, then closes the connection.
func (g *connGuard) closeIdle(chans []*watchedChannel) {
	msg := fmt.Sprintf("netday: closed after %s without input; connect again any time.\r\n", g.timeout)
	for _, ch := range chans {
		go func() { _, _ = ch.Stderr().Write([]byte(msg)) }()
	}
	time.AfterFunc(500*time.Millisecond, func() { _ = g.Close() })
}

// admit takes one of the connection's max session slots.
func (g *connGuard) admit(max int) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open >= max {
		return false
	}
	g.open++
	return true
}

// accepted records an admitted session's channel.
func (g *connGuard) accepted(ch *watchedChannel) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sessions[ch] = true
	g.touch()
	if until := time.Now().Add(g.idle); g.idle > 0 && until.Before(g.due) {
		g.armLocked(until)
	}
}

// leave gives an admitted session's slot back; ch is nil if its channel
// was never accepted.
func (g *connGuard) leave(ch *watchedChannel) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ch != nil {
		delete(g.sessions, ch)
	}
	if g.open--; g.open == 0 && !g.closed {
		g.emptySince = time.Now()
		g.armLocked(g.emptySince.Add(g.grace))
	}
}

// sessionChannel admits a new session channel within the caps (per
// connection, in total, for guests, per key) and then serves it. A refused
// session is told why in the channel-open failure, which OpenSSH prints
// ("channel 0: open failed: resource shortage: …").
func (s *server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	g := guardOf(ctx)
	if g == nil { // every connection passes onConn; never serve one that did not
		_ = nc.Reject(gossh.Prohibited, "netday: connection not admitted")
		return
	}
	if !g.admit(s.cfg.MaxPerConn) {
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf(
			"netday: at most %s on one connection; close one and try again.", countOf(s.cfg.MaxPerConn, "session")))
		return
	}
	w := &watchedNewChannel{NewChannel: nc, g: g}
	defer func() { g.leave(w.ch) }()
	key, _ := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey)
	guest := key == nil
	if why := s.limits.acquireSession(guest); why != "" {
		_ = nc.Reject(gossh.ResourceShortage, why)
		return
	}
	defer s.limits.releaseSession(guest)
	if !guest {
		fp := gossh.FingerprintSHA256(key)
		if !s.perKey.acquire(fp) {
			_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf(
				"netday: too many sessions are open with this key (limit %d); close one and try again.", s.cfg.MaxPerKey))
			return
		}
		defer s.perKey.release(fp)
	}
	// The session handler returns when the channel's requests end, that is
	// when the channel has closed.
	ssh.DefaultSessionHandler(srv, conn, w, ctx)
}

// watchedNewChannel hands out a channel whose input the guard sees.
type watchedNewChannel struct {
	gossh.NewChannel
	g  *connGuard
	ch *watchedChannel
}

func (w *watchedNewChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := w.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	w.ch = &watchedChannel{Channel: ch, g: w.g}
	w.g.accepted(w.ch)
	return w.ch, reqs, nil
}

// watchedChannel records input from the client.
type watchedChannel struct {
	gossh.Channel
	g *connGuard
}

func (c *watchedChannel) Read(p []byte) (int, error) {
	n, err := c.Channel.Read(p)
	if n > 0 {
		c.g.touch()
	}
	return n, err
}

// countOf writes "1 session" or "4 sessions".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
