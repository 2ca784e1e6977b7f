// Package matching is the matching engine of netday: it scores
// participant–expert pairs with an explanation, and builds the meeting
// schedule of a networking day.
//
// The package is pure: it does no I/O and keeps no global state. Given the
// same Instance (including its Seed) Solve returns the same Schedule, apart
// from Stats.ElapsedMS.
//
// The schedule objective is lexicographic: first the number of participants
// with at least one meeting ("leave no one behind"), then the number with at
// least two, and so on up to the largest quota, then the total score. See
// Solve for the algorithm.
package matching
