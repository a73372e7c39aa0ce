package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// decodeTargets are the bodies the API decodes.
var decodeTargets = []func() any{
	func() any { return new(duediligence.NewCase) },
	func() any { return new(duediligence.CaseUpdate) },
	func() any { return new(duediligence.DocumentInput) },
	func() any { return new(duediligence.FindingInput) },
	func() any { return new(duediligence.FlagInput) },
	func() any { return new(duediligence.ResolutionInput) },
	func() any { return new(duediligence.TransitionInput) },
}

// FuzzDecodeJSON checks that no body makes decodeJSON panic or answer a
// server error, that each refusal is a well-formed problem, and that what it
// accepts encoding/json accepts too.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"applicant": {"kind":"person","name":"张三","id_number":"11010519491231002X","monthly_income":"30000.00"},"request":{"amount":"500000.00","term_months":36,"purpose":"采购","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`,
		`{"applicant": {"kind":"organization","name":"x","legal_representative":{"kind":"person","name":"y","spouse":{"name":"z"}}}}`,
		`{"request":{"amount":500000,"term_months":"36","repayment_method":"balloon","fees":null}}`,
		`{"co_borrowers":[{"kind":"person","name":"a"},null,7]}`,
		`{"to":"investigation","reason":"ok"}`, `{"decision":"dismissed","comment":""}`,
		`{"topic":"identity","evidence":["a",1],"date":"2026-01-01"}`,
		`{"Applicant":{"KIND":"person"}}`, `{"applicant":{"kind":"person","nick":1}}`,
		`{"applicant": `, `[]`, `null`, `""`, `{} {}`, `{}]`, `{"a":1e999}`, "\xff", ``,
		`{"request":{"term_months":1e3}}`, `{"request":{"term_months":99999999999999999999}}`,
		`{"id":"\ud800"}`, `{"description":"` + strings.Repeat("长", 2000) + `"}`,
		`{"to":"investigation","to":"submitted"}`, `{"reason":"a\u0000b"}`, "{\"reason\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	s := &server{maxBody: 4096, log: slog.New(slog.DiscardHandler)}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range decodeTargets {
			r := httptest.NewRequest("POST", "/v1/cases", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			v := target()
			err := s.decodeJSON(w, r, v)
			if err == nil {
				if e := json.Unmarshal(body, target()); e != nil {
					t.Fatalf("decodeJSON accepted %q into %T, encoding/json refuses it: %v", body, v, e)
				}
				continue
			}
			s.writeError(w, r, err)
			if !slices.Contains([]int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity}, w.Code) {
				t.Fatalf("%q into %T: status %d (%v)", body, v, w.Code, err)
			}
			var p problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Type == "" || p.Detail == "" {
				t.Fatalf("%q into %T: bad problem %s (%v)", body, v, w.Body.Bytes(), err)
			}
			if w.Code == http.StatusUnprocessableEntity && len(p.Errors) == 0 {
				t.Fatalf("%q into %T: a 422 lists no field", body, v)
			}
		}
	})
}

// TestDecodeJSON_accepts checks that a body encoding/json decodes strictly
// is accepted, with the same result.
func TestDecodeJSON_accepts(t *testing.T) {
	s := &server{maxBody: 1 << 20, log: slog.New(slog.DiscardHandler)}
	body := `{"applicant":{"kind":"person","name":"张三","Phone":"1","spouse":null,"monthly_income":null},"co_borrowers":[],"request":{"amount":"1.00","term_months":1,"purpose":"p","purpose_category":"other","repayment_method":"bullet","annual_rate":"0.05","repayment_source":"s","fees":null}}`
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/merge-patch+json")
	var got duediligence.NewCase
	if err := s.decodeJSON(httptest.NewRecorder(), r, &got); err != nil {
		t.Fatal(err)
	}
	var want duediligence.NewCase
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Fatalf("decoded\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if got.Applicant.Phone != "1" {
		t.Fatalf("a key in another case fills the field, as in encoding/json")
	}
}
