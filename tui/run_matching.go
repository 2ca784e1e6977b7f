package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"netday/store/service"
)

// runMatching asks the service for a new preview run in the background; the
// session's end cancels it.
func runMatching(s *session, mode service.Mode) tea.Cmd {
	svc, ctx := s.Service, s.Context
	return func() tea.Msg {
		run, err := svc.RunMatching(ctx, mode)
		return runDoneMsg{run: run, err: err}
	}
}
