// Package store keeps netday's data in one bbolt file and tells open sessions
// when it changes.
//
// # File and buckets
//
// The file is opened with an exclusive lock (a second process, or a second
// Open in the same process, gets ErrLocked after Options.Timeout) and with
// fsync on every commit, so a write that returned nil survives kill -9.
// Records are JSON values in these buckets:
//
//	meta           "schema" → the schema version as decimal ASCII ("3")
//	profiles       SSH key fingerprint ("SHA256:…") → Profile
//	invites        hex SHA-256 of a normalised invite code → Invite (codes
//	               themselves are never stored)
//	grants         fingerprint → "expert": the key redeemed an invite code
//	availability   expert fingerprint → Availability
//	wishlists      participant fingerprint → WishList
//	settings       "organiser" → Settings; "published_run" → the published
//	               run's id as decimal ASCII
//	runs           run id as 8 big-endian bytes (the bucket sequence) → Run
//	announcements  id as 8 big-endian bytes (the bucket sequence) → Announcement
//	attendance     participant fingerprint → Attendance (own slots, meetings wanted)
//	cancellations  "m|<run, 10 digits>|participant|expert|slot" → Cancellation;
//	               "d|<fingerprint>" → DayOff
//	feedback       "by|participant|expert" → Feedback
//	calendar       "p|participant|expert" and "t|expert|slot" → Dropped: what a
//	               re-publish dropped, kept for calendars as cancelled
//	notices        fingerprint → Notice ("what changed", until acknowledged)
//
// Keys are kept out of values they do not belong to: DeleteUser removes a
// fingerprint from every bucket (records of the key itself, other wish
// lists, runs, invites, announcements). Deleted bytes may remain in free
// pages of the file until bbolt reuses them (bbolt's Compact writes a copy
// without them).
//
// # Schema version and migrations
//
// SchemaVersion is the version this code writes. The file records its own
// version in meta/"schema"; a file without it is version 0 (a new, empty
// file is version 0 too). migrations (schema.go) is a slice in which
// migrations[n] turns version n into n+1; Open runs every missing step, in
// order, in one write transaction together with the new version number, so
// a crash leaves the file either fully migrated or untouched. The first step,
// v0 → v1, creates meta and profiles; v1 → v2 adds invites, grants,
// availability, wishlists, settings, runs and announcements (existing
// records are kept; an expert profile from v1 gets no grant, so its owner
// redeems an invite code before the next change); v2 → v3 adds attendance,
// cancellations, feedback, calendar and notices. To change the layout, append a step and
// increase SchemaVersion (a test checks they agree); list a new bucket in
// requiredBuckets too, so Open recreates it if it goes missing. Open refuses a file
// whose version is newer than SchemaVersion (ErrSchemaTooNew): an older
// binary must not write data it does not understand.
//
// # Experts, invites and the published run
//
// An expert profile needs a grant: CreateInvites makes single-use codes that
// expire, RedeemInvite turns one into a grant for a key, and PutProfile
// refuses RoleExpert without it (in the same transaction). Only experts
// publish availability and only participants keep wish lists, which the
// organisers can lock (Settings.RequestsLocked). Every matching run is kept
// with its input and seed; the one named by settings/"published_run" is the
// schedule people see (PublishedRun, MeetingsFor).
//
// # Transactions
//
// All writes go through one short db.Update (never db.Batch); reads use
// db.View. Values are copied out before a transaction ends, and no I/O or
// notification happens inside one. Backups copy the file inside one read
// transaction, but only to a local file: WriteBackup streams that copy to
// its (maybe slow) reader after the transaction has ended.
//
// # Change notifications
//
// Subscribe returns a buffered channel of Change values. Writers notify after
// a successful commit with a non-blocking send; a subscriber whose buffer is
// full loses the change and its next delivered Change has Resync set, meaning
// "re-read everything". Close closes every subscriber channel.
//
// # Untrusted text
//
// CleanLine, CleanText and CleanList remove escape sequences, control and
// format characters and cap length and display width. Use them on input, on
// import and again before display; Profile.Validate refuses text that is not
// already clean.
package store
