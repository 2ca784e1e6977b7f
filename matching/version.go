package matching

// Version identifies the engine's algorithm; it changes whenever the same
// instance may give a different schedule.
const Version = "2.2.0"
