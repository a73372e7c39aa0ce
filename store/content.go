package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// ContentDir keeps the contents of uploaded documents as files in a
// directory, each named by its SHA-256 and fanned out by the first two hex
// digits (ab/cdef…), so that identical uploads share one file. A file, once
// Put returns, is complete and survives a crash: it is written under a
// temporary name, synced, renamed into place and its directory synced. A
// crash during Put can leave a temporary ".put-*" file in the top directory;
// it is safe to delete while no Put runs.
type ContentDir struct {
	dir string
}

var _ duediligence.ContentStore = (*ContentDir)(nil)

// NewContentDir returns the ContentDir kept in dir, creating dir if need be.
func NewContentDir(dir string) (_ *ContentDir, err error) {
	defer duediligence.Wrap(&err, "store.NewContentDir")
	if dir == "" {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "empty content directory name")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return &ContentDir{dir: dir}, nil
}

// Put streams r into the directory while hashing it. Content longer than
// limit bytes is refused with CodeTooLarge after reading at most limit+1
// bytes, and nothing is kept. Content already stored is kept as it is.
func (d *ContentDir) Put(ctx context.Context, r io.Reader, limit int64) (_ duediligence.ContentInfo, err error) {
	defer duediligence.Wrap(&err, "ContentDir.Put")
	if limit < 0 {
		return duediligence.ContentInfo{}, duediligence.Errorf(duediligence.CodeInvalid, "", "negative limit %d", limit)
	}

	tmp, err := os.CreateTemp(d.dir, ".put-*")
	if err != nil {
		return duediligence.ContentInfo{}, err
	}
	defer func() {
		if tmp != nil { // not renamed into place
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	h := sha256.New()
	src := io.Reader(ctxReader{ctx, r})
	if limit < math.MaxInt64 {
		src = io.LimitReader(src, limit+1)
	}
	n, err := io.Copy(io.MultiWriter(tmp, h), src)
	if err != nil {
		return duediligence.ContentInfo{}, err
	}
	if n > limit {
		return duediligence.ContentInfo{}, &duediligence.Error{
			Code:    duediligence.CodeTooLarge,
			Message: fmt.Sprintf("content is over the limit of %d bytes", limit),
		}
	}
	info := duediligence.ContentInfo{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}

	// Deduplicate. The size check replaces a file that is not what its
	// name says (cut short by a disk fault); a concurrent Put of the same
	// content may rename its own copy over ours, which is as good.
	final := d.path(info.SHA256)
	if fi, err := os.Stat(final); err == nil && fi.Mode().IsRegular() && fi.Size() == n {
		return info, nil
	}

	if err := tmp.Sync(); err != nil {
		return duediligence.ContentInfo{}, err
	}
	if err := tmp.Close(); err != nil {
		return duediligence.ContentInfo{}, err
	}
	fanout := filepath.Dir(final)
	newFanout := false
	switch err := os.Mkdir(fanout, 0o750); {
	case err == nil:
		newFanout = true
	case !errors.Is(err, fs.ErrExist):
		return duediligence.ContentInfo{}, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return duediligence.ContentInfo{}, err
	}
	tmp = nil
	// The rename is durable once the directory holding the new name is
	// synced, and that directory's own name once its parent is.
	if err := syncDir(fanout); err != nil {
		return duediligence.ContentInfo{}, err
	}
	if newFanout {
		if err := syncDir(d.dir); err != nil {
			return duediligence.ContentInfo{}, err
		}
	}
	return info, nil
}

// Open returns the content with the given SHA-256, which must be 64
// lower-case hex digits. The caller closes it.
func (d *ContentDir) Open(ctx context.Context, sha256 string) (_ io.ReadCloser, err error) {
	defer duediligence.Wrap(&err, "ContentDir.Open")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !isSHA256Hex(sha256) {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "%q is not a SHA-256 in lower-case hex", truncate(sha256, 80))
	}
	f, err := os.Open(d.path(sha256))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &duediligence.Error{Code: duediligence.CodeNotFound, Message: "no content with SHA-256 " + sha256, Err: err}
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// path returns the file name of the content with the hex SHA-256 sum.
func (d *ContentDir) path(sum string) string {
	return filepath.Join(d.dir, sum[:2], sum[2:])
}

// isSHA256Hex reports whether s is 64 lower-case hex digits, so that it
// names a file inside the directory and nothing else.
func isSHA256Hex(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// truncate shortens s to at most n bytes for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// syncDir makes the entries of dir durable. Windows cannot open a directory
// to sync it, so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// ctxReader stops reading once ctx is done, so that a cancelled upload
// stops streaming.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
