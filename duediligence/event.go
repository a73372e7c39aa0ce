package duediligence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one entry of the append-only audit trail (审计轨迹). Events form
// streams: one per case, and StreamSystem for what happens outside any case
// (user management). Each event's Hash is the SHA-256 of the previous event's
// hash in the same stream and the event's canonical JSON, so changing,
// removing or reordering an event breaks the chain from there on.
type Event struct {
	ID     string `json:"id"`
	Stream string `json:"stream"`
	// Seq numbers the events of a stream from 1, without gaps.
	Seq         int64           `json:"seq"`
	At          time.Time       `json:"at"`
	ActorID     string          `json:"actor_id"`
	ActorRole   Role            `json:"actor_role"`
	Action      string          `json:"action"`
	CaseID      string          `json:"case_id,omitempty"`
	CaseVersion int             `json:"case_version,omitempty"`
	Data        json.RawMessage `json:"data"`
	// IdempotencyKey, when the client sent one, makes a retried creation
	// return the first result; unique per actor.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// ContentHash is the hash of the case as the store wrote it in the
	// event's transaction (its stored row and document), which VerifyAudit
	// compares with the case as it is stored now. It is empty for events
	// that change no case (reads, downloads, user management) and for those
	// written before the store recorded it.
	ContentHash string `json:"content_hash,omitempty"`
	PrevHash    string `json:"prev_hash"`
	Hash        string `json:"hash"`
}

// StreamSystem is the stream of events outside any case.
const StreamSystem = "system"

// canonical is the hashed form of an event: fixed field order, UTC time with
// nanoseconds, compact data.
type canonical struct {
	ID             string          `json:"id"`
	Stream         string          `json:"stream"`
	Seq            int64           `json:"seq"`
	At             string          `json:"at"`
	ActorID        string          `json:"actor_id"`
	ActorRole      Role            `json:"actor_role"`
	Action         string          `json:"action"`
	CaseID         string          `json:"case_id"`
	CaseVersion    int             `json:"case_version"`
	Data           json.RawMessage `json:"data"`
	IdempotencyKey string          `json:"idempotency_key"`
	// ContentHash is left out when empty, so that the events written
	// before it keep their hashes.
	ContentHash string `json:"content_hash,omitempty"`
}

// Canonical returns the bytes the hash covers.
func (e *Event) Canonical() ([]byte, error) {
	var data bytes.Buffer
	raw := e.Data
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	if err := json.Compact(&data, raw); err != nil {
		return nil, fmt.Errorf("event %s data: %w", e.ID, err)
	}
	return json.Marshal(canonical{
		ID: e.ID, Stream: e.Stream, Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano),
		ActorID: e.ActorID, ActorRole: e.ActorRole, Action: e.Action, CaseID: e.CaseID,
		CaseVersion: e.CaseVersion, Data: data.Bytes(), IdempotencyKey: e.IdempotencyKey,
		ContentHash: e.ContentHash,
	})
}

// Seal sets Seq, PrevHash and Hash to follow prev (nil for a stream's first
// event). Stores call it inside the transaction that appends the event.
func (e *Event) Seal(prev *Event) error {
	e.Seq, e.PrevHash = 1, ""
	if prev != nil {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	h, err := e.computeHash()
	if err != nil {
		return err
	}
	e.Hash = h
	return nil
}

func (e *Event) computeHash() (string, error) {
	c, err := e.Canonical()
	if err != nil {
		return "", err
	}
	s := sha256.New()
	s.Write([]byte(e.PrevHash))
	s.Write(c)
	return hex.EncodeToString(s.Sum(nil)), nil
}

// ChainError names the first event of a stream that breaks the chain.
type ChainError struct {
	Stream  string
	Seq     int64
	EventID string
	Reason  string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("audit chain of stream %s broken at event %d (%s): %s", e.Stream, e.Seq, e.EventID, e.Reason)
}

// VerifyChain checks that events, one stream's events in Seq order, form an
// unbroken chain. It returns the first break as a *ChainError.
func VerifyChain(events []Event) error { return verifyLinks(nil, events) }

// verifyLinks verifies events that follow prev (nil: the stream's start).
func verifyLinks(prev *Event, events []Event) error {
	for i := range events {
		e := &events[i]
		fail := func(reason string) error {
			return &ChainError{Stream: e.Stream, Seq: e.Seq, EventID: e.ID, Reason: reason}
		}
		wantSeq, wantPrev := int64(1), ""
		if prev != nil {
			wantSeq, wantPrev = prev.Seq+1, prev.Hash
			if e.Stream != prev.Stream {
				return fail("stream differs from the previous event's")
			}
		}
		if e.Seq != wantSeq {
			return fail(fmt.Sprintf("sequence %d, want %d (an event is missing or out of order)", e.Seq, wantSeq))
		}
		if e.PrevHash != wantPrev {
			return fail("prev_hash does not match the previous event's hash")
		}
		h, err := e.computeHash()
		if err != nil {
			return fail(err.Error())
		}
		if h != e.Hash {
			return fail("hash does not match the event's content (the event was changed)")
		}
		prev = e
	}
	return nil
}
