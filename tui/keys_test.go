package tui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestShortHelpPacksIntoTwoLinesAndKeepsQuestionMark(t *testing.T) {
	h := newHelp(NewStyles(lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))))
	var bs []key.Binding
	for _, d := range []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"} {
		bs = append(bs, bind(d[:1], d+" thing", d[:1]))
	}
	off := bind("z", "switched off", "z")
	off.SetEnabled(false)
	km := helpOf(append(bs, off))
	for _, w := range []int{60, 80, 200} {
		out := renderHelp(h, km, false, false, w)
		lines := strings.Split(out, "\n")
		if len(lines) > 2 {
			t.Fatalf("w=%d: %d lines:\n%s", w, len(lines), out)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("w=%d: line wider than the window: %q", w, l)
			}
		}
		if !strings.HasSuffix(lines[len(lines)-1], "? all keys") {
			t.Fatalf("w=%d: ? is not offered last:\n%s", w, out)
		}
		if strings.Contains(out, "switched off") {
			t.Fatalf("a disabled binding is offered:\n%s", out)
		}
	}
	if out := renderHelp(h, km, false, false, 200); strings.Contains(out, "…") || !strings.Contains(out, "tenth thing") {
		t.Fatalf("at 200 columns every key fits:\n%s", out)
	}
	if out := renderHelp(h, helpOf(bs[:2]), false, true, 80); strings.Contains(out, "?") {
		t.Fatalf("while typing, ? is text and not offered: %q", out)
	}
	full := renderHelp(h, helpOf(bs[:2], bs[:5], bs[5:]), true, false, 60)
	for _, want := range []string{"first thing", "tenth thing", "close help", "ctrl+c"} {
		if !strings.Contains(full, want) {
			t.Fatalf("full help lacks %q:\n%s", want, full)
		}
	}
}
