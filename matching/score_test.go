package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestScoreParts(t *testing.T) {
	w := DefaultWeights()
	p := Profile{ID: "p1", Organisation: "Uni Graz", CareerStage: "Student",
		Areas: []string{"Migration", " housing ", "Climate"}, Languages: []string{"English", "Arabic"},
		Seeks: []string{"mentoring", "jobs and internships"}, Wishes: []string{"e9", "E1", "e3"}}
	e := Profile{ID: "e1", Organisation: "NGO Nord", Areas: []string{"migration", "Housing"},
		Languages: []string{"arabic"}, Offers: []string{"Mentoring"}, Stages: []string{"student", "early career"}}
	x := Score(p, e, w)
	want := map[string]int{
		"wish":      400 * 4 / 5, // second of three wishes, list counted as five
		"areas":     250 * 2 / 3, // two of three areas shared
		"offers":    200 * 1 / 2, // one of two needs offered
		"languages": 50 / 2,      // shares Arabic, not the first language
		"stage":     100,         // welcomes students
	}
	total := 0
	for name, pts := range want {
		part, ok := x.Part(name)
		if !ok || part.Points != pts || part.Max <= 0 {
			t.Errorf("part %s = %+v, want %d points", name, part, pts)
		}
		total += pts
	}
	if !x.Eligible || x.Total != total || len(x.Parts) != 5 {
		t.Errorf("score %+v, want eligible total %d", x, total)
	}
	s := x.Summary()
	for _, frag := range []string{"2nd on your wish list", "shared areas: Migration, housing", "offers what you are looking for: mentoring", "a common language that is not your first: Arabic", fmt.Sprint(total)} {
		if !strings.Contains(s, frag) {
			t.Errorf("summary %q lacks %q", s, frag)
		}
	}
}

// TestSummaryWording: "you both speak X" only with the participant's
// first language (full points), and the Great/Good cut-offs are 75% and
// 50% of a perfect pair under the weights in use.
func TestSummaryWording(t *testing.T) {
	w := DefaultWeights()
	p := Profile{Languages: []string{"English", "Arabic"}}
	first := Score(p, Profile{Languages: []string{"english"}}, w).Summary()
	other := Score(p, Profile{Languages: []string{"arabic"}}, w).Summary()
	if !strings.Contains(first, "you both speak English") || strings.Contains(other, "you both speak") {
		t.Errorf("first language: %q; other language: %q", first, other)
	}
	// Weights summing to 400: a pair with 300 points is a great match.
	small := Weights{Wish: 0, Areas: 250, Offers: 0, Languages: 50, Stage: 100}
	q := Profile{Areas: []string{"a"}, Languages: []string{"en"}}
	x := Score(q, Profile{Areas: []string{"a"}, Languages: []string{"en"}, Stages: []string{"senior"}}, small)
	if x.Total != 250+50+50 || !strings.HasPrefix(x.Summary(), "Great match") {
		t.Errorf("%d of %d: %q", x.Total, small.Sum(), x.Summary())
	}
	y := Score(q, Profile{Languages: []string{"en"}}, small) // 150 of 400
	if !strings.HasPrefix(y.Summary(), "Possible match") {
		t.Errorf("%d of %d: %q", y.Total, small.Sum(), y.Summary())
	}
	// 225 of 400 is good; with the default weights' 1000 it would not be.
	good := Score(Profile{Areas: []string{"a", "b"}, Languages: []string{"en"}}, Profile{Areas: []string{"a"}, Languages: []string{"en"}, Stages: []string{"senior"}}, small)
	if good.Total != 125+50+50 || !strings.HasPrefix(good.Summary(), "Good match") {
		t.Errorf("%d of %d: %q", good.Total, small.Sum(), good.Summary())
	}
}

func TestScorePerfectAndEmpty(t *testing.T) {
	w := DefaultWeights()
	p := Profile{Areas: []string{"a"}, Languages: []string{"en"}, Seeks: []string{"x"}, Wishes: []string{"e"}}
	e := Profile{ID: "e", Areas: []string{"A"}, Languages: []string{"EN"}, Offers: []string{"X"}}
	if x := Score(p, e, w); x.Total != MaxScore || !strings.HasPrefix(x.Summary(), "Great match (1000 of 1000)") {
		t.Errorf("perfect pair: %d, %q", x.Total, x.Summary())
	}
	bare := Score(Profile{Languages: []string{"en"}}, Profile{Languages: []string{"en"}, Stages: []string{"senior"}}, w)
	if !bare.Eligible || bare.Total != w.Languages+w.Stage/2 {
		t.Errorf("bare pair: %+v", bare)
	}
}

func TestScoreIneligible(t *testing.T) {
	w := DefaultWeights()
	base := func() (Profile, Profile) {
		return Profile{Organisation: "Amnesty", Languages: []string{"en"}, Slots: []string{"s1"}},
			Profile{Organisation: "UNHCR", Languages: []string{"en"}, Slots: []string{"s1", "s2"}}
	}
	for _, tc := range []struct {
		name   string
		change func(p, e *Profile)
		reason string
	}{
		{"same organisation", func(p, e *Profile) { e.Organisation = " amnesty" }, "same organisation (amnesty)"},
		{"no language", func(p, e *Profile) { e.Languages = []string{"fr"} }, "no language in common"},
		{"no slot", func(p, e *Profile) { e.Slots = []string{"s2"} }, "no free time slot in common"},
	} {
		p, e := base()
		if x := Score(p, e, w); !x.Eligible {
			t.Fatalf("%s: base pair ineligible: %s", tc.name, x.Reason)
		}
		tc.change(&p, &e)
		x := Score(p, e, w)
		if x.Eligible || x.Total != 0 || !strings.Contains(x.Reason, tc.reason) || !strings.HasPrefix(x.Summary(), "Cannot meet: ") {
			t.Errorf("%s: %+v", tc.name, x)
		}
	}
}

func TestWeightsValidate(t *testing.T) {
	if err := DefaultWeights().Validate(); err != nil || DefaultWeights().Sum() != MaxScore {
		t.Errorf("default weights: %v, sum %d", err, DefaultWeights().Sum())
	}
	for _, w := range []Weights{{Wish: -1}, {Wish: 600, Areas: 401}, {Stage: 1001}} {
		if w.Validate() == nil {
			t.Errorf("%+v accepted", w)
		}
	}
}

// TestEngineScoresLikeScore checks that the engine's interned scorer gives
// every pair exactly the score Score gives, on random profiles.
func TestEngineScoresLikeScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	words := func(pool []string, n int) []string {
		var out []string
		for i := rng.IntN(n + 1); i > 0; i-- {
			s := pool[rng.IntN(len(pool))]
			if rng.IntN(2) == 0 {
				s = " " + strings.ToUpper(s)
			}
			out = append(out, s)
		}
		return out
	}
	areas := []string{"migration", "housing", "climate", "digital rights", "gender", "children", "health"}
	needs := []string{"mentoring", "career advice", "research contacts", "jobs and internships", "project partners"}
	langs := []string{"en", "fr", "de", "ar", "es"}
	stages := []string{"student", "early career", "mid career", ""}
	orgs := []string{"", "a", "b", "c", "d"}
	for round := 0; round < 20; round++ {
		w := Weights{Wish: rng.IntN(300), Areas: rng.IntN(300), Offers: rng.IntN(200), Languages: rng.IntN(100), Stage: rng.IntN(100)}
		in := &Instance{Slots: []string{"s1", "s2"}, Weights: &w}
		for e := 0; e < 8; e++ {
			in.Experts = append(in.Experts, Expert{ID: fmt.Sprintf("e%d", e), Seats: map[string]int{"s1": 1, "s2": rng.IntN(2)},
				Profile: &Profile{Organisation: orgs[rng.IntN(len(orgs))], Areas: words(areas, 4), Languages: words(langs, 2),
					Offers: words(needs, 3), Stages: words(stages, 2)}})
		}
		for p := 0; p < 10; p++ {
			pp := Participant{ID: fmt.Sprintf("p%d", p), Quota: 2,
				Profile: &Profile{Organisation: orgs[rng.IntN(len(orgs))], CareerStage: stages[rng.IntN(len(stages))],
					Areas: words(areas, 4), Languages: words(langs, 3), Seeks: words(needs, 3),
					Wishes: words([]string{"e0", "E1", "e2", "e3", "e4", "e5", "e6", "e7", "x"}, 6)}}
			if rng.IntN(3) == 0 {
				pp.Slots = []string{"s2"}
			}
			in.Participants = append(in.Participants, pp)
		}
		pr, err := build(in)
		if err != nil {
			t.Fatal(err)
		}
		for pi, p := range in.Participants {
			for ei, e := range in.Experts {
				pp, ep := *p.Profile, *e.Profile
				pp.ID, ep.ID = p.ID, e.ID
				pp.Slots = p.Slots
				for s, n := range e.Seats {
					if n > 0 {
						ep.Slots = append(ep.Slots, s)
					}
				}
				if len(ep.Slots) == 0 {
					ep.Slots = []string{"none"}
				}
				x := Score(pp, ep, w)
				got, ok := pr.score(int32(pi), int32(ei))
				if ok != x.Eligible || (ok && int(got) != x.Total) {
					t.Fatalf("pair %s/%s: engine %d %v, Score %d %v (%s)", p.ID, e.ID, got, ok, x.Total, x.Eligible, x.Reason)
				}
			}
		}
	}
}
