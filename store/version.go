package store

// Version returns a number that changes after every committed write, so
// callers can cache what they derive from the store (as Directory does).
func (s *Store) Version() uint64 { return s.version.Load() }
