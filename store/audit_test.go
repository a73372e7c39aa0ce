package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// changed is c changed once more, without a ledger number (which is
// unique, and updated gives the same to every case).
func changed(c *duediligence.Case) *duediligence.Case {
	u := updated(c, duediligence.StageInvestigation)
	u.LedgerNumber = ""
	return u
}

// caseEvent is the event of a change that wrote c.
func caseEvent(c *duediligence.Case, action string) *duediligence.Event {
	ev := testEvent(c.ID, action)
	ev.CaseID, ev.CaseVersion = c.ID, c.Version
	return ev
}

// auditFixture is a store with three cases of four changes each, and a
// user's event on the system stream.
type auditFixture struct {
	st    *Store
	cases []*duediligence.Case
}

func newAuditFixture(t *testing.T, open openStoreFunc) *auditFixture {
	t.Helper()
	ctx := t.Context()
	f := &auditFixture{st: open(t)}
	for _, name := range []string{"张三", "李四", "王五"} {
		c := testCase(t, "owner-1", name)
		require.NoError(t, f.st.createCase(ctx, c, caseEvent(c, "case.created")))
		for range 3 {
			next := changed(c)
			require.NoError(t, f.st.updateCase(ctx, next, c.Version, caseEvent(next, "case.updated")))
			c = next
		}
		f.cases = append(f.cases, c)
	}
	require.NoError(t, f.st.appendEvent(ctx, testEvent(duediligence.StreamSystem, "user.created")))
	sum := f.verify(t, nil)
	require.Equal(t, duediligence.AuditSummary{Events: 13, Streams: 4, Cases: 3}, sum)
	return f
}

func (f *auditFixture) verify(t *testing.T, since *duediligence.AuditHead) duediligence.AuditSummary {
	t.Helper()
	sum, err := duediligence.VerifyAudit(t.Context(), f.st, f.st.AuditKey(), since)
	require.NoError(t, err)
	return sum
}

// exec runs statements behind the store's back, as someone with write
// access to the database and without the audit key would.
func (f *auditFixture) exec(t *testing.T, queries ...string) {
	t.Helper()
	for _, q := range queries {
		_, err := f.st.db.Write.ExecContext(t.Context(), q)
		require.NoError(t, err, q)
	}
}

// wantFinding checks that VerifyAudit reports the finding on the stream.
func (f *auditFixture) wantFinding(t *testing.T, since *duediligence.AuditHead, finding duediligence.AuditFinding, stream, reason string) {
	t.Helper()
	_, err := duediligence.VerifyAudit(t.Context(), f.st, f.st.AuditKey(), since)
	var ae *duediligence.AuditError
	require.True(t, errors.As(err, &ae), "want an AuditError, got %v", err)
	assert.Equal(t, finding, ae.Finding, ae.Error())
	assert.Equal(t, stream, ae.Stream, ae.Error())
	assert.Contains(t, ae.Reason, reason)
}

// checkpoint returns a stream's checkpoint and the signed count of its shard.
func (f *auditFixture) checkpoint(t *testing.T, stream string) (duediligence.Checkpoint, int64) {
	t.Helper()
	cp, err := f.st.Events().FindCheckpoint(t.Context(), stream)
	require.NoError(t, err)
	states, err := f.st.Events().AuditStates(t.Context())
	require.NoError(t, err)
	require.Len(t, states, duediligence.AuditShards)
	return *cp, states[cp.Shard].Streams
}

// deletedWithCheckpoint is what VerifyAudit says of a stream deleted with
// its checkpoint: a hole in its shard's ordinals, or, when it was its
// shard's last, a count above the checkpoints.
func deletedWithCheckpoint(cp duediligence.Checkpoint, count int64) string {
	if cp.Ordinal < count {
		return fmt.Sprintf("no stream has ordinal %d in audit shard %d", cp.Ordinal, cp.Shard)
	}
	return fmt.Sprintf("the signed count of audit shard %d says %d streams began, and %d have checkpoints", cp.Shard, count, count-1)
}

// sameShard creates cases until one is counted in the shard of stream,
// and returns it.
func (f *auditFixture) sameShard(t *testing.T, stream string) *duediligence.Case {
	t.Helper()
	want := duediligence.AuditShard(stream)
	for range 100 * duediligence.AuditShards {
		c := testCase(t, "owner-1", "赵六")
		require.NoError(t, f.st.createCase(t.Context(), c, caseEvent(c, "case.created")))
		if duediligence.AuditShard(c.ID) == want {
			return c
		}
	}
	t.Fatal("no case in the shard")
	return nil
}

// chainHolds is what the unkeyed chain alone says: each stream's hashes
// follow.
func (f *auditFixture) chainHolds(t *testing.T) {
	t.Helper()
	streams, err := f.st.Events().Streams(t.Context())
	require.NoError(t, err)
	for _, s := range streams {
		evs, err := f.st.Events().FindEvents(t.Context(), s, 0, 0)
		require.NoError(t, err)
		require.NoError(t, duediligence.VerifyChain(evs), "the chain alone does not show it")
	}
}

// testAuditTampering performs each kind of tampering the audit trail's
// signatures detect, as someone who can write to the database but does not
// hold the key, and checks that VerifyAudit names it.
func testAuditTampering(t *testing.T, open openStoreFunc) {
	t.Run("RewriteAndRechain", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[1].ID
		evs, err := f.st.Events().FindEvents(t.Context(), victim, 0, 0)
		require.NoError(t, err)
		// Change event 2 and recompute its hash and every later one's.
		evs[1].Data = []byte(`{"note":"forged"}`)
		for i := 1; i < len(evs); i++ {
			require.NoError(t, evs[i].Seal(&evs[i-1]))
			f.exec(t, fmt.Sprintf(`UPDATE events SET data = '%s', prev_hash = '%s', hash = '%s' WHERE stream = '%s' AND seq = %d`,
				evs[i].Data, evs[i].PrevHash, evs[i].Hash, victim, evs[i].Seq))
		}
		f.chainHolds(t)
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, victim, "rewritten and the later hashes recomputed")
	})
	t.Run("DeleteLastEvents", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[2].ID
		f.exec(t, `DELETE FROM events WHERE stream = '`+victim+`' AND seq > 2`)
		f.chainHolds(t)
		f.wantFinding(t, nil, duediligence.FindingTruncated, victim, "it ends at event 2, and its signed checkpoint says 4")
	})
	t.Run("DeleteLastSystemEvent", func(t *testing.T) {
		f := newAuditFixture(t, open)
		f.exec(t, `DELETE FROM events WHERE stream = 'system'`)
		f.wantFinding(t, nil, duediligence.FindingDeleted, "system", "has none (the stream was deleted)")
	})
	deleteCase := func(id string, checkpoint bool) []string {
		qs := []string{}
		for _, table := range []string{"case_members", "case_ngrams", "case_collateral", "case_parties", "case_bodies"} {
			qs = append(qs, `DELETE FROM `+table+` WHERE case_id = '`+id+`'`)
		}
		qs = append(qs, `DELETE FROM cases WHERE id = '`+id+`'`, `DELETE FROM events WHERE stream = '`+id+`'`)
		if checkpoint {
			qs = append(qs, `DELETE FROM audit_checkpoints WHERE stream = '`+id+`'`)
		}
		return qs
	}
	t.Run("DeleteCaseAndStream", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[0].ID
		f.exec(t, deleteCase(victim, false)...)
		f.chainHolds(t)
		f.wantFinding(t, nil, duediligence.FindingDeleted, victim, "the stream was deleted")
	})
	t.Run("DeleteCaseStreamAndCheckpoint", func(t *testing.T) {
		f := newAuditFixture(t, open)
		cp, count := f.checkpoint(t, f.cases[0].ID)
		f.exec(t, deleteCase(f.cases[0].ID, true)...)
		f.wantFinding(t, nil, duediligence.FindingDeleted, "", deletedWithCheckpoint(cp, count))
	})
	t.Run("DeleteCaseStreamAndCheckpoint_HoleInItsShard", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[0].ID
		cp, _ := f.checkpoint(t, victim)
		later := f.sameShard(t, victim)
		_, count := f.checkpoint(t, later.ID)
		require.Greater(t, count, cp.Ordinal, "a later stream of the shard")
		f.exec(t, deleteCase(victim, true)...)
		f.wantFinding(t, nil, duediligence.FindingDeleted, "", fmt.Sprintf("no stream has ordinal %d in audit shard %d", cp.Ordinal, cp.Shard))
	})
	t.Run("DeleteNewestStreamAndCheckpoint", func(t *testing.T) {
		f := newAuditFixture(t, open)
		later := f.sameShard(t, f.cases[1].ID)
		cp, count := f.checkpoint(t, later.ID)
		require.Equal(t, count, cp.Ordinal, "the shard's newest")
		f.exec(t, deleteCase(later.ID, true)...)
		f.wantFinding(t, nil, duediligence.FindingDeleted, "", deletedWithCheckpoint(cp, count))
	})
	t.Run("DeleteShardCount", func(t *testing.T) {
		f := newAuditFixture(t, open)
		cp, _ := f.checkpoint(t, duediligence.StreamSystem)
		f.exec(t, fmt.Sprintf(`DELETE FROM audit_shards WHERE shard = %d`, cp.Shard))
		f.wantFinding(t, nil, duediligence.FindingDeleted, "", fmt.Sprintf("the signed count of audit shard %d is missing", cp.Shard))
	})
	t.Run("LowerShardCount", func(t *testing.T) {
		f := newAuditFixture(t, open)
		cp, _ := f.checkpoint(t, duediligence.StreamSystem)
		f.exec(t, fmt.Sprintf(`UPDATE audit_shards SET streams = streams - 1 WHERE shard = %d`, cp.Shard))
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, "", fmt.Sprintf("the count of audit streams of shard %d does not match", cp.Shard))
	})
	t.Run("DeleteLoneStreamAndResetItsShard", func(t *testing.T) {
		f := newAuditFixture(t, open)
		cp, _ := f.checkpoint(t, duediligence.StreamSystem)
		f.exec(t, `DELETE FROM events WHERE stream = 'system'`, `DELETE FROM audit_checkpoints WHERE stream = 'system'`,
			fmt.Sprintf(`UPDATE audit_shards SET streams = streams - 1, key_id = '', mac = '' WHERE shard = %d`, cp.Shard))
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, "", fmt.Sprintf("audit streams of shard %d is not signed", cp.Shard))
	})
	t.Run("MoveCheckpointToAnotherShard", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[2].ID
		cp, _ := f.checkpoint(t, victim)
		// To an ordinal the other shard has not used, as a forger would
		// (the same ordinal twice in a shard the database refuses).
		to := (cp.Shard + 1) % duediligence.AuditShards
		f.exec(t, fmt.Sprintf(`UPDATE audit_checkpoints SET shard = %d, ordinal = (SELECT COALESCE(MAX(o.ordinal), 0) + 1 FROM audit_checkpoints AS o WHERE o.shard = %d) WHERE stream = '%s'`, to, to, victim))
		// Whichever the walk meets first: the moved checkpoint's signature,
		// or the hole (or the count above the checkpoints) it left behind.
		_, err := duediligence.VerifyAudit(t.Context(), f.st, f.st.AuditKey(), nil)
		var ae *duediligence.AuditError
		require.True(t, errors.As(err, &ae), "want an AuditError, got %v", err)
		moved := ae.Stream == victim && strings.Contains(ae.Reason, "signature does not match")
		left := strings.Contains(ae.Reason, fmt.Sprintf("audit shard %d", cp.Shard))
		assert.True(t, moved || left, "the move is found: %v", ae)
	})
	t.Run("DeleteCaseRowOnly", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[0].ID
		f.exec(t, deleteCase(victim, false)[:5]...)
		f.exec(t, `DELETE FROM cases WHERE id = '`+victim+`'`)
		f.wantFinding(t, nil, duediligence.FindingDeleted, victim, "the case was deleted")
	})
	t.Run("ForgeCheckpoint", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[1].ID
		// Truncate and set the checkpoint to the new end, without the key.
		evs, err := f.st.Events().FindEvents(t.Context(), victim, 0, 2)
		require.NoError(t, err)
		f.exec(t, `DELETE FROM events WHERE stream = '`+victim+`' AND seq > 2`,
			fmt.Sprintf(`UPDATE audit_checkpoints SET seq = 2, hash = '%s' WHERE stream = '%s'`, evs[1].Hash, victim))
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, victim, "signature does not match")
	})
	t.Run("CaseRowStageAndAmount", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[1].ID
		f.exec(t, `UPDATE cases SET stage = 'approved', amount = 900000000 WHERE id = '`+victim+`'`)
		f.chainHolds(t)
		f.wantFinding(t, nil, duediligence.FindingCase, victim, "does not hash to what its last change recorded")
	})
	t.Run("CaseBody", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[1].ID
		f.exec(t, `UPDATE case_bodies SET body = replace(body, '"stage":"investigation"', '"stage":"approved"') WHERE case_id = '`+victim+`'`)
		got, err := f.st.Cases().FindCaseByID(t.Context(), victim)
		require.NoError(t, err)
		require.Equal(t, duediligence.StageApproved, got.Stage, "the change took")
		f.wantFinding(t, nil, duediligence.FindingCase, victim, "does not hash to what its last change recorded")
	})
	t.Run("CaseVersion", func(t *testing.T) {
		f := newAuditFixture(t, open)
		victim := f.cases[2].ID
		f.exec(t, `UPDATE cases SET version = 2 WHERE id = '`+victim+`'`)
		f.wantFinding(t, nil, duediligence.FindingCase, victim, "stored at version 2, and its stream's last change recorded version 4")
	})
	t.Run("RestoreOlderCopy", func(t *testing.T) {
		f := newAuditFixture(t, open)
		ctx := t.Context()
		h0, err := duediligence.TakeAuditHead(ctx, f.st, f.st.AuditKey())
		require.NoError(t, err)
		assert.Equal(t, int64(4), h0.Streams)
		assert.Equal(t, int64(13), h0.Events)
		// The copy taken now, which the attacker later puts back.
		tables := []string{"cases", "case_bodies", "events", "audit_checkpoints", "audit_shards", "audit_heads"}
		for _, tb := range tables {
			f.exec(t, `CREATE TABLE saved_`+tb+` AS SELECT * FROM `+tb)
		}
		// The application goes on: one more change, one more case.
		c := f.cases[0]
		next := changed(c)
		require.NoError(t, f.st.updateCase(ctx, next, c.Version, caseEvent(next, "case.updated")))
		other := testCase(t, "owner-1", "赵六")
		require.NoError(t, f.st.createCase(ctx, other, caseEvent(other, "case.created")))
		h1, err := duediligence.TakeAuditHead(ctx, f.st, f.st.AuditKey())
		require.NoError(t, err)
		assert.Equal(t, int64(15), h1.Events)
		f.verify(t, &h0)
		f.verify(t, &h1)
		rec1, err := f.st.Events().FindAuditHead(ctx, h1.Digest)
		require.NoError(t, err)
		require.Len(t, rec1.Streams, 5)

		for _, tb := range tables {
			f.exec(t, `DELETE FROM `+tb, `INSERT INTO `+tb+` SELECT * FROM saved_`+tb)
		}
		f.verify(t, nil) // every signature inside the database holds
		f.verify(t, &h0) // and nothing went back behind h0
		f.wantFinding(t, &h1, duediligence.FindingRollback, "", "holds no record of the head")

		// Even with the head's record put back, the streams are shorter.
		require.NoError(t, f.st.WithTx(ctx, func(tx duediligence.Tx) error {
			return tx.Events().SaveAuditHead(ctx, *rec1)
		}))
		f.wantFinding(t, &h1, duediligence.FindingRollback, "", "the head covered 5 streams, and 4 are left")
		var without []duediligence.HeadStream
		for _, hs := range rec1.Streams {
			if hs.Shard != duediligence.AuditShard(other.ID) || hs.Seq != 1 {
				without = append(without, hs)
			}
		}
		require.NoError(t, f.st.WithTx(ctx, func(tx duediligence.Tx) error {
			return tx.Events().SaveAuditHead(ctx, duediligence.AuditHeadRecord{Digest: "x" + h1.Digest[1:], Streams: without})
		}))
		forged := h1
		forged.Streams, forged.Digest = 4, "x"+h1.Digest[1:]
		f.wantFinding(t, &forged, duediligence.FindingRollback, "", "signature does not match")
	})
	t.Run("RestoreOlderCopy_StreamBehind", func(t *testing.T) {
		f := newAuditFixture(t, open)
		ctx := t.Context()
		f.exec(t, `CREATE TABLE saved_events AS SELECT * FROM events`, `CREATE TABLE saved_cp AS SELECT * FROM audit_checkpoints`,
			`CREATE TABLE saved_cases AS SELECT * FROM cases`, `CREATE TABLE saved_bodies AS SELECT * FROM case_bodies`)
		c := f.cases[0]
		next := changed(c)
		require.NoError(t, f.st.updateCase(ctx, next, c.Version, caseEvent(next, "case.updated")))
		h1, err := duediligence.TakeAuditHead(ctx, f.st, f.st.AuditKey())
		require.NoError(t, err)
		// Put back the older events, checkpoints and case, keeping the heads.
		f.exec(t, `DELETE FROM events`, `INSERT INTO events SELECT * FROM saved_events`,
			`DELETE FROM audit_checkpoints`, `INSERT INTO audit_checkpoints SELECT * FROM saved_cp`,
			`DELETE FROM cases`, `INSERT INTO cases SELECT * FROM saved_cases`,
			`DELETE FROM case_bodies`, `INSERT INTO case_bodies SELECT * FROM saved_bodies`)
		f.verify(t, nil)
		f.wantFinding(t, &h1, duediligence.FindingRollback, c.ID, "it ends at event 4, and it had 5 when the head was taken")
	})
	t.Run("AnotherKey", func(t *testing.T) {
		f := newAuditFixture(t, open)
		_, err := duediligence.VerifyAudit(t.Context(), f.st, duediligence.GenerateAuditKey(), nil)
		var ae *duediligence.AuditError
		require.True(t, errors.As(err, &ae), "want an AuditError, got %v", err)
		assert.Contains(t, ae.Reason, "not with the configured key")
	})
}

// testFrozenReport stores a case whose report is frozen, and checks that it
// is read from the bytes frozen, and that a change to them is refused.
func testFrozenReport(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	require.NoError(t, st.createCase(ctx, c, caseEvent(c, "case.created")))
	next := updated(c, duediligence.StageSubmitted)
	next.Report = &duediligence.Report{Opinion: "同意贷款", Financials: []duediligence.Figure{}, Attestations: []duediligence.Attestation{}}
	frozen, err := next.Report.CanonicalJSON()
	require.NoError(t, err)
	h := sha256.Sum256(frozen)
	next.Report.Hash, next.Report.FrozenAt, next.Report.Frozen = hex.EncodeToString(h[:]), testTime, frozen
	require.NoError(t, st.updateCase(ctx, next, c.Version, caseEvent(next, "case.transitioned")))

	got, err := st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	require.NoError(t, got.Report.VerifyFrozen())
	assert.Equal(t, frozen, got.Report.Frozen, "the bytes frozen, as they were")
	_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	require.NoError(t, err)

	// Today's fields of the stored report are not what is read: the bytes are.
	_, err = st.db.Write.ExecContext(ctx, `UPDATE case_bodies SET body = replace(body, '"opinion":"同意贷款"', '"opinion":"不同意"') WHERE case_id = ?`, c.ID)
	require.NoError(t, err)
	got, err = st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "同意贷款", got.Report.Opinion)

	// A change to the bytes frozen is refused, and VerifyAudit says so.
	_, err = st.db.Write.ExecContext(ctx, `UPDATE case_bodies SET body = replace(body, '同意贷款', '同意贷款！') WHERE case_id = ?`, c.ID)
	require.NoError(t, err)
	got, err = st.Cases().FindCaseByID(ctx, c.ID)
	require.NoError(t, err)
	err = got.Report.VerifyFrozen()
	assert.ErrorIs(t, err, duediligence.ErrFrozenReport)
	assert.True(t, strings.Contains(got.Report.Opinion, "！"))
	_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	var ae *duediligence.AuditError
	require.True(t, errors.As(err, &ae), "want an AuditError, got %v", err)
	assert.Equal(t, duediligence.FindingReport, ae.Finding)
	assert.Contains(t, ae.Reason, "does not match its hash")
}

// testSignUnsignedStreams checks that the streams written before the trail
// was signed are signed once, and only once.
func testSignUnsignedStreams(t *testing.T, open openStoreFunc) {
	f := newAuditFixture(t, open)
	ctx := t.Context()
	// As a database migrated from before the signatures holds them.
	cp, count := f.checkpoint(t, duediligence.StreamSystem)
	f.exec(t, `DELETE FROM audit_checkpoints`, `UPDATE audit_shards SET streams = 0, key_id = '', mac = ''`)
	_, err := duediligence.VerifyAudit(ctx, f.st, f.st.AuditKey(), nil)
	require.Error(t, err)
	n, err := f.st.SignUnsignedStreams(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	f.verify(t, nil)
	n, err = f.st.SignUnsignedStreams(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	// Once signed, a checkpoint deleted is not signed again.
	again, againCount := f.checkpoint(t, duediligence.StreamSystem)
	assert.Equal(t, cp.Shard, again.Shard)
	assert.Equal(t, count, againCount, "signed again in the same places")
	f.exec(t, `DELETE FROM audit_checkpoints WHERE stream = 'system'`)
	n, err = f.st.SignUnsignedStreams(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	f.wantFinding(t, nil, duediligence.FindingDeleted, "", deletedWithCheckpoint(again, againCount))
	// Nor by the next event on the stream: it takes a new ordinal, which
	// leaves the old one missing.
	require.NoError(t, f.st.appendEvent(ctx, testEvent(duediligence.StreamSystem, "user.created")))
	f.wantFinding(t, nil, duediligence.FindingDeleted, "", fmt.Sprintf("no stream has ordinal %d in audit shard %d", again.Ordinal, again.Shard))
}
