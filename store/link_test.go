package store

import "testing"

// A link that is not a web address is told so, whatever else is wrong
// with it ("not a url" once got "must not contain spaces").
func TestLinkMessagesSayWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ link, want string }{
		{"not a url", "must be a web address starting with https://"},
		{"www.example.org", "must be a web address starting with https://"},
		{"https://example.org/a b", "must be one web address, without spaces"},
		{"https://user@example.org", "must be a web address like https://example.org"},
		{"https://example.org/me", ""},
	} {
		if got := errText(checkLink(tc.link)); got != tc.want {
			t.Errorf("checkLink(%q) = %q, want %q", tc.link, got, tc.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
