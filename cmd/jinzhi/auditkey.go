package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// auditKeyFileName is the key file the embedded SQLite default keeps
// beside its database file.
const auditKeyFileName = "audit.key"

// auditKey returns the key that signs the audit trail: JINZHI_AUDIT_KEY,
// or the file JINZHI_AUDIT_KEY_FILE (--audit-key-file) names. Without
// either, a PostgreSQL database is refused (its replicas must share one
// key, which only the operator can give them); a SQLite file gets the key
// file audit.key beside it, made (mode 0600) on first use, in which case
// notice says so; an in-memory database a key of the process's own.
func auditKey(cfg config, notice func(msg string, args ...any)) (*duediligence.AuditKey, error) {
	switch {
	case cfg.AuditKey != "" && cfg.AuditKeyFile != "":
		return nil, errors.New("set JINZHI_AUDIT_KEY or JINZHI_AUDIT_KEY_FILE, not both")
	case cfg.AuditKey != "":
		k, err := duediligence.ParseAuditKey(cfg.AuditKey)
		if err != nil {
			return nil, fmt.Errorf("JINZHI_AUDIT_KEY: %w", err)
		}
		return k, nil
	case cfg.AuditKeyFile != "":
		return readAuditKeyFile(cfg.AuditKeyFile)
	case isPostgres(cfg.DatabaseURL):
		return nil, errors.New("a PostgreSQL database needs an audit key that the database does not hold, the same on every replica: " +
			"set JINZHI_AUDIT_KEY (64 hex digits, e.g. from `openssl rand -hex 32`) or JINZHI_AUDIT_KEY_FILE (a file holding them); see docs/operations.md")
	}
	path := sqlitePath(cfg.DatabaseURL)
	if path == "" || path == ":memory:" || strings.HasPrefix(path, ":memory:") || strings.Contains(cfg.DatabaseURL, "mode=memory") {
		return duediligence.GenerateAuditKey(), nil
	}
	keyPath := filepath.Join(filepath.Dir(path), auditKeyFileName)
	k, err := readAuditKeyFile(keyPath)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	k = duediligence.GenerateAuditKey()
	if err := os.MkdirAll(filepath.Dir(keyPath), 0o700); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	f, err := os.OpenFile(keyPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process made it first
		return readAuditKeyFile(keyPath)
	}
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	_, err = fmt.Fprintln(f, k.Text())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(keyPath)
		return nil, fmt.Errorf("audit key: %w", err)
	}
	notice("generated the audit key that signs the audit trail; keep a copy apart from the database (without it the trail cannot be verified, and with it anyone can re-sign a forged one)",
		"audit_key_file", keyPath, "mode", "0600", "audit_key_id", k.ID())
	return k, nil
}

// readAuditKeyFile reads a key file; it refuses one that others than its
// owner may read.
func readAuditKeyFile(path string) (*duediligence.AuditKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("audit key file %s has mode %04o: others than its owner may read it (chmod 600 %s)", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := duediligence.ParseAuditKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("audit key file %s: %w", path, err)
	}
	return k, nil
}

// sqlitePath is the file path of a SQLite database URL.
func sqlitePath(url string) string {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	path, _, _ = strings.Cut(path, "?")
	return path
}

// auditKeyFlag defines --audit-key-file over JINZHI_AUDIT_KEY_FILE. The key
// itself has no flag: a flag's value is there for anyone on the machine to
// read in ps.
func auditKeyFlag(fs *flag.FlagSet, cfg *config) {
	overrideFlag(fs, &cfg.AuditKeyFile, "audit-key-file",
		"a `file` holding the key that signs the audit trail, hex or base64, mode 0600; several keys one a line: the first\n"+
			"signs, all verify (jinzhi audit rotate-key) (env JINZHI_AUDIT_KEY_FILE,\n"+
			"or the key itself in JINZHI_AUDIT_KEY; required with PostgreSQL; default audit.key beside a SQLite file, made on first use)")
}
