package tui

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// plural writes "1 slot" or "3 slots".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
