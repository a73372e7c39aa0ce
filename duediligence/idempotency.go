package duediligence

import (
	"context"
	"time"
)

// IdempotentRequest is a request sent with an Idempotency-Key and, once it
// succeeded, the answer it got: a retry of the same request is answered
// the same, and the key sent with another request is refused. The HTTP
// layer fills it in; the store keeps it in the database, so that every
// replica sees it.
type IdempotentRequest struct {
	// ActorID and Key identify it: keys are the caller's own.
	ActorID string
	Key     string
	// Fingerprint is what the request was: the hex SHA-256 of its method,
	// path and body.
	Fingerprint string
	// Method and Path name the request in the refusal of another one.
	Method, Path string
	// Status is the answer's status, 0 while the first request is served
	// (or when it ended without an answer to keep).
	Status int
	// Header holds the answer's headers a client reads (ETag, Location,
	// Content-Type).
	Header map[string]string
	// Body is the answer's body.
	Body []byte
	// CreatedAt is when the key was first used; it is forgotten after the
	// retention (IdempotencyStore.PurgeIdempotentRequests).
	CreatedAt time.Time
}

// IdempotencyStore keeps the idempotent requests.
type IdempotencyStore interface {
	// ReserveIdempotentRequest stores r, without an answer, unless the
	// actor's key is stored already with a CreatedAt at or after
	// notBefore: then it returns that one and stores nothing. A stored key
	// older than notBefore is forgotten and r takes its place.
	ReserveIdempotentRequest(ctx context.Context, r *IdempotentRequest, notBefore time.Time) (*IdempotentRequest, error)
	// CompleteIdempotentRequest stores r's answer (Status, Header, Body).
	CompleteIdempotentRequest(ctx context.Context, r *IdempotentRequest) error
	// ReleaseIdempotentRequest forgets the actor's key, so that a request
	// that failed may be sent again with it.
	ReleaseIdempotentRequest(ctx context.Context, actorID, key string) error
	// PurgeIdempotentRequests forgets the keys first used before before,
	// and returns how many.
	PurgeIdempotentRequests(ctx context.Context, before time.Time) (int64, error)
}

// IdempotentRequests returns the store of idempotent requests, for the
// HTTP layer that binds each Idempotency-Key to its request.
func (s *Service) IdempotentRequests() IdempotencyStore { return s.store.Idempotency() }
