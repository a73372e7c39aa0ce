package store

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// ResignAudit signs again, with the store's key (the first of its keys),
// every checkpoint and every shard's count that one of its older keys
// signed: the step of a key rotation after which the older keys can be
// dropped. It refuses, changing nothing, when a signature does not verify
// with any of the store's keys: re-signing it would make a forgery look
// genuine. The shards' rows stay locked until it commits, so that no stream
// begins meanwhile; an append that rewrites a checkpoint meanwhile signs it
// with the store's key, or the checkpoint is left to the next rotation.
// It returns how many checkpoints and counts it signed again.
func (s *Store) ResignAudit(ctx context.Context) (checkpoints, shards int, err error) {
	defer duediligence.Wrap(&err, "Store.ResignAudit")
	key := s.key
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		checkpoints, shards = 0, 0
		var rows []shardRow
		q := tx.NewSelect().Model(&rows).OrderExpr("shard ASC")
		if tx.Dialect().Name() == dialect.PG {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return err
		}
		for _, r := range rows {
			st := duediligence.AuditState{Shard: r.Shard, Streams: r.Streams, KeyID: r.KeyID, MAC: r.MAC}
			if st.KeyID == key.ID() {
				continue
			}
			if err := key.VerifyAuditState(st); err != nil {
				return duediligence.Errorf(duediligence.CodeInvalid, "", "not re-signed: %v (run jinzhi audit verify)", err)
			}
			key.SignAuditState(&st)
			if _, err := tx.NewUpdate().Model(&shardRow{Shard: r.Shard, KeyID: st.KeyID, MAC: st.MAC}).Column("key_id", "mac").WherePK().Exec(ctx); err != nil {
				return err
			}
			shards++
		}
		var old []duediligence.Checkpoint
		if err := (eventStore{tx}).Checkpoints(ctx, func(c duediligence.Checkpoint) error {
			if c.KeyID == key.ID() {
				return nil
			}
			if err := key.VerifyCheckpoint(c); err != nil {
				return duediligence.Errorf(duediligence.CodeInvalid, "", "not re-signed: stream %s: %v (run jinzhi audit verify)", c.Stream, err)
			}
			old = append(old, c)
			return nil
		}); err != nil {
			return err
		}
		for _, c := range old {
			was := c.MAC
			key.SignCheckpoint(&c)
			res, err := tx.NewUpdate().Model(&checkpointRow{Stream: c.Stream, KeyID: c.KeyID, MAC: c.MAC}).Column("key_id", "mac").
				WherePK().Where("mac = ?", was).Exec(ctx)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err == nil && n == 1 {
				checkpoints++
			}
		}
		return nil
	})
	return checkpoints, shards, err
}
