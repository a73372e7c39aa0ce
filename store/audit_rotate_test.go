package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestResignAudit rotates the audit key of a trail on each backend: with
// the new key first and the old one after it, the trail verifies as it
// is; signed again, it verifies with the new key alone, and the old key
// alone is told that the trail was signed with another key, and how to
// configure it. A forged checkpoint is not signed again.
func TestResignAudit(t *testing.T) { onEveryBackend(t, testResignAudit) }

func testResignAudit(t *testing.T, open openStoreFunc) {
	t.Run("Rotate", func(t *testing.T) {
		f := newAuditFixture(t, open)
		ctx := t.Context()
		old, next := f.st.AuditKey(), duediligence.GenerateAuditKey()
		head, err := duediligence.TakeAuditHead(ctx, f.st, old)
		require.NoError(t, err)
		rotated := New(f.st.db, WithAuditKey(next.WithOlder(old)))
		_, err = duediligence.VerifyAudit(ctx, rotated, rotated.AuditKey(), &head)
		require.NoError(t, err, "the old signatures verify with the old key after the new")
		_, err = duediligence.VerifyAudit(ctx, rotated, next, nil)
		require.ErrorContains(t, err, "not with the configured key "+next.ID())

		cps, shards, err := rotated.ResignAudit(ctx)
		require.NoError(t, err)
		assert.Equal(t, 4, cps)
		assert.Equal(t, duediligence.AuditShards, shards)
		_, err = duediligence.VerifyAudit(ctx, rotated, next, nil)
		require.NoError(t, err, "the new key alone verifies the trail")
		cps, shards, err = rotated.ResignAudit(ctx)
		require.NoError(t, err)
		assert.Zero(t, cps+shards, "nothing left to sign again")

		_, err = duediligence.VerifyAudit(ctx, f.st, old, nil)
		require.ErrorContains(t, err, "was signed with audit key "+next.ID()+", not with the configured key "+old.ID())
		assert.ErrorContains(t, err, "jinzhi audit rotate-key: configure that key first")
		_, err = duediligence.VerifyAudit(ctx, rotated, rotated.AuditKey(), &head)
		require.NoError(t, err, "a head taken before verifies with the old key on a later line")
		_, err = duediligence.VerifyAudit(ctx, rotated, next, &head)
		require.ErrorContains(t, err, "a head taken before a rotation needs the old key")
	})
	t.Run("ForgedIsNotSignedAgain", func(t *testing.T) {
		f := newAuditFixture(t, open)
		ctx := t.Context()
		victim := f.cases[0].ID
		f.exec(t, `UPDATE audit_checkpoints SET seq = 2 WHERE stream = '`+victim+`'`)
		rotated := New(f.st.db, WithAuditKey(duediligence.GenerateAuditKey().WithOlder(f.st.AuditKey())))
		_, _, err := rotated.ResignAudit(ctx)
		require.ErrorContains(t, err, "not re-signed: stream "+victim)
		f.wantFinding(t, nil, duediligence.FindingCheckpoint, victim, "signature does not match")
	})
}
