package tui

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

func TestHelpCacheRebuildsOnlyWhenTheHelpChanges(t *testing.T) {
	var c helpCache
	builds := 0
	build := func() string { builds++; return "help" }
	save := key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save"))
	km := keyHelp{short: []key.Binding{save}, full: [][]key.Binding{{save}}}
	steps := []struct {
		km           keyHelp
		full, typing bool
		w, builds    int
	}{
		{km, false, false, 80, 1},
		{km, false, false, 80, 1}, // same: from the cache
		{km, false, false, 60, 2}, // width
		{km, true, false, 60, 3},  // full help
		{km, true, true, 60, 4},   // typing
		{keyHelp{short: []key.Binding{key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send"))}, full: km.full}, true, true, 60, 5},
	}
	for i, s := range steps {
		c.get(s.km, s.full, s.typing, s.w, build)
		if builds != s.builds {
			t.Fatalf("step %d: %d builds, want %d", i, builds, s.builds)
		}
	}
	c.get(km, false, false, 80, build) // the first screen again: still cached
	if builds != 5 {
		t.Fatalf("going back to a screen drew its help again (%d builds)", builds)
	}
	save.SetEnabled(false)
	c.get(keyHelp{short: []key.Binding{save}, full: km.full}, true, true, 60, build)
	if builds != 6 {
		t.Fatalf("disabling a key did not redraw the help (%d builds)", builds)
	}
}
