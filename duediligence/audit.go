package duediligence

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// AuditKey is the secret that signs the audit trail (审计轨迹签名密钥): an
// HMAC-SHA-256 key kept outside the database, the same on every replica.
// The hash chain alone shows a changed event only to someone who does not
// recompute the later hashes; the key's MAC over each stream's head
// (Checkpoint) is what someone with write access to the database, but not
// the key, cannot forge.
//
// A key may carry older keys (ParseAuditKey of several lines, WithOlder)
// that verify what they signed and sign nothing: a rotation configures the
// new key first and the old ones after it, re-signs the trail with the new
// one (jinzhi audit rotate-key), and can then drop the old ones.
type AuditKey struct {
	secret []byte
	id     string
	// older verify only.
	older []*AuditKey
}

// MinAuditKeyBytes is the shortest secret an AuditKey accepts.
const MinAuditKeyBytes = 32

// NewAuditKey returns the key of secret, which must have at least
// MinAuditKeyBytes bytes.
func NewAuditKey(secret []byte) (*AuditKey, error) {
	if len(secret) < MinAuditKeyBytes {
		return nil, Errorf(CodeInvalid, "NewAuditKey", "an audit key needs at least %d bytes, not %d", MinAuditKeyBytes, len(secret))
	}
	k := &AuditKey{secret: append([]byte(nil), secret...)}
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("jinzhi/audit/key-id/v1"))
	k.id = hex.EncodeToString(m.Sum(nil)[:8])
	return k, nil
}

// GenerateAuditKey returns a new random key of 32 bytes.
func GenerateAuditKey() *AuditKey {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read does not fail (Go 1.24)
	k, _ := NewAuditKey(secret)
	return k
}

// ParseAuditKey reads a key written as hex (64 digits or more) or as
// standard or URL-safe base64, surrounding spaces ignored: the form of
// JINZHI_AUDIT_KEY and of a key file (Text writes hex). Text of several
// lines holds several keys, one a line (blank lines and lines starting with
// # ignored): the first signs, and all verify.
func ParseAuditKey(text string) (*AuditKey, error) {
	var keys []*AuditKey
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := parseOneAuditKey(line)
		if err != nil {
			var e *Error
			if len(lines) > 1 && errors.As(err, &e) {
				err = Errorf(CodeInvalid, "ParseAuditKey", "line %d: %s", i+1, e.Message)
			}
			return nil, err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, Errorf(CodeInvalid, "ParseAuditKey", "the audit key is empty")
	}
	return keys[0].WithOlder(keys[1:]...), nil
}

func parseOneAuditKey(text string) (*AuditKey, error) {
	if b, err := hex.DecodeString(text); err == nil {
		return NewAuditKey(b)
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil {
			return NewAuditKey(b)
		}
	}
	return nil, Errorf(CodeInvalid, "ParseAuditKey", "the audit key is neither hex nor base64")
}

// WithOlder returns k, signing, with older keys that only verify (their own
// older keys too). A key given twice counts once.
func (k *AuditKey) WithOlder(older ...*AuditKey) *AuditKey {
	out := &AuditKey{secret: k.secret, id: k.id}
	seen := map[string]bool{k.id: true}
	for _, o := range append(append([]*AuditKey(nil), k.older...), older...) {
		for _, v := range o.keys() {
			if !seen[v.id] {
				seen[v.id] = true
				out.older = append(out.older, &AuditKey{secret: v.secret, id: v.id})
			}
		}
	}
	return out
}

// Signer returns the key that signs, without the older keys.
func (k *AuditKey) Signer() *AuditKey { return &AuditKey{secret: k.secret, id: k.id} }

// keys returns k and its older keys, k first.
func (k *AuditKey) keys() []*AuditKey { return append([]*AuditKey{k}, k.older...) }

// IDs returns the IDs of k and of its older keys, k's first.
func (k *AuditKey) IDs() []string {
	var ids []string
	for _, v := range k.keys() {
		ids = append(ids, v.id)
	}
	return ids
}

// byID returns the key of k's ring with the ID, or nil.
func (k *AuditKey) byID(id string) *AuditKey {
	for _, v := range k.keys() {
		if v.id == id {
			return v
		}
	}
	return nil
}

// notConfigured says that a signature was made with a key not among k's.
func (k *AuditKey) notConfigured(what, id string) error {
	configured := "the configured key " + k.ID()
	if len(k.older) > 0 {
		configured = "the configured keys " + strings.Join(k.IDs(), ", ")
	}
	return fmt.Errorf("%s was signed with audit key %s, not with %s (another key, or the trail was re-signed with a new key by jinzhi audit rotate-key: configure that key first, older ones on the lines after it; see docs/operations.md)",
		what, orNone(id), configured)
}

// Text returns the key in hex, as a key file holds it.
func (k *AuditKey) Text() string { return hex.EncodeToString(k.secret) }

// ID names the key without revealing it (16 hex digits of a MAC of a fixed
// text): checkpoints record it, so that a trail signed by another key says
// so instead of looking forged.
func (k *AuditKey) ID() string { return k.id }

// mac returns the hex HMAC of the parts, each followed by a NUL byte.
func (k *AuditKey) mac(parts ...string) string {
	m := hmac.New(sha256.New, k.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}

func (k *AuditKey) equalMAC(want, got string) bool {
	return hmac.Equal([]byte(want), []byte(got))
}

// AuditShards is the number of shards the audit trail counts its streams
// in. A new stream takes the next ordinal of its shard (AuditShard), whose
// signed count is one row: new cases in different shards do not wait for
// each other, as they would on one count of every stream.
const AuditShards = 64

// AuditShard returns the shard of a stream: the FNV-1a hash of its name,
// modulo AuditShards.
func AuditShard(stream string) int { return auditShardOf(stream, AuditShards) }

func auditShardOf(stream string, shards int) int {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return int(h.Sum64() % uint64(shards))
}

// AuditShardOf returns the shard of a stream among n shards; a store
// counts in AuditShards of them (n is for a benchmark that compares).
func AuditShardOf(stream string, n int) int { return auditShardOf(stream, n) }

// Checkpoint is the signed head of one audit stream: where it ends (Seq
// and the Hash of its last event), its Shard (AuditShard of the stream)
// and its Ordinal, the stream's number in the order the shard's streams
// began (1, 2, …, without gaps), so that a stream deleted with its
// checkpoint leaves a hole. Stores write it with every event they append,
// in the same transaction.
type Checkpoint struct {
	Stream  string `json:"stream"`
	Shard   int    `json:"shard"`
	Ordinal int64  `json:"ordinal"`
	Seq     int64  `json:"seq"`
	Hash    string `json:"hash"`
	KeyID   string `json:"key_id"`
	MAC     string `json:"mac"`
}

// SignCheckpoint sets c's KeyID and MAC.
func (k *AuditKey) SignCheckpoint(c *Checkpoint) {
	c.KeyID = k.ID()
	c.MAC = k.checkpointMAC(*c)
}

func (k *AuditKey) checkpointMAC(c Checkpoint) string {
	return k.mac("jinzhi/audit/checkpoint/v2", strconv.Itoa(c.Shard), c.Stream, strconv.FormatInt(c.Ordinal, 10), strconv.FormatInt(c.Seq, 10), c.Hash)
}

// checkCheckpoint says why c does not carry the signature of one of k's
// keys, or nil.
func (k *AuditKey) checkCheckpoint(c Checkpoint) error {
	v := k.byID(c.KeyID)
	if v == nil {
		return k.notConfigured("its checkpoint", c.KeyID)
	}
	if !v.equalMAC(v.checkpointMAC(c), c.MAC) {
		return errors.New("its checkpoint's signature does not match (the checkpoint was changed behind the application)")
	}
	return nil
}

// VerifyCheckpoint says why c does not carry the signature of one of k's
// keys, or nil.
func (k *AuditKey) VerifyCheckpoint(c Checkpoint) error { return k.checkCheckpoint(c) }

// SignCheckpointV1 sets c's KeyID and MAC as the audit trail signed them
// before it had shards (over the stream, its ordinal among all streams, its
// seq and hash). Only the migration to shards and its tests need it.
func (k *AuditKey) SignCheckpointV1(c *Checkpoint) {
	c.KeyID = k.ID()
	c.MAC = k.mac("jinzhi/audit/checkpoint/v1", c.Stream, strconv.FormatInt(c.Ordinal, 10), strconv.FormatInt(c.Seq, 10), c.Hash)
}

// CheckCheckpointV1 says why c does not carry the signature of one of k's
// keys of before the shards (SignCheckpointV1), or nil.
func (k *AuditKey) CheckCheckpointV1(c Checkpoint) error {
	if v := k.byID(c.KeyID); v != nil {
		want := c
		v.SignCheckpointV1(&want)
		if v.equalMAC(want.MAC, c.MAC) {
			return nil
		}
	}
	return errors.New("its checkpoint's signature does not match")
}

// AuditState is the signed count of the streams begun in one shard: the
// highest Ordinal a checkpoint of the shard may have. A shard's count of 0
// is signed too.
type AuditState struct {
	Shard   int    `json:"shard"`
	Streams int64  `json:"streams"`
	KeyID   string `json:"key_id"`
	MAC     string `json:"mac"`
}

// SignAuditState sets s's KeyID and MAC.
func (k *AuditKey) SignAuditState(s *AuditState) {
	s.KeyID = k.ID()
	s.MAC = k.stateMAC(*s)
}

func (k *AuditKey) stateMAC(s AuditState) string {
	return k.mac("jinzhi/audit/shard/v1", strconv.Itoa(s.Shard), strconv.FormatInt(s.Streams, 10))
}

func (k *AuditKey) checkState(s AuditState) error {
	if s.MAC == "" {
		// Stores sign the count of an empty shard too: an unsigned 0 is
		// what someone who deleted the shard's streams would leave.
		return fmt.Errorf("the count of audit streams of shard %d is not signed (changed behind the application)", s.Shard)
	}
	v := k.byID(s.KeyID)
	if v == nil {
		return k.notConfigured(fmt.Sprintf("the count of audit streams of shard %d", s.Shard), s.KeyID)
	}
	if !v.equalMAC(v.stateMAC(s), s.MAC) {
		return fmt.Errorf("the signature of the count of audit streams of shard %d does not match (changed behind the application)", s.Shard)
	}
	return nil
}

// VerifyAuditState says why s does not carry the signature of one of k's
// keys, or nil.
func (k *AuditKey) VerifyAuditState(s AuditState) error { return k.checkState(s) }

// SignAuditStateV1 returns the key ID and MAC of the count of all streams
// as the trail signed it before it had shards. Only the migration to shards
// and its tests need it.
func (k *AuditKey) SignAuditStateV1(streams int64) (keyID, mac string) {
	return k.ID(), k.mac("jinzhi/audit/state/v1", strconv.FormatInt(streams, 10))
}

// CheckAuditStateV1 says why a count of all streams of before the shards
// does not carry the signature of one of k's keys, or nil.
func (k *AuditKey) CheckAuditStateV1(streams int64, keyID, mac string) error {
	if streams == 0 && mac == "" {
		return nil
	}
	if v := k.byID(keyID); v != nil {
		if _, want := v.SignAuditStateV1(streams); v.equalMAC(want, mac) {
			return nil
		}
	}
	return errors.New("the signature of the count of audit streams does not match")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// AuditHead is a digest of every stream's checkpoint at one moment, signed,
// for an auditor to keep outside the database (jinzhi audit head): a
// database restored from an older copy carries older checkpoints that are
// validly signed, and only a head kept elsewhere shows that it went back
// (VerifyAudit with Since).
type AuditHead struct {
	// Streams is how many streams the head covers, Events the sum of
	// their lengths.
	Streams int64
	Events  int64
	// Digest is the hex SHA-256 of the checkpoints in the order of their
	// shard and ordinal, each numbered by its place in that order.
	Digest string
	MAC    string
}

// AuditHeadRecord is what the database keeps of a head it gave out: which
// streams it covered, in the order the digest took them, and the length of
// each then, from which the digest is recomputed over the events the
// database holds now.
type AuditHeadRecord struct {
	Digest  string
	Streams []HeadStream
}

// HeadStream is one stream a head covered: its place (shard and ordinal)
// and its length then.
type HeadStream struct {
	Shard   int
	Ordinal int64
	Seq     int64
}

const headPrefix = "jzh1"

// String is the head's text, which ParseAuditHead reads:
// jzh1.STREAMS.EVENTS.DIGEST.MAC.
func (h AuditHead) String() string {
	return fmt.Sprintf("%s.%d.%d.%s.%s", headPrefix, h.Streams, h.Events, h.Digest, h.MAC)
}

// ParseAuditHead reads the text of a head.
func ParseAuditHead(s string) (AuditHead, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	bad := func(why string) (AuditHead, error) {
		return AuditHead{}, Errorf(CodeInvalid, "ParseAuditHead", "%q is not an audit head (jzh1.STREAMS.EVENTS.DIGEST.MAC): %s", s, why)
	}
	if len(parts) != 5 || parts[0] != headPrefix {
		return bad("wrong shape")
	}
	var h AuditHead
	var err error
	if h.Streams, err = strconv.ParseInt(parts[1], 10, 64); err != nil || h.Streams < 0 {
		return bad("bad stream count")
	}
	if h.Events, err = strconv.ParseInt(parts[2], 10, 64); err != nil || h.Events < 0 {
		return bad("bad event count")
	}
	for _, p := range parts[3:] {
		if b, err := hex.DecodeString(p); err != nil || len(b) != sha256.Size {
			return bad("digest and MAC are 64 hex digits each")
		}
	}
	h.Digest, h.MAC = parts[3], parts[4]
	return h, nil
}

// SignAuditHead sets h's MAC.
func (k *AuditKey) SignAuditHead(h *AuditHead) {
	h.MAC = k.mac("jinzhi/audit/head/v1", strconv.FormatInt(h.Streams, 10), strconv.FormatInt(h.Events, 10), h.Digest)
}

func (k *AuditKey) checkHead(h AuditHead) error {
	for _, v := range k.keys() {
		want := h
		v.SignAuditHead(&want)
		if v.equalMAC(want.MAC, h.MAC) {
			return nil
		}
	}
	return errors.New("the head's signature does not match the configured audit key (another key — a head taken before a rotation needs the old key on a later line — or a head that was changed)")
}

// headDigest hashes checkpoints given in order, each with its place in it
// from 1 (before the shards, the place was the stream's ordinal).
type headDigest struct {
	h       hashWriter
	streams int64
	events  int64
}

type hashWriter interface {
	Write([]byte) (int, error)
	Sum([]byte) []byte
}

func newHeadDigest() *headDigest {
	d := &headDigest{h: sha256.New()}
	d.h.Write([]byte("jinzhi/audit/head/v1\n"))
	return d
}

func (d *headDigest) add(place int64, stream string, seq int64, hash string) {
	d.streams++
	d.events += seq
	fmt.Fprintf(d.h, "%d\x00%s\x00%d\x00%s\n", place, stream, seq, hash)
}

func (d *headDigest) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
