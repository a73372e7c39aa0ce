package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// residentID is a resident ID number the log must never show whole.
const residentID = "11010519491231002X"

// idValuer hides a resident ID behind LogValue.
type idValuer struct{}

func (idValuer) LogValue() slog.Value { return slog.StringValue("owner " + residentID) }

// TestMaskResidentIDs checks every place of a record an ID could sit in.
func TestMaskResidentIDs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(MaskResidentIDs(slog.NewJSONHandler(&buf, nil)))
	log = log.With("case_owner", residentID).WithGroup("g")
	log.Error("lookup of "+residentID+" failed",
		"error", fmt.Errorf("store: no row for %s", residentID),
		"legacy", "110105491231002",
		"as_int", int64(110105194912310021),
		"as_uint", uint64(110105194912310021),
		"valuer", idValuer{},
		"panic", any(strings.ToLower(residentID)),
		slog.Group("nested", "id", residentID),
		"amount_fen", int64(50_000_000),
	)
	out := buf.String()
	for _, whole := range []string{residentID, "11010519491231002x", "110105491231002", "110105194912310021"} {
		if strings.Contains(out, whole) {
			t.Errorf("the log holds %s whole: %s", whole, out)
		}
	}
	for _, masked := range []string{"110105********002X", "110105********002x", `"amount_fen":50000000`} {
		if !strings.Contains(out, masked) {
			t.Errorf("the log lacks %s: %s", masked, out)
		}
	}
	if MaskResidentIDs(log.Handler()) != log.Handler() {
		t.Error("masking a masking handler again wraps it again")
	}
}

// TestWriteError_afterResponseStarted checks the one log line of an error
// met once the answer is under way: masked, with the request ID.
func TestWriteError_afterResponseStarted(t *testing.T) {
	var buf bytes.Buffer
	s := &server{log: slog.New(MaskResidentIDs(slog.NewJSONHandler(&buf, nil)))}
	rec := &statusRecorder{ResponseWriter: httptest.NewRecorder()}
	rec.WriteHeader(http.StatusOK)
	r := httptest.NewRequest("GET", "/v1/cases/x/documents/y/content", nil)
	s.writeError(rec, r, errors.New("reading the file of "+residentID+": unexpected EOF"))
	out := buf.String()
	if !strings.Contains(out, "error after the response started") || !strings.Contains(out, "110105********002X") || strings.Contains(out, residentID) {
		t.Errorf("late error logged as %s", out)
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"abcd1234": true, "lb-7f3a:0001": true, "A.B_C:D-E": true, strings.Repeat("z", 64): true,
		"01234567890123": true, "x-01234567890123-y-01234567890123": true,
		"abc1234": false, strings.Repeat("z", 65): false, "012345678901234": false, "id110105194912310021": false,
		"with space": false, "slash/slash": false, "nul\x00nul1": false, "ümlaut123": false,
	} {
		if got := validRequestID(id); got != want {
			t.Errorf("validRequestID(%q) = %v, want %v", id, got, want)
		}
	}
}

// FuzzMaskIDs: masking with the digit-run check first changes nothing — for
// any text it masks exactly what the expression alone masks.
func FuzzMaskIDs(f *testing.F) {
	for _, s := range []string{"", "/v1/cases/01a237e9-439e-719f-bf38-e06b39af0366", "11010519491231002X",
		"id 1101051949123100 x", "12345678901234", "123456789012345", "１１０１０５１９４９１２３１００２X", "a11010519491231002xb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := residentIDLike.ReplaceAllStringFunc(s, identity.MaskResidentID)
		if got := maskIDs(s); got != want {
			t.Fatalf("maskIDs(%q) = %q, want %q", s, got, want)
		}
	})
}
