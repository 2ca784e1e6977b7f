package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// after is tea.Tick that ends with the session: it delivers msg after d,
// or nothing as soon as ctx is done. A plain tea.Tick keeps its goroutine
// (and with it the ended program's model) until it fires. Every timer in
// the app goes through here.
func after(ctx context.Context, d time.Duration, msg tea.Msg) tea.Cmd {
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return msg
		case <-ctx.Done():
			return nil
		}
	}
}
