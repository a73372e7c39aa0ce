package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// idempotencyRow is an idempotent request as stored.
type idempotencyRow struct {
	bun.BaseModel `bun:"table:idempotency_keys"`

	ActorID     string `bun:"actor_id,pk"`
	Key         string `bun:"idempotency_key,pk"`
	Fingerprint string `bun:"fingerprint"`
	Method      string `bun:"method"`
	Path        string `bun:"path"`
	Status      int    `bun:"status"`
	Header      string `bun:"header"`
	Body        string `bun:"body"`
	CreatedAt   string `bun:"created_at"`
}

func (r *idempotencyRow) request() (*duediligence.IdempotentRequest, error) {
	at, err := parseTime(r.CreatedAt)
	if err != nil {
		return nil, err
	}
	var h map[string]string
	if err := json.Unmarshal([]byte(r.Header), &h); err != nil {
		return nil, err
	}
	return &duediligence.IdempotentRequest{ActorID: r.ActorID, Key: r.Key, Fingerprint: r.Fingerprint, Method: r.Method, Path: r.Path,
		Status: r.Status, Header: h, Body: []byte(r.Body), CreatedAt: at}, nil
}

// idempotencyStore is the duediligence.IdempotencyStore on the writer:
// a retry must see the reservation its first attempt made, whichever
// pool would serve a read.
type idempotencyStore struct{ db bun.IDB }

// Idempotency keeps idempotent requests on the writer.
func (s *Store) Idempotency() duediligence.IdempotencyStore { return idempotencyStore{s.db.Write} }

// ReserveIdempotentRequest stores r unless its key is held: see
// duediligence.IdempotencyStore.
func (s idempotencyStore) ReserveIdempotentRequest(ctx context.Context, r *duediligence.IdempotentRequest, notBefore time.Time) (_ *duediligence.IdempotentRequest, err error) {
	defer duediligence.Wrap(&err, "IdempotencyStore.ReserveIdempotentRequest")
	if _, err := s.db.NewDelete().Model((*idempotencyRow)(nil)).
		Where("actor_id = ?", r.ActorID).Where("idempotency_key = ?", r.Key).
		Where("created_at < ?", formatTime(notBefore)).Exec(ctx); err != nil {
		return nil, err
	}
	header, err := json.Marshal(r.Header)
	if err != nil {
		return nil, err
	}
	row := &idempotencyRow{ActorID: r.ActorID, Key: r.Key, Fingerprint: r.Fingerprint, Method: r.Method, Path: r.Path,
		Header: string(header), CreatedAt: formatTime(r.CreatedAt)}
	res, err := s.db.NewInsert().Model(row).On("CONFLICT (actor_id, idempotency_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return nil, err
	}
	var held idempotencyRow
	err = s.db.NewSelect().Model(&held).Where("actor_id = ?", r.ActorID).Where("idempotency_key = ?", r.Key).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		// Released between the insert and the read: the caller may retry.
		return nil, duediligence.Errorf(duediligence.CodeConflict, "", "idempotency key %q is being used by another request", r.Key)
	}
	if err != nil {
		return nil, err
	}
	return held.request()
}

// CompleteIdempotentRequest stores r's answer.
func (s idempotencyStore) CompleteIdempotentRequest(ctx context.Context, r *duediligence.IdempotentRequest) (err error) {
	defer duediligence.Wrap(&err, "IdempotencyStore.CompleteIdempotentRequest")
	header, err := json.Marshal(r.Header)
	if err != nil {
		return err
	}
	_, err = s.db.NewUpdate().Model((*idempotencyRow)(nil)).
		Set("status = ?", r.Status).Set("header = ?", string(header)).Set("body = ?", string(r.Body)).
		Where("actor_id = ?", r.ActorID).Where("idempotency_key = ?", r.Key).Where("fingerprint = ?", r.Fingerprint).Exec(ctx)
	return err
}

// ReleaseIdempotentRequest forgets an actor's key that has no answer.
func (s idempotencyStore) ReleaseIdempotentRequest(ctx context.Context, actorID, key string) (err error) {
	defer duediligence.Wrap(&err, "IdempotencyStore.ReleaseIdempotentRequest")
	_, err = s.db.NewDelete().Model((*idempotencyRow)(nil)).
		Where("actor_id = ?", actorID).Where("idempotency_key = ?", key).Where("status = 0").Exec(ctx)
	return err
}

// PurgeIdempotentRequests forgets the keys first used before before.
func (s idempotencyStore) PurgeIdempotentRequests(ctx context.Context, before time.Time) (_ int64, err error) {
	defer duediligence.Wrap(&err, "IdempotencyStore.PurgeIdempotentRequests")
	res, err := s.db.NewDelete().Model((*idempotencyRow)(nil)).Where("created_at < ?", formatTime(before)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
