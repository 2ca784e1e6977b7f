package tui

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"netday/store/event"
)

// TestRandomKeysNeverBreakTheFrame drives the whole app with random keys and
// window sizes: no panic, every frame fits its window, and whatever gets
// saved passes the store's validation.
func TestRandomKeysNeverBreakTheFrame(t *testing.T) {
	st := newTestStore(t)
	keys := []tea.KeyMsg{
		{Type: tea.KeyEnter}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter}, {Type: tea.KeyEsc},
		{Type: tea.KeyUp}, {Type: tea.KeyDown}, {Type: tea.KeyDown}, {Type: tea.KeyTab},
		{Type: tea.KeyShiftTab}, {Type: tea.KeySpace}, {Type: tea.KeyBackspace}, {Type: tea.KeyCtrlZ},
		{Type: tea.KeyRunes, Runes: []rune("s")}, {Type: tea.KeyRunes, Runes: []rune("e")}, {Type: tea.KeyRunes, Runes: []rune("p")},
		{Type: tea.KeyRunes, Runes: []rune("w")}, {Type: tea.KeyRunes, Runes: []rune("/")}, {Type: tea.KeyRunes, Runes: []rune("2")},
		{Type: tea.KeyRunes, Runes: []rune("Vienna")}, {Type: tea.KeyRunes, Runes: []rune("x")}, {Type: tea.KeyRunes, Runes: []rune("?")},
		{Type: tea.KeyRunes, Runes: []rune("日本語テキスト")}, {Type: tea.KeyRunes, Runes: []rune("\x1b]52;c;eA==\x07")},
		{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("w", 300)), Paste: true},
	}
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 99))
		r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.ANSI256))
		fp := []string{testFP, "SHA256:" + strings.Repeat("B", 43)}[seed%2]
		app := New(Options{Store: st, Event: event.Default(), Identity: Identity{Fingerprint: fp, Organiser: seed%3 == 0},
			Renderer: r, Width: 80, Height: 24})
		var m tea.Model = app
		m.Init()
		w, h := 80, 24
		for step := range 600 {
			var msg tea.Msg = keys[rng.IntN(len(keys))]
			if rng.IntN(20) == 0 {
				w, h = rng.IntN(200), rng.IntN(80)
				msg = tea.WindowSizeMsg{Width: w, Height: h}
			}
			if k, ok := msg.(tea.KeyMsg); ok && (k.String() == "q" || k.Type == tea.KeyCtrlC) {
				continue
			}
			m, _ = m.Update(msg)
			cw, ch := clampSize(w, h)
			view := m.View()
			lines := strings.Split(view, "\n")
			if len(lines) > ch {
				t.Fatalf("seed %d step %d: %d lines in a %d-line window", seed, step, len(lines), ch)
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > cw {
					t.Fatalf("seed %d step %d: line %d cells wide in a %d window: %q", seed, step, ansi.StringWidth(l), cw, l)
				}
			}
		}
	}
	ps, err := st.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("random keys never saved a profile; the save path went untested")
	}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			t.Fatalf("saved an invalid profile: %v", err)
		}
		if strings.Contains(p.Name+p.City+p.Bio, "\x1b") {
			t.Fatalf("escape saved: %+v", p)
		}
	}
}
