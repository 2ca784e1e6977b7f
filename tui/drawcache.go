package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// helpCache keeps the help a session drew for its last few screens: it is drawn with every
// frame, but changes only with the screen's keys or the width. Packing the
// short help into two lines renders it many times over, and under a crowd
// it was the largest part of the server's CPU time.
type helpCache struct {
	drawn map[string]string // signature → help; a few screens' worth
}

// helpCacheSize bounds a session's cache: people go back and forth between
// a few screens.
const helpCacheSize = 8

// get returns the help for km drawn by build, drawing it only when these
// keys (their help, and whether they are enabled), full, typing and width
// were not drawn lately.
func (c *helpCache) get(km keyHelp, full, typing bool, w int, build func() string) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(w))
	b.WriteString(strconv.FormatBool(full))
	b.WriteString(strconv.FormatBool(typing))
	add := func(bs []key.Binding) {
		b.WriteByte('|')
		for _, k := range bs {
			h := k.Help()
			b.WriteString(h.Key)
			b.WriteByte(0)
			b.WriteString(h.Desc)
			b.WriteByte(0)
			b.WriteString(strconv.FormatBool(k.Enabled()))
		}
	}
	add(km.short)
	for _, g := range km.full {
		add(g)
	}
	sig := b.String()
	if text, ok := c.drawn[sig]; ok {
		return text
	}
	if c.drawn == nil || len(c.drawn) >= helpCacheSize {
		c.drawn = make(map[string]string, helpCacheSize)
	}
	text := build()
	c.drawn[sig] = text
	return text
}

// introCache keeps the event's introduction as a session drew it for its
// last window size: the event does not change while the server runs, and
// the welcome screen, everyone's first frame, draws it with every frame.
type introCache struct {
	w, h int
	text string
}

func (c *introCache) get(w, h int, draw func() string) string {
	if c.text == "" || c.w != w || c.h != h {
		c.w, c.h, c.text = w, h, draw()
	}
	return c.text
}
