package matching

import (
	"errors"
	"fmt"
)

// Limits of an instance.
const (
	MaxQuota = 6  // most meetings a participant can ask for
	MaxSeats = 6  // most participants an expert can see in one slot
	MaxSlots = 64 // most slots in a day
)

// Instance is a scheduling problem, as read by `netday solve`.
type Instance struct {
	// Slots are the slot IDs of the day, in time order.
	Slots []string `json:"slots"`
	// Participants are the people who ask for meetings.
	Participants []Participant `json:"participants"`
	// Experts are the people who give meetings.
	Experts []Expert `json:"experts"`
	// Scores list every eligible pair with its score; a pair not listed is
	// ineligible. When Scores is nil and some entry has a Profile, the
	// engine scores all pairs from the profiles with Weights.
	Scores []PairScore `json:"scores,omitempty"`
	// Pins are meetings that must be in the schedule.
	Pins []Pin `json:"pins,omitempty"`
	// Weights for profile scoring; nil means DefaultWeights.
	Weights *Weights `json:"weights,omitempty"`
	// Seed makes tie-breaking reproducible.
	Seed int64 `json:"seed"`
}

// Participant is a person asking for meetings.
type Participant struct {
	// ID identifies the participant.
	ID string `json:"id"`
	// Quota is how many meetings the participant wants, 1..MaxQuota.
	Quota int `json:"quota"`
	// Slots are the participant's free slots; nil (absent in JSON) means
	// every slot, an empty list no slot at all.
	Slots []string `json:"slots,omitzero"`
	// Profile is used when the instance carries no Scores; its ID and
	// Slots are ignored (the entry's are used).
	Profile *Profile `json:"profile,omitempty"`
}

// Expert is a person giving meetings.
type Expert struct {
	// ID identifies the expert.
	ID string `json:"id"`
	// Seats maps a slot ID to the participants the expert sees in that slot:
	// 0 (or absent) away, 1 one-to-one, up to MaxSeats for a small table.
	Seats map[string]int `json:"seats"`
	// Max is the most meetings in the day; nil means no daily maximum.
	Max *int `json:"max,omitempty"`
	// Profile is used when the instance carries no Scores; its ID and
	// Slots are ignored (the entry's ID and Seats are used).
	Profile *Profile `json:"profile,omitempty"`
}

// PairScore is the score of one eligible pair.
type PairScore struct {
	P     string `json:"p"`     // participant ID
	E     string `json:"e"`     // expert ID
	Score int    `json:"score"` // 0..MaxScore
}

// Pin is a meeting fixed in advance.
type Pin struct {
	P    string `json:"p"`    // participant ID
	E    string `json:"e"`    // expert ID
	Slot string `json:"slot"` // slot ID
}

// Meeting is one scheduled meeting.
type Meeting struct {
	P     string `json:"p"`     // participant ID
	E     string `json:"e"`     // expert ID
	Slot  string `json:"slot"`  // slot ID
	Score int    `json:"score"` // the pair's score
}

// Schedule is the result of Solve.
type Schedule struct {
	// Meetings sorted by slot (in day order), expert, participant.
	Meetings []Meeting `json:"meetings"`
	// Stats are the schedule's figures.
	Stats Stats `json:"stats"`
	// Dropped lists published meetings Resolve could not keep because
	// they no longer fit the instance (absent for Solve).
	Dropped []Meeting `json:"dropped,omitempty"`
	// Changes lists the published meetings a re-plan moved, removed or
	// dropped, each with a reason (absent for Solve).
	Changes []Change `json:"changes,omitempty"`
}

// Stats are the figures of a schedule.
type Stats struct {
	// Participants is the number of participants in the instance.
	Participants int `json:"participants"`
	// WithAtLeast[k-1] is the number of participants with at least k
	// meetings, for k = 1..largest quota.
	WithAtLeast []int `json:"with_at_least"`
	// Meetings is the number of meetings.
	Meetings int `json:"meetings"`
	// TotalScore is the sum of the meetings' scores.
	TotalScore int `json:"total_score"`
	// CoverageBound is the exact maximum number of participants who can
	// get at least one meeting (a max-flow), always computed without any
	// pin; WithAtLeast[0] equals it unless pins cost coverage.
	CoverageBound int `json:"coverage_bound"`
	// PinnedCoverage is the exact maximum coverage while keeping the pins
	// the schedule had to keep (the instance's pins and, in a re-plan, the
	// published meetings it kept fixed); WithAtLeast[0] equals it, and
	// CoverageBound − PinnedCoverage is what the pins cost.
	PinnedCoverage int `json:"pinned_coverage"`
	// ScoreBound is an upper bound, computed by the engine from a
	// relaxation, on the total score of any schedule that keeps the pins
	// and has exactly the counts WithAtLeast; TotalScore/ScoreBound is a
	// guaranteed "within x% of optimal".
	ScoreBound int `json:"score_bound"`
	// ProvenOptimal is set when the schedule is proven the lexicographic
	// optimum (given the pins): the exact search of small days finished,
	// or the pair relaxation certifies it (every count equals the
	// relaxation's maximum at that level and TotalScore equals
	// ScoreBound).
	ProvenOptimal bool `json:"proven_optimal"`
	// PublishedChanged is how many published meetings a re-plan moved or
	// removed (not counting those dropped because they no longer fit).
	PublishedChanged int `json:"published_changed"`
	// Version is the engine's version (the Version constant).
	Version string `json:"version"`
	// ElapsedMS is the solving time in milliseconds.
	ElapsedMS int64 `json:"elapsed_ms"`
}

// ErrInvalid is wrapped by every error Validate returns.
var ErrInvalid = errors.New("invalid instance")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// Validate checks the instance: ids known and unique, quotas and seats in
// range, scores in 0..MaxScore, and every pin keeping the hard rules. The
// error names the offending entry, e.g. `participant "p7": quota 9 out of
// range 1..6`, and wraps ErrInvalid.
func (in *Instance) Validate() error {
	_, err := build(in)
	return err
}
