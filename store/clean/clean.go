// Package clean makes untrusted text safe to store and to draw in a terminal:
// it strips escape sequences, control, format and bidi runes, normalises and
// caps by runes and display width.
package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// maxCombining is the most combining marks (categories Mn and Me) kept after
// one base character. It bounds "Zalgo" text that would otherwise paint over
// the lines above and below it in a terminal.
const maxCombining = 4

// Line makes untrusted text safe to store and to draw as one line in a
// terminal. It removes escape sequences (CSI, OSC, DCS, …), control runes (C0,
// DEL, C1), Unicode format runes (category Cf: bidi overrides and isolates,
// zero-width characters, BOM, soft hyphen…), private-use runes,
// non-characters, invisible Hangul fillers, combining marks without a base
// (and more than a few on one base) and invalid UTF-8. Whitespace, including
// tabs and line breaks, collapses to one space; the result is trimmed,
// NFC-normalised and then cut to at most maxRunes runes and at most maxRunes
// terminal cells, never inside a grapheme cluster. Line is idempotent.
func Line(s string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	return capText(cleanLine(s, maxRunes), maxRunes)
}

// Text is Line for multi-line text such as a bio: it keeps single
// line breaks ("\r\n" and "\r" count as one), trims every line, keeps at most
// one empty line between paragraphs and drops empty lines at both ends.
// maxRunes bounds the runes (line breaks included) and the total display
// width of the result.
func Text(s string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	s = ansi.Strip(strings.ToValidUTF8(s, ""))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var lines []string
	blank := false
	for line := range strings.SplitSeq(s, "\n") {
		line = cleanLine(line, maxRunes)
		if line == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, line)
	}
	return capText(strings.Join(lines, "\n"), maxRunes)
}

// List cleans every item with Line(item, maxRunes), drops empty
// items and case-insensitive duplicates (the first spelling wins), keeps the
// order and returns at most maxItems items, or nil if none remain.
func List(items []string, maxItems, maxRunes int) []string {
	var out []string
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if len(out) >= maxItems {
			break
		}
		it = Line(it, maxRunes)
		if it == "" {
			continue
		}
		k := FoldKey(it)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, it)
	}
	return out
}

// FoldKey is the key under which two list items count as duplicates.
func FoldKey(s string) string {
	return strings.ToLower(strings.ToUpper(s))
}

// cleanLine applies every Line rule except the length cap. It repeats
// its filtering pass until the text no longer changes (at most a few times),
// because NFC can decompose a character into more combining marks and
// removing a character can make the text non-NFC. Only the start of the
// filtered text that can still end up within limit runes is normalised, so
// megabytes of input cost little more than their scan.
func cleanLine(s string, limit int) string {
	s = ansi.Strip(strings.ToValidUTF8(s, ""))
	s = strings.ToValidUTF8(s, "")
	s = filterRunes(s)
	if keep := limit*8 + 64; len(s) > keep {
		if i := runeOffset(s, keep); i < len(s) {
			s = s[:i]
		}
	}
	for range 4 {
		next := filterRunes(norm.NFC.String(s))
		if next == s {
			break
		}
		s = next
	}
	return s
}

// runeOffset returns the byte offset of rune n of s (len(s) if s is shorter).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// filterRunes drops unsafe runes, turns whitespace into single spaces and
// trims. The input must be valid UTF-8.
func filterRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending
	base := false  // the last kept rune can carry combining marks
	marks := 0     // combining marks kept since the last base
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			base = false
			continue
		case !safeRune(r):
			continue
		case unicode.In(r, unicode.Mn, unicode.Me):
			if !base || marks >= maxCombining {
				continue
			}
			marks++
		default:
			base = true
			marks = 0
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hangulFillers are letters that draw as nothing; names made of them look
// blank.
var hangulFillers = map[rune]bool{0x115F: true, 0x1160: true, 0x3164: true, 0xFFA0: true}

// safeRune reports whether r may appear in cleaned text (whitespace aside).
func safeRune(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return true // a real U+FFFD; invalid bytes are already gone
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return false
	case unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs):
		return false
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return false // non-characters
	case hangulFillers[r]:
		return false
	}
	return true
}

// capText cuts s to at most n runes and n cells of display width, only at
// grapheme cluster boundaries, and trims trailing white space. Line breaks
// count as one rune and no width.
func capText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n && ansi.StringWidth(s) <= n {
		return s
	}
	runes, width, end := 0, 0, 0
	for rest := s; rest != ""; {
		cluster, w := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
		if cluster == "" {
			break
		}
		if cluster == "\n" {
			w = 0
		}
		rc := utf8.RuneCountInString(cluster)
		if runes+rc > n || width+w > n {
			break
		}
		runes += rc
		width += w
		end += len(cluster)
		rest = rest[len(cluster):]
	}
	return strings.TrimRight(s[:end], " \n")
}

// Width is the display width of cleaned text in terminal cells.
func Width(s string) int {
	return ansi.StringWidth(s)
}
