package duediligence

import (
	"context"
	"fmt"
)

// AuditFinding names a kind of tampering VerifyAudit found, besides a
// broken chain (*ChainError).
type AuditFinding string

// The findings of VerifyAudit.
const (
	// FindingCheckpoint: a stream's signed checkpoint is missing, signed by
	// no key or another, or does not match the stream's end (an event was
	// rewritten and the later hashes recomputed, or events were appended
	// behind the application).
	FindingCheckpoint AuditFinding = "checkpoint"
	// FindingTruncated: a stream ends before its checkpoint says.
	FindingTruncated AuditFinding = "truncated"
	// FindingDeleted: a stream was deleted, with its checkpoint or without.
	FindingDeleted AuditFinding = "stream_deleted"
	// FindingCase: a case as stored differs from what its stream's last
	// change recorded (its version or its content), or has no stream.
	FindingCase AuditFinding = "case"
	// FindingReport: a frozen report no longer matches its hash.
	FindingReport AuditFinding = "report"
	// FindingRollback: the trail is behind, or other than, a head taken
	// earlier (the database was restored from an older copy).
	FindingRollback AuditFinding = "rollback"
)

// AuditError is what VerifyAudit found wrong, other than a broken chain.
type AuditError struct {
	Finding AuditFinding
	// Stream is the stream (for a case, its ID) concerned, when one is.
	Stream string
	Reason string
}

func (e *AuditError) Error() string {
	if e.Stream == "" {
		return fmt.Sprintf("audit trail not intact (%s): %s", e.Finding, e.Reason)
	}
	return fmt.Sprintf("audit trail not intact (%s) in stream %s: %s", e.Finding, e.Stream, e.Reason)
}

// CaseSeal is a case as VerifyAudit checks it against its stream: its
// stored version, the hash of its stored row and document (what an
// event's ContentHash records), and what is wrong with its frozen report,
// if anything.
type CaseSeal struct {
	ID          string
	Version     int
	ContentHash string
	// ReportProblem says why the frozen report does not verify; empty when
	// it does or there is none.
	ReportProblem string
}

// AuditSummary is what VerifyAudit checked.
type AuditSummary struct {
	Events  int
	Streams int
	Cases   int
	// Unsealed counts the cases whose last change was recorded before
	// events carried content hashes: their version is checked, their
	// content only from their next change on.
	Unsealed int
}

// streamState is what the verifier keeps of a stream it walked.
type streamState struct {
	cp       Checkpoint
	lastSeq  int64
	lastHash string
	// case streams: the version and content the last change recorded,
	// and the highest version any event named.
	writeVersion, maxVersion int
	contentHash              string
	isCase                   bool
	// sinceSeq is the stream's length in the head checked against (0:
	// none), sinceHash the hash of its event then.
	sinceSeq  int64
	sinceHash string
}

type verifier struct {
	events  EventStore
	key     *AuditKey
	streams map[string]*streamState
	sum     AuditSummary
}

// VerifyAudit checks the store's audit trail with key and returns the
// first thing wrong: a *ChainError for an event that breaks its stream's
// hash chain, an *AuditError for the rest. It checks
//
//   - every stream's chain of hashes (a changed, removed or inserted event);
//   - every stream's signed checkpoint against the stream's end (an event
//     rewritten with every later hash recomputed, events removed from the
//     end or appended behind the application);
//   - that in each of the AuditShards shards the checkpoints' ordinals run
//     from 1 without a gap up to the shard's signed count of streams (a
//     stream deleted with its checkpoint), that every shard's count is
//     there, and that no checkpoint is left without its stream (a stream
//     deleted);
//   - every case against its stream: its version is the one its last
//     change recorded, and no event names a later one; its stored row and
//     document hash to what that change recorded (a case changed in the
//     database); a frozen report matches its hash;
//   - with since, a head taken earlier (AuditHead): that every stream is at
//     least as long as it was then, with the same events (a database
//     restored from an older copy).
//
// It may run while the application writes: a stream or case that moved on
// while it was read is read again.
func VerifyAudit(ctx context.Context, st Store, key *AuditKey, since *AuditHead) (AuditSummary, error) {
	if key == nil {
		return AuditSummary{}, Errorf(CodeInvalid, "VerifyAudit", "an audit key is needed to verify the trail")
	}
	v := &verifier{events: st.Events(), key: key, streams: map[string]*streamState{}}
	order, at, err := v.checkpoints(ctx)
	if err != nil {
		return v.sum, err
	}
	var rec *AuditHeadRecord
	if since != nil {
		if rec, err = v.head(ctx, *since, order, at); err != nil {
			return v.sum, err
		}
	}
	names, err := v.events.Streams(ctx)
	if err != nil {
		return v.sum, err
	}
	for _, name := range names {
		if err := v.walk(ctx, name); err != nil {
			return v.sum, err
		}
	}
	for name, s := range v.streams {
		if s.lastSeq == 0 {
			return v.sum, &AuditError{Finding: FindingDeleted, Stream: name,
				Reason: fmt.Sprintf("its signed checkpoint says it has %d events, and it has none (the stream was deleted)", s.cp.Seq)}
		}
	}
	v.sum.Streams = len(names)
	if err := v.cases(ctx, st.Cases()); err != nil {
		return v.sum, err
	}
	if rec != nil {
		if err := v.checkSince(*since, rec, at); err != nil {
			return v.sum, err
		}
	}
	return v.sum, nil
}

// place is a checkpoint's shard and ordinal.
type place struct {
	shard   int
	ordinal int64
}

// checkpoints reads and checks the signed count of every shard and every
// checkpoint, and returns the streams in the order of their shard and
// ordinal, and by place.
func (v *verifier) checkpoints(ctx context.Context) ([]string, map[place]string, error) {
	states, err := v.events.AuditStates(ctx)
	if err != nil {
		return nil, nil, err
	}
	counted := make([]int64, AuditShards)
	seen := make([]bool, AuditShards)
	for _, s := range states {
		if s.Shard < 0 || s.Shard >= AuditShards || seen[s.Shard] {
			return nil, nil, &AuditError{Finding: FindingCheckpoint, Reason: fmt.Sprintf("the trail counts streams in shard %d, which is not one of its %d", s.Shard, AuditShards)}
		}
		if err := v.key.checkState(s); err != nil {
			return nil, nil, &AuditError{Finding: FindingCheckpoint, Reason: err.Error()}
		}
		seen[s.Shard], counted[s.Shard] = true, s.Streams
	}
	for shard, ok := range seen {
		if !ok {
			return nil, nil, &AuditError{Finding: FindingDeleted,
				Reason: fmt.Sprintf("the signed count of audit shard %d is missing (deleted behind the application, with the streams it counted or not)", shard)}
		}
	}
	var order []string
	at := map[place]string{}
	have := make([]int64, AuditShards)
	err = v.events.Checkpoints(ctx, func(c Checkpoint) error {
		if err := v.key.checkCheckpoint(c); err != nil {
			return &AuditError{Finding: FindingCheckpoint, Stream: c.Stream, Reason: err.Error()}
		}
		if want := AuditShard(c.Stream); c.Shard != want {
			return &AuditError{Finding: FindingCheckpoint, Stream: c.Stream, Reason: fmt.Sprintf("its checkpoint is counted in shard %d, and the stream belongs to shard %d", c.Shard, want)}
		}
		if next := have[c.Shard] + 1; c.Ordinal != next {
			return &AuditError{Finding: FindingDeleted,
				Reason: fmt.Sprintf("no stream has ordinal %d in audit shard %d (the next is %s's, %d): a stream was deleted with its checkpoint", next, c.Shard, c.Stream, c.Ordinal)}
		}
		have[c.Shard]++
		v.streams[c.Stream] = &streamState{cp: c}
		order = append(order, c.Stream)
		at[place{c.Shard, c.Ordinal}] = c.Stream
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// Streams that began after the counts were read have higher ordinals;
	// fewer than a shard counts means its last were deleted.
	for shard, n := range have {
		if n < counted[shard] {
			return nil, nil, &AuditError{Finding: FindingDeleted,
				Reason: fmt.Sprintf("the signed count of audit shard %d says %d streams began, and %d have checkpoints: the shard's last stream(s) were deleted with their checkpoints", shard, counted[shard], n)}
		}
	}
	return order, at, nil
}

// walk verifies a stream's chain and its end against its checkpoint.
func (v *verifier) walk(ctx context.Context, name string) error {
	s := v.streams[name]
	if s == nil {
		// A stream that began after the checkpoints were read.
		cp, err := v.events.FindCheckpoint(ctx, name)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return err
		}
		if cp == nil {
			return &AuditError{Finding: FindingCheckpoint, Stream: name, Reason: "it has events and no signed checkpoint (its checkpoint was deleted, or its events were inserted behind the application)"}
		}
		if err := v.key.checkCheckpoint(*cp); err != nil {
			return &AuditError{Finding: FindingCheckpoint, Stream: name, Reason: err.Error()}
		}
		s = &streamState{cp: *cp}
		v.streams[name] = s
	}
	if err := v.extend(ctx, name, s); err != nil {
		return err
	}
	for range 3 {
		if s.lastSeq == s.cp.Seq {
			break
		}
		// The application may have appended since the checkpoint was
		// read: read both again.
		cp, err := v.events.FindCheckpoint(ctx, name)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return err
		}
		if cp == nil {
			return &AuditError{Finding: FindingCheckpoint, Stream: name, Reason: "its signed checkpoint was deleted while the trail was verified"}
		}
		if err := v.key.checkCheckpoint(*cp); err != nil {
			return &AuditError{Finding: FindingCheckpoint, Stream: name, Reason: err.Error()}
		}
		if cp.Ordinal != s.cp.Ordinal || cp.Shard != s.cp.Shard {
			return &AuditError{Finding: FindingCheckpoint, Stream: name, Reason: "its checkpoint's ordinal changed"}
		}
		s.cp = *cp
		if err := v.extend(ctx, name, s); err != nil {
			return err
		}
	}
	switch {
	case s.lastSeq < s.cp.Seq:
		return &AuditError{Finding: FindingTruncated, Stream: name,
			Reason: fmt.Sprintf("it ends at event %d, and its signed checkpoint says %d: the last events were deleted", s.lastSeq, s.cp.Seq)}
	case s.lastSeq > s.cp.Seq:
		return &AuditError{Finding: FindingCheckpoint, Stream: name,
			Reason: fmt.Sprintf("it has events after its signed checkpoint (event %d): events were appended behind the application", s.cp.Seq)}
	case s.lastHash != s.cp.Hash:
		return &AuditError{Finding: FindingCheckpoint, Stream: name,
			Reason: fmt.Sprintf("the hash of its last event (%d) is not the one its signed checkpoint holds: an event was rewritten and the later hashes recomputed", s.lastSeq)}
	}
	return nil
}

// extend verifies the stream's events after the last one seen.
func (v *verifier) extend(ctx context.Context, name string, s *streamState) error {
	var prev *Event
	if s.lastSeq > 0 {
		prev = &Event{Stream: name, Seq: s.lastSeq, Hash: s.lastHash}
	}
	for {
		evs, err := v.events.FindEvents(ctx, name, s.lastSeq, 1000)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		if err := verifyLinks(prev, evs); err != nil {
			return err
		}
		for i := range evs {
			e := &evs[i]
			if e.CaseID == name {
				s.isCase = true
				s.maxVersion = max(s.maxVersion, e.CaseVersion)
				// A change records the case's new version; reads and
				// downloads record the version they read, which may be
				// older than one that committed before them.
				if e.ContentHash != "" || e.CaseVersion > s.writeVersion {
					s.writeVersion, s.contentHash = e.CaseVersion, e.ContentHash
				}
			}
			if s.sinceSeq == e.Seq {
				s.sinceHash = e.Hash
			}
		}
		v.sum.Events += len(evs)
		last := evs[len(evs)-1]
		s.lastSeq, s.lastHash = last.Seq, last.Hash
		prev = &last
	}
}

// cases checks every stored case against its stream.
func (v *verifier) cases(ctx context.Context, cases CaseStore) error {
	seen := map[string]bool{}
	err := cases.CaseSeals(ctx, func(c CaseSeal) error {
		v.sum.Cases++
		seen[c.ID] = true
		s := v.streams[c.ID]
		if s == nil || !s.isCase {
			return &AuditError{Finding: FindingCase, Stream: c.ID, Reason: "the case has no audit stream (its events were deleted, or it was inserted behind the application)"}
		}
		if c.Version > s.maxVersion {
			// Changed since its stream was read?
			if err := v.extend(ctx, c.ID, s); err != nil {
				return err
			}
		}
		if c.ReportProblem != "" {
			return &AuditError{Finding: FindingReport, Stream: c.ID, Reason: c.ReportProblem}
		}
		if c.Version != s.writeVersion || c.Version < s.maxVersion {
			return &AuditError{Finding: FindingCase, Stream: c.ID,
				Reason: fmt.Sprintf("the case is stored at version %d, and its stream's last change recorded version %d (the case was changed behind the application)", c.Version, s.writeVersion)}
		}
		if s.contentHash == "" {
			v.sum.Unsealed++
			return nil
		}
		if c.ContentHash != s.contentHash {
			return &AuditError{Finding: FindingCase, Stream: c.ID,
				Reason: fmt.Sprintf("the stored case (version %d) does not hash to what its last change recorded: the case was changed behind the application", c.Version)}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for name, s := range v.streams {
		if s.isCase && !seen[name] {
			return &AuditError{Finding: FindingDeleted, Stream: name, Reason: "the stream's case is not stored (the case was deleted)"}
		}
	}
	return nil
}

// head checks since's signature and reads the record of it, and marks the
// length of each stream it covered.
func (v *verifier) head(ctx context.Context, since AuditHead, order []string, at map[place]string) (*AuditHeadRecord, error) {
	if err := v.key.checkHead(since); err != nil {
		return nil, &AuditError{Finding: FindingRollback, Reason: err.Error()}
	}
	rec, err := v.events.FindAuditHead(ctx, since.Digest)
	if ErrorCode(err) == CodeNotFound {
		return nil, &AuditError{Finding: FindingRollback,
			Reason: "this database holds no record of the head " + since.String() + ": it was restored from a copy older than the head (rolled back), or it is another database"}
	}
	if err != nil {
		return nil, err
	}
	if int64(len(rec.Streams)) != since.Streams || since.Streams > int64(len(order)) {
		return nil, &AuditError{Finding: FindingRollback,
			Reason: fmt.Sprintf("the head covered %d streams, and %d are left with checkpoints (rolled back)", since.Streams, len(order))}
	}
	for _, hs := range rec.Streams {
		name, ok := at[place{hs.Shard, hs.Ordinal}]
		if !ok {
			return nil, &AuditError{Finding: FindingRollback,
				Reason: fmt.Sprintf("the head covered the stream of ordinal %d in audit shard %d, which has no checkpoint now (rolled back)", hs.Ordinal, hs.Shard)}
		}
		v.streams[name].sinceSeq = hs.Seq
	}
	return rec, nil
}

// checkSince recomputes since's digest over the events the database holds.
func (v *verifier) checkSince(since AuditHead, rec *AuditHeadRecord, at map[place]string) error {
	d := newHeadDigest()
	for i, hs := range rec.Streams {
		name := at[place{hs.Shard, hs.Ordinal}]
		s := v.streams[name]
		if s.lastSeq < hs.Seq {
			return &AuditError{Finding: FindingRollback, Stream: name,
				Reason: fmt.Sprintf("it ends at event %d, and it had %d when the head was taken (rolled back)", s.lastSeq, hs.Seq)}
		}
		d.add(int64(i+1), name, hs.Seq, s.sinceHash)
	}
	if d.sum() != since.Digest || d.events != since.Events {
		return &AuditError{Finding: FindingRollback, Reason: "the events the head covered are not the ones the database holds now"}
	}
	return nil
}

// TakeAuditHead checks every checkpoint and returns a signed digest of
// them, and records it in the database (so that VerifyAudit can later
// recompute it over the events the database then holds). Keep its text
// outside the database.
func TakeAuditHead(ctx context.Context, st Store, key *AuditKey) (AuditHead, error) {
	if key == nil {
		return AuditHead{}, Errorf(CodeInvalid, "TakeAuditHead", "an audit key is needed to sign a head")
	}
	v := &verifier{events: st.Events(), key: key, streams: map[string]*streamState{}}
	order, _, err := v.checkpoints(ctx)
	if err != nil {
		return AuditHead{}, err
	}
	d := newHeadDigest()
	rec := AuditHeadRecord{Streams: make([]HeadStream, len(order))}
	for i, name := range order {
		cp := v.streams[name].cp
		d.add(int64(i+1), name, cp.Seq, cp.Hash)
		rec.Streams[i] = HeadStream{Shard: cp.Shard, Ordinal: cp.Ordinal, Seq: cp.Seq}
	}
	h := AuditHead{Streams: d.streams, Events: d.events, Digest: d.sum()}
	key.SignAuditHead(&h)
	rec.Digest = h.Digest
	if err := st.WithTx(ctx, func(tx Tx) error { return tx.Events().SaveAuditHead(ctx, rec) }); err != nil {
		return AuditHead{}, err
	}
	return h, nil
}
