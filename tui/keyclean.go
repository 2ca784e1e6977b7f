package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"netday/store/clean"
)

// cleanKeys drops the runes no text field may take from typed or pasted
// text (bidi overrides, zero-width characters, BOM, controls): they would
// be echoed, move the cursor over nothing and count towards a field's
// limit. It returns nil when nothing is left of the key.
func cleanKeys(msg tea.Msg) tea.Msg {
	k, ok := msg.(tea.KeyMsg)
	if !ok || k.Type != tea.KeyRunes {
		return msg
	}
	for i, r := range k.Runes {
		if !clean.Visible(r) {
			kept := make([]rune, 0, len(k.Runes))
			kept = append(kept, k.Runes[:i]...)
			for _, r := range k.Runes[i+1:] {
				if clean.Visible(r) {
					kept = append(kept, r)
				}
			}
			if len(kept) == 0 {
				return nil
			}
			k.Runes = kept
			return k
		}
	}
	return msg
}
