package contracts_test

import (
	"encoding/json"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
)

func TestEnums_JSON(t *testing.T) {
	var m contracts.RepaymentMethod
	if err := json.Unmarshal([]byte(`"equal_principal"`), &m); err != nil || m != contracts.EqualPrincipal {
		t.Errorf("method = %q, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`"balloon"`), &m); err == nil {
		t.Error("unknown method accepted")
	}
	if _, err := contracts.ParseRepaymentMethod("bullet"); err != nil {
		t.Error(err)
	}
	var tn contracts.Tenor
	if err := json.Unmarshal([]byte(`"10y"`), &tn); err == nil {
		t.Error("unknown tenor accepted")
	}
}
