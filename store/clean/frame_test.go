package clean

import (
	"strings"
	"testing"
)

func TestFrameKeepsStylingAndDropsEverythingElse(t *testing.T) {
	styled := "\x1b[1;38;2;10;20;30mTitle\x1b[0m\nplain line · ✓ café 日本\n\x1b[4:3mcurly\x1b[m"
	if got := Frame(styled); got != styled {
		t.Fatalf("styling changed:\n%q\n%q", styled, got)
	}
	for in, want := range map[string]string{
		"a\x1b]52;c;ZXZpbA==\x07b":          "ab",
		"a\x1b]52;c;ZXZpbA==\x1b\\b":        "ab",
		"a\x1b[2Jb\x1b[Hc\x1b[?1049lz":      "abcz",
		"a\x1bPqdata\x1b\\b":                "ab",
		"a\x1b_apc\x07b\x1b7c":              "abc",
		"a\u202eb\u200bc\ufeffd\u009be":     "abcde",
		"a\rb\bc\x07d\x7fe\tf":              "abcde f",
		"a\x1b]8;;https://x\x1b\\link":      "alink",
		"bad\xffutf8":                       "badutf8",
		"cut\x1b[31":                        "cut",
		"cut\x1b]52;c;ZX":                   "cut",
		"\x1b[38;5;1mkept\x1b[0m\x1b[>4;1m": "\x1b[38;5;1mkept\x1b[0m",
	} {
		if got := Frame(in); got != want {
			t.Errorf("Frame(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Frame(strings.Repeat("x", 10)); got != strings.Repeat("x", 10) {
		t.Fatal(got)
	}
}

func BenchmarkFrame(b *testing.B) {
	line := "\x1b[1mnetday\x1b[0m · Next Generation Day · Friday 4 February 2022 · café\n"
	frame := strings.Repeat(line, 50)
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		_ = Frame(frame)
	}
}

func TestJSONEscapesWhatATerminalWouldObey(t *testing.T) {
	in := []byte(`{"org":"Uni` + "\u009b2J\u202eEvil\U000e0041" + `","ok":"café"}`)
	got := string(JSON(in))
	want := `{"org":"Uni\u009b2J\u202eEvil\udb40\udc41","ok":"café"}`
	if got != want {
		t.Fatalf("JSON = %s, want %s", got, want)
	}
}

func TestOutputKeepsFileTextAndDropsTerminalCommands(t *testing.T) {
	in := "name,org\r\nRosa,\"Uni\x1b]52;c;ZXZpbA==\x07\x1b[2JEvil\u202e\u009b31m\"\r\n\tx\x1b[1mbold\x1b[0m\n"
	want := "name,org\r\nRosa,\"UniEvil31m\"\r\n\txbold\n"
	if got := Output(in); got != want {
		t.Fatalf("Output = %q, want %q", got, want)
	}
}
