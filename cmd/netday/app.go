package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"netday/store"
	"netday/store/clean"
	"netday/tui"
)

// runApp runs the terminal app for one session until the visitor leaves,
// the connection drops or the server says goodbye.
func (s *server) runApp(sess ssh.Session, id tui.Identity, pty ssh.Pty, winCh <-chan ssh.Window) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()

	// The session joins the hub before the app reads anything, so a change
	// stored while it builds its first screen still reaches it; the mailbox
	// holds it until the program runs.
	var p *tea.Program
	started := make(chan struct{})
	detach := s.hub.AttachAs(ctx, id.Fingerprint, func(msg tea.Msg) {
		select {
		case <-started:
			p.Send(msg)
		case <-ctx.Done():
		}
	})
	defer func() {
		detach() // before telling the others, so "online" counts are right
		s.hub.Publish(tui.ChangeMsg{Change: store.Change{Kind: "session"}})
	}()

	app := tui.New(tui.Options{
		Store:       s.store,
		Service:     s.svc,
		Context:     ctx,
		Event:       s.event,
		Identity:    id,
		Renderer:    sessionRenderer(sess, pty),
		Online:      s.hub.People,
		IdleTimeout: s.cfg.IdleTimeout,
		Width:       pty.Window.Width,
		Height:      pty.Window.Height,
	})
	p = tea.NewProgram(app,
		tea.WithInput(sess),
		tea.WithOutput(sess),
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
		tea.WithFilter(blockSuspend),
		tea.WithAltScreen(),
		tea.WithFPS(30),
	)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("window watcher panic", "panic", r)
			}
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case w := <-winCh:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	close(started)
	s.hub.Publish(tui.ChangeMsg{Change: store.Change{Kind: "session"}})

	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.log.Error("session ended with error", "err", err)
	}
	cancel()
	if bye := app.Goodbye(); bye != "" {
		fmt.Fprint(sess, clean.Line(bye, 400)+"\r\n")
	}
	_ = sess.Exit(0)
}

// blockSuspend drops ctrl+z's suspend (over SSH it would stop the server)
// and gives each key message its own runes.
func blockSuspend(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.SuspendMsg); ok {
		return nil
	}
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		// bubbletea gives every space key the same rune slice (a package
		// variable) and textinput sanitises runes in place: two sessions
		// typing a space at once wrote to it together. Each message gets
		// its own copy.
		k.Runes = slices.Clone(k.Runes)
		return k
	}
	return msg
}

// sessionRenderer builds the session's own lipgloss renderer from its
// terminal type and environment. Unlike wish's MakeRenderer it never queries
// the client's background colour: a client that does not answer would get no
// first frame. Colour is off for TERM=dumb and for NO_COLOR (ssh -o
// SetEnv=NO_COLOR=1).
func sessionRenderer(sess ssh.Session, pty ssh.Pty) *lipgloss.Renderer {
	env := append(slices.Clone(sess.Environ()), "TERM="+pty.Term)
	r := lipgloss.NewRenderer(sess,
		termenv.WithEnvironment(environ(env)),
		termenv.WithUnsafe(),
		termenv.WithColorCache(true),
	)
	if pty.Term == "" || pty.Term == "dumb" || environ(env).Getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	r.SetHasDarkBackground(!lightBackground(environ(env).Getenv("COLORFGBG")))
	return r
}

// lightBackground reads COLORFGBG ("15;0" is light on dark).
func lightBackground(fgbg string) bool {
	i := strings.LastIndex(fgbg, ";")
	if i < 0 {
		return false
	}
	switch fgbg[i+1:] {
	case "7", "15":
		return true
	}
	return false
}

// environ lets termenv read a session's environment.
type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}
