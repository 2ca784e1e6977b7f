package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"netday/store"
	"netday/store/event"
	"netday/store/service"
	"netday/tui"
)

// dbFile is the database's name inside the data directory.
const dbFile = "netday.db"

// server is one running netday: the SSH server, its store and its sessions.
type server struct {
	cfg    config
	log    *slog.Logger
	store  *store.Store
	svc    *service.Service // the day's operations, shared by every front end
	event  event.Event
	admins map[string]bool
	hub    *tui.Hub
	ssh    *ssh.Server
	ln     net.Listener
	hostFP string
	limits *connLimits
	perKey *keySessions
	ctrl   *controlSocket
	backup *autoBackup  // nil when automatic backups are off
	pprof  net.Listener // nil unless --pprof

	idleMem *idleMemory // gives memory back when no session is open

	sessMu     sync.Mutex // orders sessions.Add before the Wait in stop
	closing    bool       // guarded by sessMu: no new sessions
	sessions   sync.WaitGroup
	stopFanout func()
	fanoutDone chan struct{}
	stopOnce   sync.Once
	stopErr    error
}

// newServer prepares a server from its configuration: data directory, host
// key, event, organiser keys and the database. It does not listen yet.
func newServer(cfg config, log *slog.Logger) (*server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ev, err := loadEvent(cfg.EventFile)
	if err != nil {
		return nil, err
	}
	for _, w := range ev.Warnings {
		log.Warn("event file: " + w)
	}
	admins, err := loadAdminKeys(cfg.AdminKeys)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	pem, signer, err := loadHostKey(cfg.Data)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(filepath.Join(cfg.Data, dbFile), store.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, err
	}
	s := &server{
		cfg: cfg, log: log, store: st, event: ev, admins: admins,
		svc:     service.New(st, ev, nil),
		hub:     tui.NewHub(),
		hostFP:  gossh.FingerprintSHA256(signer.PublicKey()),
		limits:  newConnLimits(cfg),
		idleMem: newIdleMemory(),
		perKey:  &keySessions{n: map[string]int{}, max: cfg.MaxPerKey},
	}
	s.ssh, err = wish.NewServer(
		wish.WithHostKeyPEM(pem),
		// Auth callbacks only say yes or no: any key the key policy accepts
		// is an account, and a visitor without one is let in as a guest
		// (keyboard-interactive with no prompts). Who someone is gets
		// decided after auth.
		wish.WithPublicKeyAuth(s.acceptKey),
		wish.WithKeyboardInteractiveAuth(s.acceptKeyboardInteractive),
		wish.WithMiddleware(s.recoverMiddleware),
	)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	s.ssh.ConnCallback = s.onConn
	s.ssh.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	s.ssh.ServerConfigCallback = s.serverConfig
	s.ssh.Version = "netday"
	return s, nil
}

// start listens and serves in the background.
func (s *server) start() error {
	var err error
	if s.backup, err = startAutoBackup(s.cfg.Backup, s.cfg.Data, s.store, s.log); err != nil {
		return err
	}
	if s.pprof, err = startPprof(s.cfg.Pprof, s.log); err != nil {
		s.backup.stop()
		return err
	}
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		s.backup.stop()
		if s.pprof != nil {
			_ = s.pprof.Close()
		}
		return fmt.Errorf("listen %s: %w", s.cfg.Listen, err)
	}
	s.ln = ln
	s.cfg.Listen = ln.Addr().String() // the real port, for messages (":0" in tests)
	s.startFanout()
	ready := &readyListener{Listener: ln, ready: make(chan struct{})}
	if s.ctrl, err = listenControl(filepath.Join(s.cfg.Data, controlFile), s); err != nil {
		s.log.Warn("local control socket unavailable; backups go through ssh", "err", err)
	}
	go func() {
		err := s.ssh.Serve(ready)
		s.sessMu.Lock()
		closing := s.closing
		s.sessMu.Unlock()
		if err != nil && !errors.Is(err, ssh.ErrServerClosed) && !closing {
			s.log.Error("ssh server stopped", "err", err)
		}
	}()
	<-ready.ready
	return nil
}

// readyListener signals its first Accept. The SSH library registers a
// listener just before accepting, and a Shutdown racing with that
// registration is a data race inside the library; start waits for it.
type readyListener struct {
	net.Listener
	once  sync.Once
	ready chan struct{}
}

func (l *readyListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.ready) })
	return l.Listener.Accept()
}

// addr is the address the server listens on.
func (s *server) addr() string { return s.ln.Addr().String() }

// startFanout forwards store changes to every open session through the hub.
func (s *server) startFanout() {
	changes, cancel := s.store.Subscribe()
	s.stopFanout = cancel
	s.fanoutDone = make(chan struct{})
	go func() {
		defer close(s.fanoutDone)
		for c := range changes {
			s.hub.Publish(tui.ChangeMsg{Change: c})
		}
	}()
}

// shutdown says goodbye to every session, stops the SSH server within the
// timeout and closes the database. Later calls return the first's result.
func (s *server) shutdown(timeout time.Duration) error {
	s.stopOnce.Do(func() { s.stopErr = s.stop(timeout) })
	return s.stopErr
}

func (s *server) stop(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	if s.ctrl != nil {
		s.ctrl.Close()
	}
	// Stop accepting. The SSH library's Shutdown is not used: its wait for
	// connections races with connections finishing their handshake.
	s.sessMu.Lock()
	s.closing = true
	s.sessMu.Unlock()
	_ = s.ln.Close()
	s.stopFanout()
	<-s.fanoutDone
	s.hub.Close(tui.GoodbyeMsg{Reason: "The netday server is shutting down for a moment. Your profile is saved; connect again soon."})

	// Sessions end once their program has drawn the goodbye; a session
	// that cannot be reached is cut when the connections close below.
	sessionsDone := make(chan struct{})
	go func() { s.sessions.Wait(); close(sessionsDone) }()
	select {
	case <-sessionsDone:
	case <-time.After(time.Until(deadline) * 2 / 3):
		s.log.Warn("sessions still open at shutdown; closing their connections")
	}
	var err error
	if cerr := s.ssh.Close(); cerr != nil && !errors.Is(cerr, ssh.ErrServerClosed) && !errors.Is(cerr, net.ErrClosed) {
		err = fmt.Errorf("close ssh server: %w", cerr)
	}
	select {
	case <-sessionsDone:
	case <-time.After(time.Until(deadline)):
		s.log.Warn("sessions did not end before the deadline")
	}
	if s.pprof != nil {
		_ = s.pprof.Close()
	}
	s.backup.stop()
	if cerr := s.store.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// identify resolves who a session is, from the key that authenticated it.
func (s *server) identify(sess ssh.Session) tui.Identity {
	key := sess.PublicKey()
	if key == nil {
		return tui.Identity{}
	}
	fp := gossh.FingerprintSHA256(key)
	return tui.Identity{Fingerprint: fp, Organiser: s.admins[fp]}
}

// recoverMiddleware is the whole session handler: it keeps a panic in one
// session from taking down the server.
func (s *server) recoverMiddleware(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.sessMu.Lock()
		if s.closing {
			s.sessMu.Unlock()
			fmt.Fprint(sess.Stderr(), "netday is shutting down; connect again in a moment.\r\n")
			_ = sess.Exit(1)
			return
		}
		s.sessions.Add(1)
		s.sessMu.Unlock()
		defer s.sessions.Done()
		s.idleMem.enter()
		defer s.idleMem.leave()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panic", "panic", r, "remote", sess.RemoteAddr().String())
				fmt.Fprint(sess.Stderr(), "netday hit an internal error and closed this session; please reconnect.\r\n")
				_ = sess.Exit(1)
			}
		}()
		s.handle(sess)
	}
}

// handle routes a session: a command without a terminal, or the app.
func (s *server) handle(sess ssh.Session) {
	id := s.identify(sess)
	if raw := sess.RawCommand(); len(raw) > maxCommandBytes {
		_ = sess.Exit(s.commandTooLong(sess, id, raw))
		return
	}
	if cmd := sess.Command(); len(cmd) > 0 {
		_ = sess.Exit(s.command(sess, id, cmd))
		return
	}
	pty, winCh, ok := sess.Pty()
	if !ok {
		fmt.Fprintf(sess.Stderr(), noPTYMessage, strings.Replace(s.cfg.sshCommand(), "ssh", "ssh -t", 1), s.cfg.sshCommand())
		_ = sess.Exit(1)
		return
	}
	s.runApp(sess, id, pty, winCh)
}

const noPTYMessage = "netday is an interactive terminal app, and this connection has no terminal.\n" +
	"Connect with a terminal: %s\n" +
	"Commands that work without one: %s help\n"
