package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestGuarantees(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, personBody)
	before := len(w.get(t, am).Documents)

	r := w.write(t, am, "POST", "/guarantees", personGuarantee, http.StatusCreated, "Idempotency-Key", "g-1")
	g := decode[duediligence.Guarantee](t, r)
	require.NotEmpty(t, g.ID)
	require.Equal(t, w.base+"/guarantees/"+g.ID, r.header.Get("Location"))
	require.Equal(t, "赵六", g.Guarantor.Name)
	require.Equal(t, "1980-01-01", g.Guarantor.BirthDate, "derived from the resident ID")
	// A retry sends what the first attempt sent, its If-Match included.
	again := decode[duediligence.Guarantee](t, e.do(t, am, "POST", w.base+"/guarantees", personGuarantee, "Idempotency-Key", "g-1", "If-Match", `"1"`).must(t, http.StatusCreated))
	require.Equal(t, g.ID, again.ID)
	c := w.get(t, am)
	require.Len(t, c.Guarantees, 1)
	require.Greater(t, len(c.Documents), before, "the guarantor's documents join the checklist")

	// The guarantor's resident ID is checked, with its path in the case.
	bad := strings.Replace(personGuarantee, "110105198001010016", "110105198001010017", 1)
	p := problemOf(t, w.write(t, am, "POST", "/guarantees", bad, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"guarantees[1].guarantor.id_number"}, fieldsOf(p))

	// A merge patch: the amount, and one member of the guarantor.
	g = decode[duediligence.Guarantee](t, w.write(t, am, "PATCH", "/guarantees/"+g.ID, `{"amount":"300000.00","guarantor":{"phone":"13900139000"}}`, http.StatusOK,
		"Content-Type", "application/merge-patch+json"))
	require.Equal(t, "300000.00", g.Amount.String())
	require.Equal(t, "13900139000", g.Guarantor.Phone)
	require.Equal(t, "110105198001010016", g.Guarantor.IDNumber, "the rest stays")
	require.Equal(t, 36, g.Period.Months)
	p = problemOf(t, w.write(t, am, "PATCH", "/guarantees/"+g.ID, `{"guarantor_kind":"bank"}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"guarantees[0].guarantor_kind", "guarantees[0].guarantor.kind"}, fieldsOf(p), "every problem at once")
	p = problemOf(t, w.write(t, am, "PATCH", "/guarantees/"+g.ID, `{"amount":500000}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"amount"}, fieldsOf(p))
	problemOf(t, w.write(t, am, "PATCH", "/guarantees/nope", `{"amount":"1.00"}`, http.StatusNotFound), http.StatusNotFound, "not_found")

	// Finance sees the guarantor masked.
	require.Equal(t, "110105********0016", w.get(t, finance).Guarantees[0].Guarantor.IDNumber)

	w.write(t, am, "DELETE", "/guarantees/"+g.ID, nil, http.StatusNoContent)
	require.Empty(t, w.get(t, am).Guarantees)
	problemOf(t, w.write(t, am, "DELETE", "/guarantees/"+g.ID, nil, http.StatusNotFound), http.StatusNotFound, "not_found")
}
