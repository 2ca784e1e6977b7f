package clean

import (
	"strings"
	"unicode/utf8"
)

// Frame makes a whole rendered screen safe to write to a terminal: it keeps
// text, line breaks and SGR styling (ESC [ … m, what lipgloss draws with) and
// drops every other escape sequence (OSC such as clipboard writes, cursor
// moves, screen clears, DCS, APC, …), control runes (C0 except "\n", DEL, C1),
// format runes (bidi overrides, zero-width characters, BOM), private-use runes,
// non-characters and invalid UTF-8. It is the last step before the terminal,
// so text from data is safe whoever built the string that carried it.
func Frame(s string) string { return filterTerminal(s, false) }

// Output is Frame for what a command prints (CSV, calendars, reports): it
// also keeps carriage returns and tabs, which such files use, and drops
// SGR styling too, which they never have. Text cut between two writes stays
// safe: a sequence or rune cut short is dropped, and what follows it is
// plain text.
func Output(s string) string { return filterTerminal(s, true) }

func filterTerminal(s string, output bool) string {
	if !output && frameIsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			n, keep := escapeSequence(s[i:])
			if keep && !output {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t' && output, r == '\r' && output:
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case !safeRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// frameIsClean reports quickly whether Frame would change nothing: plain
// printable ASCII, line breaks and SGR sequences only.
func frameIsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
		case c == 0x1b:
			n, keep := escapeSequence(s[i:])
			if !keep {
				return false
			}
			i += n - 1
		case c < 0x20 || c >= 0x7f:
			return false
		}
	}
	return true
}

// escapeSequence measures the escape sequence at the start of s (s[0] is
// ESC) and says whether it is SGR styling, the only kind a frame keeps.
func escapeSequence(s string) (n int, sgr bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch s[1] {
	case '[': // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E
		i := 2
		plain := true // only digits, ';' and ':'
		for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
			if (s[i] < '0' || s[i] > '9') && s[i] != ';' && s[i] != ':' {
				plain = false
			}
			i++
		}
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			plain = false
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1, plain && s[i] == 'm'
		}
		return i, false // cut short or broken: drop what was read
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: up to BEL or ST
		for i := 2; i < len(s); i++ {
			switch {
			case s[i] == 0x07:
				return i + 1, false
			case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
				return i + 2, false
			case s[i] == 0x1b:
				return i, false // a new sequence starts: this one was cut short
			}
		}
		return len(s), false
	default: // ESC, intermediates, one final byte
		i := 1
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i, false
	}
}

// Visible reports whether r may be typed into a text field: printable
// runes and whitespace, not control, format (bidi, zero-width, BOM),
// private-use runes or non-characters.
func Visible(r rune) bool {
	return r == '\n' || r == '\t' || r == ' ' || safeRune(r)
}
