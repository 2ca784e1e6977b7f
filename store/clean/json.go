package clean

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON makes encoded JSON safe to print in a terminal without changing what
// it means: every rune Line would drop that encoding/json leaves raw (C1
// controls, bidi and other format runes, private-use runes, non-characters)
// is written as a \uXXXX escape. Such runes can only occur inside JSON
// strings, so the document decodes to the same values.
func JSON(doc []byte) []byte {
	var b strings.Builder
	changed := false
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if r >= 0x80 && !(r == utf8.RuneError && size <= 1) && !safeRune(r) {
			if !changed {
				b.Grow(len(doc) + 16)
				b.Write(doc[:i])
				changed = true
			}
			if r > 0xFFFF {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		} else if changed {
			b.Write(doc[i : i+size])
		}
		i += size
	}
	if !changed {
		return doc
	}
	return []byte(b.String())
}
