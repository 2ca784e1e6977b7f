package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/sahilm/fuzzy"

	"netday/store"
)

// The expert search ranks, for every word typed, exact matches first, then
// prefixes, then matches inside a word, then initials ("ohchr"), and last
// fuzzy matches (sahilm/fuzzy, as bubbles' list uses) — but only compact
// ones inside one field, so a few letters scattered over a whole profile
// do not match everyone. A match in the name or organisation counts more.

// Field numbers in the slice searchFields returns.
const (
	fieldName = iota
	fieldOrganisation
	fieldTitle
	fieldCountry
	fieldFirstList // areas, then offers
)

// Ranks of a term's match in one field.
const (
	rankExact      = 1000 // the whole field
	rankWord       = 800  // a whole word of the field
	rankPrefix     = 700  // the field starts with it
	rankWordHead   = 600  // a word starts with it
	rankInside     = 400  // inside a word
	rankInitials   = 300  // the initials of words, in order
	rankFuzzy      = 100  // a compact fuzzy match (+ up to 99 from its score)
	mainFieldBonus = 50   // name and organisation
)

// searchFields are the texts an expert is found by.
func searchFields(p store.Profile) []string {
	out := []string{p.Name, p.Organisation, p.Title, p.Country}
	out = append(out, p.Areas...)
	return append(out, p.Offers...)
}

// searchHit is how an expert matched a query: its rank (higher first) and
// the matched runes per field, for highlighting.
type searchHit struct {
	rank    int
	matched map[int][]int // field → rune indexes
}

// matchFields matches every word of query against fields; ok is false
// when some word matches nothing. An empty query matches with rank 0.
func matchFields(query string, fields []string) (searchHit, bool) {
	hit := searchHit{matched: map[int][]int{}}
	for _, term := range strings.Fields(query) {
		best, bestField := 0, -1
		var bestIdx []int
		for f, text := range fields {
			r, idx := matchTerm(term, text)
			if r == 0 {
				continue
			}
			if f == fieldName || f == fieldOrganisation {
				r += mainFieldBonus
			}
			if r > best {
				best, bestField, bestIdx = r, f, idx
			}
		}
		if bestField < 0 {
			return searchHit{}, false
		}
		hit.rank += best
		hit.matched[bestField] = append(hit.matched[bestField], bestIdx...)
	}
	return hit, true
}

// matchTerm ranks one search word against one text, with the rune indexes
// it matched; 0 when it does not match.
func matchTerm(term, text string) (int, []int) {
	q := foldRunes(term)
	t := foldRunes(text)
	if len(q) == 0 || len(t) == 0 {
		return 0, nil
	}
	span := func(from int) []int {
		idx := make([]int, len(q))
		for i := range idx {
			idx[i] = from + i
		}
		return idx
	}
	if string(q) == string(t) {
		return rankExact, span(0)
	}
	words := wordStarts(t)
	for _, w := range words {
		if hasPrefixAt(t, q, w) && (w+len(q) == len(t) || !isWordRune(t[w+len(q)])) {
			return rankWord, span(w)
		}
	}
	if hasPrefixAt(t, q, 0) {
		return rankPrefix, span(0)
	}
	for _, w := range words {
		if hasPrefixAt(t, q, w) {
			return rankWordHead, span(w)
		}
	}
	if i := strings.Index(string(t), string(q)); i >= 0 {
		return rankInside, span(utf8.RuneCountInString(string(t)[:i]))
	}
	if idx, ok := initials(q, t, words); ok {
		return rankInitials, idx
	}
	return fuzzyTerm(term, text, len(q))
}

// fuzzyTerm is sahilm/fuzzy's match, kept only when compact: the matched
// runes span at most twice the term's length (plus one).
func fuzzyTerm(term, text string, n int) (int, []int) {
	ms := fuzzy.Find(term, []string{text})
	if len(ms) == 0 {
		return 0, nil
	}
	m := ms[0]
	idx := runeIndexes(text, m.MatchedIndexes)
	if len(idx) == 0 || idx[len(idx)-1]-idx[0]+1 > 2*n+1 {
		return 0, nil
	}
	return rankFuzzy + min(max(m.Score, 0), 99), idx
}

// initials matches q against the first letters of the words of t, in order
// (a subsequence of them), like "ohchr" for "Office of the High
// Commissioner for Human Rights".
func initials(q, t []rune, words []int) ([]int, bool) {
	if len(q) < 2 {
		return nil, false
	}
	var idx []int
	qi := 0
	for _, w := range words {
		if qi < len(q) && t[w] == q[qi] {
			idx = append(idx, w)
			qi++
		}
	}
	return idx, qi == len(q)
}

// foldRunes lower-cases rune by rune, so indexes stay those of the text.
func foldRunes(s string) []rune {
	r := []rune(s)
	for i, c := range r {
		r[i] = unicode.ToLower(c)
	}
	return r
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordStarts are the indexes where a word begins.
func wordStarts(t []rune) []int {
	var out []int
	for i, r := range t {
		if isWordRune(r) && (i == 0 || !isWordRune(t[i-1])) {
			out = append(out, i)
		}
	}
	return out
}

func hasPrefixAt(t, q []rune, at int) bool {
	if at+len(q) > len(t) {
		return false
	}
	for i, r := range q {
		if t[at+i] != r {
			return false
		}
	}
	return true
}

// runeIndexes turns byte offsets into rune indexes of s.
func runeIndexes(s string, bytes []int) []int {
	out := make([]int, 0, len(bytes))
	for _, b := range bytes {
		if b >= 0 && b <= len(s) {
			out = append(out, utf8.RuneCountInString(s[:b]))
		}
	}
	return out
}

// highlight renders s with base, and the runes at idx with hi as well
// (bold and underlined, so it reads without colour).
func highlight(s string, idx []int, base, hi lipgloss.Style) string {
	if len(idx) == 0 {
		return base.Render(s)
	}
	on := make(map[int]bool, len(idx))
	for _, i := range idx {
		on[i] = true
	}
	var b, run strings.Builder
	runOn := false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runOn {
			b.WriteString(hi.Render(run.String()))
		} else {
			b.WriteString(base.Render(run.String()))
		}
		run.Reset()
	}
	for i, r := range []rune(s) {
		if on[i] != runOn {
			flush()
			runOn = on[i]
		}
		run.WriteRune(r)
	}
	flush()
	return b.String()
}
