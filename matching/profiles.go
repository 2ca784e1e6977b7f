package matching

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// vocab interns canonical strings of one kind (areas, languages, ...):
// strings are first counted with see, then rank numbers them from the most
// frequent, so the common ones fit in an idset's bit mask.
type vocab struct {
	freq map[string]int
	ids  map[string]int32
}

func newVocab() *vocab { return &vocab{freq: map[string]int{}} }

// see counts one occurrence of s.
func (v *vocab) see(s string) {
	if k := norm(s); k != "" {
		v.freq[k]++
	}
}

// rank numbers the strings seen, most frequent first (ties by string).
func (v *vocab) rank() {
	type kf struct {
		k string
		f int
	}
	keys := make([]kf, 0, len(v.freq))
	for k, f := range v.freq {
		keys = append(keys, kf{k, f})
	}
	slices.SortFunc(keys, func(a, b kf) int { return cmp.Or(cmp.Compare(b.f, a.f), cmp.Compare(a.k, b.k)) })
	v.ids = make(map[string]int32, len(keys))
	for i, x := range keys {
		v.ids[x.k] = int32(i)
	}
}

// id returns the number of s, or -1 for an empty or unseen string.
func (v *vocab) id(s string) int32 {
	if i, ok := v.ids[norm(s)]; ok {
		return i
	}
	return -1
}

// idset is a set of interned ids: the 64 most frequent in a bit mask, the
// rest in a sorted slice, so a set costs what it holds whatever the size
// of the vocabulary (a profile file with 100,000 distinct areas must not
// give every person a 12 KB bitset).
type idset struct {
	bits uint64
	rare []int32
}

func (b *idset) set(i int32) {
	switch {
	case i < 0:
	case i < 64:
		b.bits |= 1 << uint(i)
	default:
		if j, found := slices.BinarySearch(b.rare, i); !found {
			b.rare = slices.Insert(b.rare, j, i)
		}
	}
}

func (b *idset) has(i int32) bool {
	switch {
	case i < 0:
		return false
	case i < 64:
		return b.bits&(1<<uint(i)) != 0
	}
	_, found := slices.BinarySearch(b.rare, i)
	return found
}

func andCount(a, b *idset) int {
	n := popcount(a.bits & b.bits)
	x, y := a.rare, b.rare
	for len(x) > 0 && len(y) > 0 {
		switch {
		case x[0] < y[0]:
			x = x[1:]
		case x[0] > y[0]:
			y = y[1:]
		default:
			n++
			x, y = x[1:], y[1:]
		}
	}
	return n
}

func count(a *idset) int { return popcount(a.bits) + len(a.rare) }

// iprof is a Profile interned against the instance's vocabularies.
type iprof struct {
	org, stage, firstLang int32
	areas, langs, needs   idset // needs: Seeks for participants, Offers for experts
	stages                idset
	nStages               int
	wishes                []int32 // expert index per distinct wish, -1 if unknown
}

// scoreProfiles computes the score of every participant–expert pair from
// the profiles and fills the candidate lists.
func (pr *problem) scoreProfiles() error {
	w := DefaultWeights()
	if pr.in.Weights != nil {
		w = *pr.in.Weights
	}
	if err := w.Validate(); err != nil {
		return invalid("%v", err)
	}
	areas, needs, langs, stages, orgs := newVocab(), newVocab(), newVocab(), newVocab(), newVocab()
	get := func(pp *Profile) Profile {
		if pp == nil {
			return Profile{}
		}
		return *pp
	}
	for _, p := range pr.in.Participants {
		f := get(p.Profile)
		for _, s := range f.Areas {
			areas.see(s)
		}
		for _, s := range f.Seeks {
			needs.see(s)
		}
		for _, s := range f.Languages {
			langs.see(s)
		}
		stages.see(f.CareerStage)
		orgs.see(f.Organisation)
	}
	for _, e := range pr.in.Experts {
		f := get(e.Profile)
		for _, s := range f.Areas {
			areas.see(s)
		}
		for _, s := range f.Offers {
			needs.see(s)
		}
		for _, s := range f.Languages {
			langs.see(s)
		}
		for _, s := range f.Stages {
			stages.see(s)
		}
		orgs.see(f.Organisation)
	}
	for _, v := range []*vocab{areas, needs, langs, stages, orgs} {
		v.rank()
	}
	mk := func(f Profile, offersSide bool) iprof {
		ip := iprof{org: orgs.id(f.Organisation), stage: stages.id(f.CareerStage), firstLang: langs.id(firstNonEmpty(f.Languages))}
		for _, s := range f.Areas {
			ip.areas.set(areas.id(s))
		}
		need := f.Seeks
		if offersSide {
			need = f.Offers
		}
		for _, s := range need {
			ip.needs.set(needs.id(s))
		}
		for _, s := range f.Languages {
			ip.langs.set(langs.id(s))
		}
		for _, s := range f.Stages {
			ip.stages.set(stages.id(s))
		}
		ip.nStages = count(&ip.stages)
		return ip
	}
	byNorm := make(map[string]int32, pr.nE)
	for i, e := range pr.in.Experts {
		if _, ok := byNorm[norm(e.ID)]; !ok {
			byNorm[norm(e.ID)] = int32(i)
		}
	}
	ps := make([]iprof, pr.nP)
	for i, p := range pr.in.Participants {
		f := get(p.Profile)
		ps[i] = mk(f, false)
		seen := map[string]bool{}
		for _, wid := range f.Wishes {
			k := norm(wid)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			e, ok := byNorm[k]
			if !ok {
				e = -1
			}
			ps[i].wishes = append(ps[i].wishes, e)
		}
	}
	es := make([]iprof, pr.nE)
	for i, e := range pr.in.Experts {
		es[i] = mk(get(e.Profile), true)
	}

	// eligible reports whether p and e can meet at all: a common slot, not
	// the same organisation, a common language.
	eligible := func(p, e int) bool {
		pp, ep := &ps[p], &es[e]
		return pr.free[p]&pr.open[e] != 0 && (pp.org < 0 || pp.org != ep.org) && andCount(&pp.langs, &ep.langs) != 0
	}
	// Count first, so that every participant's row goes straight to its
	// place in cE and cScore.
	pr.cStart = make([]int32, pr.nP+1)
	for p := 0; p < pr.nP; p++ {
		n := int32(0)
		for e := 0; e < pr.nE; e++ {
			if eligible(p, e) {
				n++
			}
		}
		pr.cStart[p+1] = pr.cStart[p] + n
	}
	pr.cE = make([]int32, pr.cStart[pr.nP])
	pr.cScore = make([]int32, pr.cStart[pr.nP])

	// Score participants in parallel; each worker writes its own rows.
	workers := min(runtime.GOMAXPROCS(0), max(1, pr.nP/256))
	var wg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			rank := make([]int32, pr.nE)
			for i := range rank {
				rank[i] = -1
			}
			bucket := make([]int32, MaxScore+2)
			tmpE := make([]int32, 0, pr.nE)
			tmpS := make([]int32, 0, pr.nE)
			for p := wk; p < pr.nP; p += workers {
				pp := &ps[p]
				for r, e := range pp.wishes {
					if e >= 0 && rank[e] < 0 {
						rank[e] = int32(r)
					}
				}
				tmpE, tmpS = tmpE[:0], tmpS[:0]
				pAreas, pSeeks := count(&pp.areas), count(&pp.needs)
				for e := 0; e < pr.nE; e++ {
					if !eligible(p, e) {
						continue
					}
					ep := &es[e]
					f := features{rank: int(rank[e]), nWishes: len(pp.wishes),
						sharedAreas: andCount(&pp.areas, &ep.areas), pAreas: pAreas,
						matchedSeeks: andCount(&pp.needs, &ep.needs), pSeeks: pSeeks, lang: langOther}
					if ep.langs.has(pp.firstLang) {
						f.lang = langFirst
					}
					switch {
					case ep.nStages == 0:
						f.stage = stageAll
					case pp.stage < 0:
						f.stage = stageUnknown
					case ep.stages.has(pp.stage):
						f.stage = stageWelcome
					}
					pts := f.points(w)
					t := min(pts[0]+pts[1]+pts[2]+pts[3]+pts[4], MaxScore)
					tmpE = append(tmpE, int32(e))
					tmpS = append(tmpS, int32(t))
				}
				for _, e := range pp.wishes {
					if e >= 0 {
						rank[e] = -1
					}
				}
				a, b := pr.cStart[p], pr.cStart[p+1]
				sortByScore(tmpE, tmpS, bucket, pr.cE[a:b], pr.cScore[a:b])
			}
		}(wk)
	}
	wg.Wait()
	return nil
}

// sortByScore writes es and ss to oe and os (of the same length) ordered
// by score descending, ties in the original (expert index) order, with a
// counting sort.
func sortByScore(es, ss []int32, bucket []int32, oe, os []int32) {
	clear(bucket)
	for _, s := range ss {
		bucket[MaxScore-s+1]++
	}
	for i := 1; i < len(bucket); i++ {
		bucket[i] += bucket[i-1]
	}
	for i, s := range ss {
		j := bucket[MaxScore-s]
		bucket[MaxScore-s]++
		oe[j], os[j] = es[i], s
	}
}
