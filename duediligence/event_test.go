package duediligence_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

func chain(t *testing.T, n int) []dd.Event {
	t.Helper()
	var evs []dd.Event
	var prev *dd.Event
	for i := range n {
		ev := dd.Event{ID: "e" + string(rune('a'+i)), Stream: "case-1", At: time.Date(2026, 11, 27, 9, 0, i, 123456789, time.UTC),
			ActorID: "u1", ActorRole: dd.RoleAccountManager, Action: "finding.added", CaseID: "case-1", CaseVersion: i + 1,
			Data: json.RawMessage(`{"id": "f1",  "n": 1}`)}
		require.NoError(t, ev.Seal(prev))
		evs = append(evs, ev)
		prev = &evs[len(evs)-1]
	}
	return evs
}

func TestVerifyChain(t *testing.T) {
	require.NoError(t, dd.VerifyChain(chain(t, 5)))
	assert.Equal(t, int64(5), chain(t, 5)[4].Seq)

	for _, tc := range []struct {
		name   string
		tamper func([]dd.Event) []dd.Event
		seq    int64
	}{
		{"data changed", func(e []dd.Event) []dd.Event { e[2].Data = json.RawMessage(`{"id":"f2","n":1}`); return e }, 3},
		{"actor changed", func(e []dd.Event) []dd.Event { e[1].ActorID = "u2"; return e }, 2},
		{"event removed", func(e []dd.Event) []dd.Event { return append(e[:2], e[3:]...) }, 4},
		{"events swapped", func(e []dd.Event) []dd.Event { e[1], e[2] = e[2], e[1]; return e }, 3},
		{"hash rewritten", func(e []dd.Event) []dd.Event { e[3].Hash = e[2].Hash; return e }, 4},
		{"time shifted by a nanosecond", func(e []dd.Event) []dd.Event { e[0].At = e[0].At.Add(1); return e }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := dd.VerifyChain(tc.tamper(chain(t, 5)))
			var ce *dd.ChainError
			require.True(t, errors.As(err, &ce), "want a ChainError, got %v", err)
			assert.Equal(t, tc.seq, ce.Seq, ce.Error())
		})
	}

	t.Run("whitespace in data does not matter", func(t *testing.T) {
		e := chain(t, 2)
		e[1].Data = json.RawMessage(`{"id":"f1","n":1}`)
		require.NoError(t, dd.VerifyChain(e))
	})
}
