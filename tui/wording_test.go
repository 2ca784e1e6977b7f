package tui

import "testing"

func TestFieldMessagesDoNotRepeatTheLabel(t *testing.T) {
	areas := &field{label: "Interest areas", kind: kindMulti}
	if got := areas.explain("must have at least one interest area"); got != "Pick at least one interest area (space picks)" {
		t.Errorf("areas: %q", got)
	}
	langs := &field{label: "Languages (comma-separated)", kind: kindList}
	if got := langs.explain("must have at least one language"); got != "Give at least one language" {
		t.Errorf("languages: %q", got)
	}
	name := &field{label: "Your name", kind: kindText}
	if got := name.explain("is required"); got != "Your name is required" {
		t.Errorf("name: %q", got)
	}
}
