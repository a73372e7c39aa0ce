package duediligence

import (
	"context"
	"io"
)

// ContentStore keeps the bytes of uploaded document files, addressed by their
// SHA-256. The database keeps only the metadata (see FileRef).
type ContentStore interface {
	// Put streams r into the store, hashing it on the way. It refuses content
	// longer than limit bytes with an error for which errors.Is(err, ErrTooLarge)
	// holds, and then keeps nothing.
	Put(ctx context.Context, r io.Reader, limit int64) (ContentInfo, error)
	// Open returns the content with the given hex SHA-256, or an error with
	// CodeNotFound.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
}

// ContentInfo describes stored content.
type ContentInfo struct {
	SHA256 string // lower-case hex
	Size   int64
}
