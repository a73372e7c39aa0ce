package duediligence

import (
	"time"

	"github.com/google/uuid"
)

// Clock tells the time. Tests pass a fixed clock so results are repeatable.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// IDSource makes identifiers for cases, documents, findings and events.
type IDSource interface {
	NewID() string
}

// UUIDv7 makes time-ordered UUIDs (RFC 9562 version 7), so that ordering by ID
// is ordering by creation and keyset pagination needs no second column.
type UUIDv7 struct{}

// NewID returns a new UUIDv7 string.
func (UUIDv7) NewID() string { return uuid.Must(uuid.NewV7()).String() }

// dateLayout is how civil dates (birth dates, finding dates) are written.
const dateLayout = "2006-01-02"
