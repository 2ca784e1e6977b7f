package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestCleanLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"plain", "Ada Lovelace", 60, "Ada Lovelace"},
		{"csi colour", "\x1b[31;1mred\x1b[0m text", 60, "red text"},
		{"csi cursor moves", "a\x1b[2J\x1b[H\x1b[10;10Hb", 60, "ab"},
		{"osc 52 bel", "a\x1b]52;c;ZXZpbA==\x07b", 60, "ab"},
		{"osc 52 st", "a\x1b]52;c;ZXZpbA==\x1b\\b", 60, "ab"},
		{"osc 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", 60, "click"},
		{"osc title unterminated", "a\x1b]0;pwned", 60, "a"},
		{"dcs", "x\x1bP1$rhello\x1b\\y", 60, "xy"},
		{"lone esc", "a\x1bb", 60, "a"},
		{"carriage return", "safe\rEVIL", 60, "safe EVIL"},
		{"backspace", "ab\b\b\bc", 60, "abc"},
		{"bel", "a\x07b", 60, "ab"},
		{"del", "a\x7fb", 60, "ab"},
		{"nul", "a\x00b", 60, "ab"},
		{"c1 csi u+009b", "a\u009b31mb", 60, "a31mb"},
		{"c1 nel u+0085 is a space", "a\u0085b", 60, "a b"},
		{"raw 8-bit c1 byte", "a\x9b31mb", 60, "a31mb"},
		{"bidi override", "abc\u202edef", 60, "abcdef"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", 60, "abc"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", 60, "abcd"},
		{"zero width space", "a\u200bb\u200cc\u200dd", 60, "abcd"},
		{"bom", "\ufeffName", 60, "Name"},
		{"soft hyphen", "co\u00adop", 60, "coop"},
		{"tag characters", "a\U000E0041b", 60, "ab"},
		{"private use", "a\ue000b\U000F0000c", 60, "abc"},
		{"non-characters", "a\ufffeb\ufdd0c", 60, "abc"},
		{"hangul filler name", "\u3164\u3164", 60, ""},
		{"invalid utf8", "a\xffb\xc3", 60, "ab"},
		{"tabs newlines collapse", "  a \t\n\v\f b  ", 60, "a b"},
		{"nbsp and ideographic space", "a\u00a0\u3000b", 60, "a b"},
		{"line separator", "a\u2028b", 60, "a b"},
		{"nfc", "e\u0301", 60, "\u00e9"},
		{"zero width between base and mark", "e\u200b\u0301", 60, "\u00e9"},
		{"mark without base", "\u0301a", 60, "a"},
		{"zalgo bounded", "a" + strings.Repeat("\u0353", 20), 60, "a" + strings.Repeat("\u0353", maxCombining)},
		{"10 kB capped", strings.Repeat("x", 10_000), 60, strings.Repeat("x", 60)},
		{"cap trims trailing space", "abc def", 4, "abc"},
		{"cjk width cap", "日本語日本語", 5, "日本"},
		{"cjk rune cap", "日本語", 60, "日本語"},
		{"emoji width cap", "👍👍👍", 4, "👍👍"},
		{"flag not split", "🇩🇪🇩🇪", 3, "🇩🇪"},
		{"combining not split", "e\u0353e\u0353", 3, "e\u0353"},
		{"zero max", "abc", 0, ""},
		{"only escapes", "\x1b[0m\x1b]52;c;x\x07", 60, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Line(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("Line(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			if again := Line(got, tc.max); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"keeps line breaks", "line one\nline two", 500, "line one\nline two"},
		{"crlf and cr", "a\r\nb\rc", 500, "a\nb\nc"},
		{"collapses blank lines", "a\n\n\n\n\nb", 500, "a\n\nb"},
		{"blank lines with spaces", "a\n \t \n  \nb", 500, "a\n\nb"},
		{"trims lines and ends", "\n\n  a  \n  b  \n\n", 500, "a\nb"},
		{"escapes removed", "hi\x1b[31m\nthere\x1b]52;c;eA==\x07!", 500, "hi\nthere!"},
		{"hostile runes", "a\u202e\u200b\x08\x07\u009bb\nc", 500, "ab\nc"},
		{"tabs inside line", "a\t\tb", 500, "a b"},
		{"cap counts newlines", "abc\ndef", 5, "abc\nd"},
		{"cap drops trailing newline", "abcd\nef", 5, "abcd"},
		{"cap by width", "日本\n日本", 6, "日本\n日"},
		{"10 kB capped", strings.Repeat("word ", 2000), 500, strings.TrimSpace(strings.Repeat("word ", 100))},
		{"only blank", "\n \n\t\n", 500, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("Text(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			if again := Text(got, tc.max); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestCleanList(t *testing.T) {
	got := List([]string{" English ", "", "german", "\x1b[1m\x1b[0m", "ENGLISH", "German", "Fran\u00e7ais", "Arabic"}, 3, 30)
	want := []string{"English", "german", "Français"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("List = %q, want %q", got, want)
	}
	if got := List([]string{" ", "\x1b[0m"}, 3, 30); got != nil {
		t.Errorf("List(blanks) = %#v, want nil", got)
	}
	long := List([]string{strings.Repeat("a", 100)}, 3, 30)
	if len(long) != 1 || long[0] != strings.Repeat("a", 30) {
		t.Errorf("item not capped: %q", long)
	}
	// Duplicates are detected after cleaning.
	if got := List([]string{"Law", "L\u200baw", "law "}, 5, 30); len(got) != 1 {
		t.Errorf("duplicates after cleaning kept: %q", got)
	}
}

// checkClean fails t if out could draw anything but plain text.
func checkClean(t *testing.T, in, out string, limit int, newlines bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("invalid UTF-8 from %q: %q", in, out)
	}
	if n := utf8.RuneCountInString(out); n > limit {
		t.Fatalf("%d runes > %d from %q: %q", n, limit, in, out)
	}
	if w := ansi.StringWidth(out); w > limit {
		t.Fatalf("width %d > %d from %q: %q", w, limit, in, out)
	}
	for _, r := range out {
		if r == '\n' && newlines {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) {
			t.Fatalf("rune %U in output from %q: %q", r, in, out)
		}
	}
	if strings.TrimSpace(out) != out {
		t.Fatalf("untrimmed output from %q: %q", in, out)
	}
}

var fuzzSeeds = []string{
	"",
	"Ada Lovelace",
	"\x1b[31mred\x1b[0m",
	"\x1b]52;c;ZXZpbA==\x07",
	"\x1b]52;c;ZXZpbA==\x1b\\",
	"\x1bP1$r\x1b\\",
	"safe\rEVIL\b\b\x07",
	"\u009b31m\u0085\x9b",
	"\u202eevil\u2066\u200b\ufeff\u00ad",
	"日本語👍🇩🇪e\u0301\u0344\u0344\u0344\u0344\u0344",
	"\xe0\x1b[31m\xff",
	"a\u200b\u0301\u0301\u0301\u0301\u0301",
	strings.Repeat("x\x1b", 500),
	"line\n\n\nline\r\n",
}

func FuzzCleanLine(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(10+i*7))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		limit := int(n)
		out := Line(s, limit)
		checkClean(t, s, out, limit, false)
		if again := Line(out, limit); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
		if strings.Contains(out, "  ") {
			t.Fatalf("double space from %q: %q", s, out)
		}
	})
}

func FuzzCleanText(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint16(20+i*40))
	}
	f.Fuzz(func(t *testing.T, s string, n uint16) {
		limit := int(n % 1024)
		out := Text(s, limit)
		checkClean(t, s, out, limit, true)
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("3 newlines from %q: %q", s, out)
		}
		if again := Text(out, limit); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
	})
}
