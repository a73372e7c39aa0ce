package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/store"
)

// filesIn lists every regular file under dir, relative to it.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(dir, path)
			files = append(files, rel)
			return err
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func newContentDir(t *testing.T) (*store.ContentDir, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	cd, err := store.NewContentDir(dir)
	require.NoError(t, err)
	return cd, dir
}

func readAll(t *testing.T, cd *store.ContentDir, sha string) []byte {
	t.Helper()
	rc, err := cd.Open(context.Background(), sha)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return b
}

func TestContentDir_Put(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		cd, dir := newContentDir(t)
		content := []byte("营业执照 scan, page 1")
		info, err := cd.Put(ctx, bytes.NewReader(content), 1<<20)
		require.NoError(t, err)
		assert.Equal(t, duediligence.ContentInfo{SHA256: sum(content), Size: int64(len(content))}, info)
		assert.Equal(t, content, readAll(t, cd, info.SHA256))
		assert.Equal(t, []string{filepath.Join(info.SHA256[:2], info.SHA256[2:])}, filesIn(t, dir))
	})
	t.Run("Empty", func(t *testing.T) {
		cd, _ := newContentDir(t)
		info, err := cd.Put(ctx, strings.NewReader(""), 0)
		require.NoError(t, err)
		assert.Equal(t, duediligence.ContentInfo{SHA256: sum(nil), Size: 0}, info)
		assert.Empty(t, readAll(t, cd, info.SHA256))
	})
	t.Run("Large", func(t *testing.T) {
		// 8 MiB streamed in small reads, to exercise the streaming path.
		cd, _ := newContentDir(t)
		content := bytes.Repeat([]byte("0123456789abcdef"), 1<<19)
		info, err := cd.Put(ctx, io.MultiReader(bytes.NewReader(content[:3]), bytes.NewReader(content[3:])), int64(len(content)))
		require.NoError(t, err)
		assert.Equal(t, sum(content), info.SHA256)
		assert.Equal(t, int64(len(content)), info.Size)
		assert.True(t, bytes.Equal(content, readAll(t, cd, info.SHA256)))
	})
	t.Run("Dedupe", func(t *testing.T) {
		cd, dir := newContentDir(t)
		content := []byte("same bytes")
		first, err := cd.Put(ctx, bytes.NewReader(content), 100)
		require.NoError(t, err)
		file := filepath.Join(dir, first.SHA256[:2], first.SHA256[2:])
		before, err := os.Stat(file)
		require.NoError(t, err)
		second, err := cd.Put(ctx, bytes.NewReader(content), 100)
		require.NoError(t, err)
		assert.Equal(t, first, second)
		after, err := os.Stat(file)
		require.NoError(t, err)
		assert.True(t, os.SameFile(before, after), "the existing file is kept")
		assert.Len(t, filesIn(t, dir), 1)
	})
	t.Run("ReplacesAShortFile", func(t *testing.T) {
		cd, dir := newContentDir(t)
		content := []byte("the whole content")
		info, err := cd.Put(ctx, bytes.NewReader(content), 100)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, info.SHA256[:2], info.SHA256[2:]), content[:3], 0o600))
		_, err = cd.Put(ctx, bytes.NewReader(content), 100)
		require.NoError(t, err)
		assert.Equal(t, content, readAll(t, cd, info.SHA256))
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		cd, dir := newContentDir(t)
		r := &countingReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
		_, err := cd.Put(ctx, r, 10)
		require.Error(t, err)
		assert.ErrorIs(t, err, duediligence.ErrTooLarge)
		assert.Equal(t, duediligence.CodeTooLarge, duediligence.ErrorCode(err))
		assert.Equal(t, "ContentDir.Put: content is over the limit of 10 bytes", err.Error())
		assert.Empty(t, filesIn(t, dir), "nothing is kept")
		assert.LessOrEqual(t, r.n, int64(11), "reads stop at limit+1 bytes")
	})
	t.Run("OneOverTheLimit", func(t *testing.T) {
		cd, dir := newContentDir(t)
		_, err := cd.Put(ctx, strings.NewReader("12345678901"), 10)
		assert.ErrorIs(t, err, duediligence.ErrTooLarge)
		assert.Empty(t, filesIn(t, dir))
	})
	t.Run("ExactlyTheLimit", func(t *testing.T) {
		cd, _ := newContentDir(t)
		info, err := cd.Put(ctx, strings.NewReader("1234567890"), 10)
		require.NoError(t, err)
		assert.Equal(t, int64(10), info.Size)
	})
	t.Run("ReadError", func(t *testing.T) {
		cd, dir := newContentDir(t)
		boom := errors.New("connection reset")
		_, err := cd.Put(ctx, io.MultiReader(strings.NewReader("partial"), errReader{boom}), 100)
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, duediligence.CodeInternal, duediligence.ErrorCode(err))
		assert.Empty(t, filesIn(t, dir), "the temporary file is removed")
	})
	t.Run("Cancelled", func(t *testing.T) {
		cd, dir := newContentDir(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := cd.Put(cctx, strings.NewReader("abc"), 100)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, filesIn(t, dir))
	})
	t.Run("Concurrent", func(t *testing.T) {
		cd, dir := newContentDir(t)
		content := bytes.Repeat([]byte("抵押合同"), 50000)
		const n = 16
		infos := make([]duediligence.ContentInfo, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				infos[i], errs[i] = cd.Put(ctx, bytes.NewReader(content), 1<<30)
			})
		}
		wg.Wait()
		for i := range n {
			require.NoError(t, errs[i])
			assert.Equal(t, duediligence.ContentInfo{SHA256: sum(content), Size: int64(len(content))}, infos[i])
		}
		assert.Len(t, filesIn(t, dir), 1, "one file, no temporary left")
		assert.True(t, bytes.Equal(content, readAll(t, cd, sum(content))))
	})
	t.Run("NegativeLimit", func(t *testing.T) {
		cd, _ := newContentDir(t)
		_, err := cd.Put(ctx, strings.NewReader(""), -1)
		assert.ErrorIs(t, err, duediligence.ErrInvalid)
	})
}

func TestContentDir_Open(t *testing.T) {
	ctx := context.Background()
	cd, _ := newContentDir(t)
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := cd.Open(ctx, sum([]byte("never stored")))
		assert.ErrorIs(t, err, duediligence.ErrNotFound)
		assert.True(t, strings.HasPrefix(err.Error(), "ContentDir.Open: "), err.Error())
	})
	for _, bad := range []string{
		"",
		"../../../../etc/passwd",
		"ab/" + strings.Repeat("0", 62),
		strings.Repeat("A", 64),
		strings.Repeat("0", 63),
		strings.Repeat("0", 65),
		strings.Repeat("0", 62) + "g0",
		"../" + strings.Repeat("0", 61),
	} {
		t.Run(fmt.Sprintf("ErrInvalid %q", bad), func(t *testing.T) {
			_, err := cd.Open(ctx, bad)
			assert.ErrorIs(t, err, duediligence.ErrInvalid)
		})
	}
}

func TestNewContentDir(t *testing.T) {
	_, err := store.NewContentDir("")
	assert.ErrorIs(t, err, duediligence.ErrInvalid)
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = store.NewContentDir(filepath.Join(file, "sub"))
	assert.Error(t, err)
}

func ExampleContentDir() {
	dir, err := os.MkdirTemp("", "jinzhi-content")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	contents, err := store.NewContentDir(dir)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	info, err := contents.Put(ctx, strings.NewReader("hello"), 1<<20)
	fmt.Println(info.SHA256, info.Size, err)
	_, err = contents.Put(ctx, strings.NewReader("hello, world"), 5)
	fmt.Println(err)
	_, err = contents.Open(ctx, "../secrets")
	fmt.Println(err)
	// Output:
	// 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 5 <nil>
	// ContentDir.Put: content is over the limit of 5 bytes
	// ContentDir.Open: "../secrets" is not a SHA-256 in lower-case hex
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
