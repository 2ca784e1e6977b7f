package main

import "strconv"

// count is n with its noun, in the plural unless n is 1 ("1 meeting",
// "2 meetings"); a noun ending in y takes -ies ("1 entry", "2 entries").
func count(n int, noun string) string {
	if n != 1 {
		if len(noun) > 1 && noun[len(noun)-1] == 'y' {
			noun = noun[:len(noun)-1] + "ie"
		}
		noun += "s"
	}
	return strconv.Itoa(n) + " " + noun
}
