package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// helpCache keeps a session's last rendered help: it is drawn with every
// frame, but changes only with the screen's keys or the width. Packing the
// short help into two lines renders it many times over, and under a crowd
// it was the largest part of the server's CPU time.
type helpCache struct {
	sig  string
	text string
}

// get returns the help for km drawn by build, rebuilding it only when the
// keys (their help, and whether they are enabled), full, typing or the
// width changed since the last call.
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
	if sig := b.String(); sig != c.sig || c.text == "" {
		c.sig, c.text = sig, build()
	}
	return c.text
}
