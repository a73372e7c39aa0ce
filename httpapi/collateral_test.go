package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// coOwnedShop is a shop two owners hold by shares, half each.
const coOwnedShop = `{"kind":"commercial","arrangement":"mortgage","description":"临街商铺","title_number":"京(2018)朝阳区不动产权第0000002号","co_ownership":"by_shares","owners":[{"name":"张三","id_number":"11010519491231002X","relation":"borrower","share":"1/2"},{"name":"赵六","id_number":"110105198001010016","relation":"third_party","share":"1/2"}],"consents":[{"owner":1,"given_on":"2026-02-10"}],"status":{},"occupancy":{},"perfection":{}}`

func TestCollateral(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, personBody)

	// Add: 201 with the item, its Location and valuation, and the case's ETag.
	r := w.write(t, am, "POST", "/collateral", houseItem, http.StatusCreated, "Idempotency-Key", "house-1")
	house := decode[duediligence.CollateralItem](t, r)
	require.NotEmpty(t, house.ID)
	require.Equal(t, w.base+"/collateral/"+house.ID, r.header.Get("Location"))
	require.NotNil(t, house.Valuation)
	require.Equal(t, "1000000.00", house.Valuation.ValueInUse.String())
	require.Equal(t, `"2"`, w.etag, "the case was at version 1")

	// A retry with the same key answers the same item and adds nothing.
	// A retry sends what the first attempt sent, its If-Match included.
	again := decode[duediligence.CollateralItem](t, e.do(t, am, "POST", w.base+"/collateral", houseItem, "Idempotency-Key", "house-1", "If-Match", `"1"`).must(t, http.StatusCreated))
	require.Equal(t, house.ID, again.ID)

	// Shares of a co-ownership by shares must add up to 1: the error names
	// the path of the share in the case.
	bad := strings.Replace(coOwnedShop, `"relation":"third_party","share":"1/2"`, `"relation":"third_party","share":"1/3"`, 1)
	p := problemOf(t, w.write(t, am, "POST", "/collateral", bad, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"collateral[1].owners[1].share"}, fieldsOf(p), "%+v", p.Errors)
	require.Contains(t, p.Errors[0].Message, "5/6")

	shop := decode[duediligence.CollateralItem](t, w.write(t, am, "POST", "/collateral", coOwnedShop, http.StatusCreated))
	require.Nil(t, shop.Valuation.Appraisals, "not appraised yet")

	// The case shows each item's valuation and the case's coverage.
	c := w.get(t, am)
	require.Len(t, c.Collateral, 2)
	v := c.Collateral[0].Valuation
	require.Equal(t, "1000000.00", v.ValueInUse.String())
	require.Equal(t, "0.70", v.AdvanceRate.String())
	require.Equal(t, "700000.00", v.Eligible.String())
	require.Equal(t, "0.00", c.Collateral[1].Valuation.Eligible.String())
	require.NotNil(t, c.Coverage)
	require.Equal(t, "1.4000", c.Coverage.Ratio.String())
	require.Equal(t, "0.5000", c.Coverage.LTV.String())

	// A merge patch changes what it names and keeps the rest.
	r = w.write(t, am, "PATCH", "/collateral/"+shop.ID, `{"description":"临街商铺，一层","occupancy":{"occupant":"租户某某"}}`, http.StatusOK,
		"Content-Type", "application/merge-patch+json")
	shop = decode[duediligence.CollateralItem](t, r)
	require.Equal(t, "临街商铺，一层", shop.Description)
	require.Equal(t, "租户某某", shop.Occupancy.Occupant)
	require.Len(t, shop.Owners, 2)
	require.Equal(t, "1/2", shop.Owners[1].Share.String())
	require.Len(t, shop.Consents, 1)

	// The shares again, through a patch: arrays are replaced whole.
	p = problemOf(t, w.write(t, am, "PATCH", "/collateral/"+shop.ID,
		`{"owners":[{"name":"张三","id_number":"11010519491231002X","relation":"borrower","share":"1/2"},{"name":"赵六","id_number":"110105198001010016","relation":"third_party","share":"1/3"}]}`,
		http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"collateral[1].owners[1].share"}, fieldsOf(p))
	// null removes a member: without a description the item still validates.
	shop = decode[duediligence.CollateralItem](t, w.write(t, am, "PATCH", "/collateral/"+shop.ID, `{"description":null}`, http.StatusOK))
	require.Empty(t, shop.Description)
	// Derived figures and the registration are not facts to patch.
	p = problemOf(t, w.write(t, am, "PATCH", "/collateral/"+shop.ID, `{"valuation":{"eligible":"9999999.00"}}`, http.StatusBadRequest), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"valuation"}, fieldsOf(p))
	p = problemOf(t, w.write(t, am, "PATCH", "/collateral/"+shop.ID, `{"rank":"first"}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"rank"}, fieldsOf(p))
	problemOf(t, w.write(t, am, "PATCH", "/collateral/"+shop.ID, `["not","an","object"]`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	problemOf(t, e.do(t, am, "PATCH", w.base+"/collateral/"+shop.ID, `{"rank":1}`, "If-Match", `"2"`), http.StatusPreconditionFailed, "stale")
	problemOf(t, w.write(t, am, "PATCH", "/collateral/nope", `{"rank":1}`, http.StatusNotFound), http.StatusNotFound, "not_found")

	// An appraisal values the shop.
	shop = decode[duediligence.CollateralItem](t, w.write(t, am, "POST", "/collateral/"+shop.ID+"/appraisals",
		`{"appraiser":"某评估公司","method":"market","value":"800000.00","date":"2026-02-15","report":"评字第001号"}`, http.StatusCreated))
	require.Equal(t, "800000.00", shop.Valuation.ValueInUse.String())
	p = problemOf(t, w.write(t, am, "POST", "/collateral/"+shop.ID+"/appraisals",
		`{"appraiser":"某评估公司","method":"market","value":"800000.00","date":"2026-04-01"}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"collateral[1].appraisals[1].date"}, fieldsOf(p))

	// Remove: 204 with the new ETag.
	before := w.etag
	r = w.write(t, am, "DELETE", "/collateral/"+shop.ID, nil, http.StatusNoContent)
	require.Empty(t, r.body)
	require.NotEqual(t, before, w.etag)
	c = w.get(t, am)
	require.Len(t, c.Collateral, 1)
	require.Equal(t, "0.5000", c.Coverage.LTV.String())
	problemOf(t, w.write(t, am, "DELETE", "/collateral/"+shop.ID, nil, http.StatusNotFound), http.StatusNotFound, "not_found")

	// The registration certificate, in investigation.
	reg := `{"item_id":%q,"registration":{"certificate_number":"京(2026)朝阳区不动产证明第0000001号","registry":"北京市朝阳区不动产登记中心","mortgagee":"金之银行","mortgagors":["张三"],"secured_amount":"500000.00","registered_on":"2026-03-01"}}`
	problemOf(t, w.write(t, am, "POST", "/registrations", strings.Replace(reg, "%q", `"`+house.ID+`"`, 1), http.StatusConflict), http.StatusConflict, "conflict")
	w.investigate(t)
	house = decode[duediligence.CollateralItem](t, w.write(t, finance, "POST", "/registrations", strings.Replace(reg, "%q", `"`+house.ID+`"`, 1), http.StatusCreated))
	require.Equal(t, "京(2026)朝阳区不动产证明第0000001号", house.Registration.CertificateNumber)
	p = problemOf(t, w.write(t, am, "POST", "/registrations", strings.Replace(reg, "%q", `"nope"`, 1), http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"item_id"}, fieldsOf(p))

	// Finance sees the owners' resident IDs masked; the owner whole.
	require.Equal(t, "110105********002X", w.get(t, finance).Collateral[0].Owners[0].IDNumber)
	require.Equal(t, "11010519491231002X", w.get(t, am).Collateral[0].Owners[0].IDNumber)
}
