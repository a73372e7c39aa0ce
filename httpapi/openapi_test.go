package httpapi_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// TestOpenAPI_routes checks that every route New registers is an operation
// of openapi.json and every operation is a route.
func TestOpenAPI_routes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(httpapi.OpenAPI(), &doc))
	var documented []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "patch", "delete", "head", "options", "trace":
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	var served []string
	for _, rt := range httpapi.Routes() {
		served = append(served, rt.Method+" "+rt.Pattern)
	}
	slices.Sort(documented)
	slices.Sort(served)
	require.Equal(t, served, documented, "routes in server.go and operations in openapi.json differ")
}

// TestOpenAPI_document checks that the document is valid OpenAPI 3.1 and
// that public routes need no token while the others do.
func TestOpenAPI_document(t *testing.T) {
	doc, err := libopenapi.NewDocument(httpapi.OpenAPI())
	require.NoError(t, err)
	require.Equal(t, "3.1.0", doc.GetVersion())
	model, err := doc.BuildV3Model()
	require.NoError(t, err)
	ok, errs := openAPIValidator(t).ValidateDocument()
	require.True(t, ok, "openapi.json is not valid OpenAPI:\n%s", describe(errs))

	for _, rt := range httpapi.Routes() {
		item, found := model.Model.Paths.PathItems.Get(rt.Pattern)
		require.True(t, found, rt.Pattern)
		op := item.GetOperations().GetOrZero(strings.ToLower(rt.Method))
		require.NotNil(t, op, rt.Method+" "+rt.Pattern)
		public := op.Security != nil && len(op.Security) == 0
		require.Equal(t, rt.Public, public, "%s %s: security in openapi.json", rt.Method, rt.Pattern)
		if !rt.Public {
			_, has401 := op.Responses.Codes.Get("401")
			require.True(t, has401, "%s %s documents no 401", rt.Method, rt.Pattern)
		}
		// The precondition a route evaluates is the one it documents.
		var ifMatch bool
		for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
			if p.In == "header" && p.Name == "If-Match" {
				ifMatch = p.Required != nil && *p.Required
			}
		}
		_, has428 := op.Responses.Codes.Get("428")
		require.Equal(t, rt.Precondition == "If-Match", ifMatch, "%s %s: If-Match required in openapi.json", rt.Method, rt.Pattern)
		require.Equal(t, rt.Precondition != "", has428, "%s %s: 428 in openapi.json", rt.Method, rt.Pattern)
		if ifMatch {
			_, has412 := op.Responses.Codes.Get("412")
			require.True(t, has412, "%s %s documents no 412", rt.Method, rt.Pattern)
		}
	}
}

// TestOpenAPI_served checks that GET /openapi.json serves the embedded document.
func TestOpenAPI_served(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, "", "GET", "/openapi.json", nil).must(t, http.StatusOK)
	require.JSONEq(t, string(httpapi.OpenAPI()), string(r.body))
}

// schemaTypes maps the component schemas of openapi.json to the Go types
// they describe. Responses are checked property by property as the tests
// meet them; this table also covers what no test response happens to carry
// and the request bodies.
var schemaTypes = []struct {
	schema string
	typ    any
	// output: the type is answered, so a field without omitempty is always
	// present and must be required; an input's required list is the domain's
	// validation, not its encoding.
	output bool
}{
	{"Case", duediligence.Case{}, true},
	{"Party", duediligence.Party{}, true},
	{"CreditSummary", duediligence.CreditSummary{}, true},
	{"FinancialStatement", duediligence.FinancialStatement{}, true},
	{"LoanRequest", duediligence.LoanRequest{}, true},
	{"WorkingCapitalPlan", duediligence.WorkingCapitalPlan{}, true},
	{"Document", duediligence.Document{}, true},
	{"FileRef", duediligence.FileRef{}, true},
	{"Sighting", duediligence.Sighting{}, true},
	{"Finding", duediligence.Finding{}, true},
	{"RedFlag", duediligence.RedFlag{}, true},
	{"FlagResolution", duediligence.FlagResolution{}, true},
	{"StageChange", duediligence.StageChange{}, true},
	{"Acknowledgement", duediligence.Acknowledgement{}, true},
	{"CollateralItem", duediligence.CollateralItem{}, true},
	{"Exposure", duediligence.Exposure{}, true},
	{"Land", collateral.Land{}, true},
	{"Owner", collateral.Owner{}, true},
	{"Consent", collateral.Consent{}, true},
	{"LegalStatus", collateral.LegalStatus{}, true},
	{"Encumbrance", collateral.Encumbrance{}, true},
	{"Occupancy", collateral.Occupancy{}, true},
	{"Appraisal", collateral.Appraisal{}, true},
	{"Perfection", collateral.Perfection{}, true},
	{"Registration", collateral.Registration{}, true},
	{"Valuation", collateral.Valuation{}, true},
	{"Coverage", collateral.Coverage{}, true},
	{"Guarantee", duediligence.Guarantee{}, true},
	{"GuaranteePeriod", duediligence.GuaranteePeriod{}, true},
	{"CorporateGuarantor", duediligence.CorporateGuarantor{}, true},
	{"Resolution", duediligence.Resolution{}, true},
	{"MutualGuarantee", duediligence.MutualGuarantee{}, true},
	{"Checks", duediligence.Checks{}, true},
	{"CheckResult", duediligence.CheckResult{}, true},
	{"Report", duediligence.Report{}, true},
	{"Figure", duediligence.Figure{}, true},
	{"CollateralLine", duediligence.CollateralLine{}, true},
	{"Assessment", duediligence.Assessment{}, true},
	{"Profitability", duediligence.Profitability{}, true},
	{"Risk", duediligence.Risk{}, true},
	{"Recommendation", duediligence.Recommendation{}, true},
	{"Attestation", duediligence.Attestation{}, true},
	{"Approval", duediligence.Approval{}, true},
	{"ApprovalStep", duediligence.ApprovalStep{}, true},
	{"LedgerRow", render.LedgerRow{}, true},
	{"CaseSummary", duediligence.CaseSummary{}, true},
	{"CasePage", duediligence.CasePage{}, true},
	{"Event", duediligence.Event{}, true},
	{"Actor", duediligence.Actor{}, true},
	{"FieldError", duediligence.FieldError{}, true},
	{"Unmet", duediligence.Unmet{}, true},
	{"NewCase", duediligence.NewCase{}, false},
	{"CaseUpdate", duediligence.CaseUpdate{}, false},
	{"DocumentInput", duediligence.DocumentInput{}, false},
	{"FindingInput", duediligence.FindingInput{}, false},
	{"FlagInput", duediligence.FlagInput{}, false},
	{"ResolutionInput", duediligence.ResolutionInput{}, false},
	{"TransitionInput", duediligence.TransitionInput{}, false},
	{"AcknowledgementInput", duediligence.AcknowledgementInput{}, false},
	{"ReportEdit", duediligence.ReportEdit{}, false},
	{"AttestationInput", duediligence.AttestationInput{}, false},
	{"DecisionInput", duediligence.DecisionInput{}, false},
	{"CoInvestigator", duediligence.CoInvestigator{}, true},
	{"CoInvestigatorInput", duediligence.CoInvestigatorInput{}, false},
	{"CollateralInput", collateral.Item{}, false},
	{"CollateralPatch", collateral.Item{}, false},
	{"RegistrationInput", duediligence.RegistrationInput{}, false},
	{"GuaranteeInput", duediligence.Guarantee{}, false},
	{"GuaranteePatch", duediligence.Guarantee{}, false},
	{"LandPatch", collateral.Land{}, false},
	{"LegalStatusPatch", collateral.LegalStatus{}, false},
	{"OccupancyPatch", collateral.Occupancy{}, false},
	{"PerfectionPatch", collateral.Perfection{}, false},
	{"PartyPatch", duediligence.Party{}, false},
	{"CreditSummaryPatch", duediligence.CreditSummary{}, false},
	{"GuaranteePeriodPatch", duediligence.GuaranteePeriod{}, false},
	{"CorporateGuarantorPatch", duediligence.CorporateGuarantor{}, false},
	{"ResolutionPatch", duediligence.Resolution{}, false},
	{"ApprovedTerms", duediligence.ApprovedTerms{}, true},
	{"Contracting", duediligence.Contracting{}, true},
	{"ContractStatus", duediligence.ContractStatus{}, true},
	{"ContractParty", contracts.Party{}, true},
	{"Clause", contracts.Clause{}, true},
	{"ContractCollateralLine", contracts.CollateralLine{}, true},
	{"Schedule", contracts.Schedule{}, true},
	{"Terms", contracts.Terms{}, true},
	{"Fee", contracts.Fee{}, true},
	{"Installment", contracts.Installment{}, true},
	{"AnnualizedRate", contracts.AnnualizedRate{}, true},
	{"Signature", duediligence.Signature{}, true},
	{"FeePayment", duediligence.FeePayment{}, true},
	{"ConditionMet", duediligence.ConditionMet{}, true},
	{"EntrustedPayment", duediligence.EntrustedPayment{}, true},
	{"Loan", duediligence.Loan{}, true},
	{"Tranche", duediligence.Tranche{}, true},
	{"ContractsInput", duediligence.ContractsInput{}, false},
	{"SignatureInput", duediligence.SignatureInput{}, false},
	{"FeeInput", duediligence.FeeInput{}, false},
	{"ConditionInput", duediligence.ConditionInput{}, false},
	{"DisbursementInput", duediligence.DisbursementInput{}, false},
	{"Repayment", duediligence.Repayment{}, true},
	{"Allocated", duediligence.Allocated{}, true},
	{"AllocationLine", duediligence.AllocationLine{}, true},
	{"Reversal", duediligence.Reversal{}, true},
	{"ManualClassification", duediligence.ManualClassification{}, true},
	{"LoanStatus", duediligence.LoanStatus{}, true},
	{"InstallmentStatus", duediligence.InstallmentStatus{}, true},
	{"RepaymentInput", duediligence.RepaymentInput{}, false},
	{"ReversalInput", duediligence.ReversalInput{}, false},
	{"ClassificationInput", duediligence.ClassificationInput{}, false},
	{"Visit", duediligence.Visit{}, true},
	{"VisitInput", duediligence.VisitInput{}, false},
	{"Visits", duediligence.Visits{}, true},
	{"Demand", duediligence.Demand{}, true},
	{"DemandInput", duediligence.DemandInput{}, false},
	// Investors and funders (funding.go).
	{"Investor", duediligence.Investor{}, true},
	{"IdentityCheck", duediligence.IdentityCheck{}, true},
	{"RiskDisclosure", duediligence.RiskDisclosure{}, true},
	{"Suitability", duediligence.Suitability{}, true},
	{"InvestorInput", duediligence.InvestorInput{}, false},
	{"AssessmentInput", duediligence.AssessmentInput{}, false},
	{"CoLender", duediligence.CoLender{}, true},
	{"FundersInput", duediligence.FundersInput{}, false},
	{"Selection", duediligence.Selection{}, true},
	{"Showing", duediligence.Showing{}, true},
	{"Interest", duediligence.Interest{}, true},
	{"Commitment", duediligence.Commitment{}, true},
	{"NoticeDelivery", duediligence.NoticeDelivery{}, true},
	{"Funder", duediligence.Funder{}, true},
	{"Funding", duediligence.FundingView{}, true},
	{"SelectionInput", duediligence.SelectionInput{}, false},
	{"InterestInput", duediligence.InterestInput{}, false},
	{"TeaserInput", duediligence.TeaserInput{}, false},
	{"CommitmentInput", duediligence.CommitmentInput{}, false},
	{"WithdrawalInput", duediligence.WithdrawalInput{}, false},
	{"NoticeDeliveryInput", duediligence.NoticeDeliveryInput{}, false},
	{"Teaser", duediligence.Teaser{}, true},
	{"TeaserCollateral", duediligence.TeaserCollateral{}, true},
	{"TeaserRecord", duediligence.TeaserRecord{}, true},
	{"TeaserDocument", duediligence.TeaserDocument{}, true},
	{"InvestorNotice", duediligence.InvestorNotice{}, true},
	// The client file's loans and their classification history (client_history.go).
	{"ClientLoan", duediligence.ClientLoan{}, true},
	{"ClassificationPeriod", duediligence.ClassificationPeriod{}, true},
	{"Downgrade", duediligence.Downgrade{}, true},
	{"Deadline", duediligence.Deadline{}, true},
	{"Deadlines", duediligence.Deadlines{}, true},
	{"Prospect", duediligence.Prospect{}, true},
	{"Consultation", duediligence.Consultation{}, true},
	{"ConsultationInput", duediligence.ConsultationInput{}, false},
	{"DailySummary", duediligence.DailySummary{}, true},
	{"DailyRow", duediligence.DailyRow{}, true},
	{"Activity", duediligence.Activity{}, true},
	{"WeeklySummary", duediligence.WeeklySummary{}, true},
	{"OverdueLoan", duediligence.OverdueLoan{}, true},
	{"Maturity", duediligence.Maturity{}, true},
	{"OverduePage", duediligence.PortfolioPage[duediligence.OverdueLoan]{}, true},
	{"MaturityPage", duediligence.PortfolioPage[duediligence.Maturity]{}, true},
}

// TestOpenAPI_schemasMatchTypes checks that each schema names exactly the
// JSON fields of its Go type, and that an answered field the encoder always
// writes is required while one it may omit is not.
func TestOpenAPI_schemasMatchTypes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
				Required   []string                   `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(httpapi.OpenAPI(), &doc))
	for _, st := range schemaTypes {
		schema, ok := doc.Components.Schemas[st.schema]
		if !ok {
			t.Errorf("openapi.json has no schema %s for %T", st.schema, st.typ)
			continue
		}
		var names, always []string
		for _, f := range jsonFieldsOf(reflect.TypeOf(st.typ)) {
			names = append(names, f.name)
			if !f.omitted {
				always = append(always, f.name)
			}
		}
		var documented []string
		for name := range schema.Properties {
			documented = append(documented, name)
		}
		slices.Sort(names)
		slices.Sort(documented)
		if !slices.Equal(names, documented) {
			t.Errorf("schema %s has properties %v; %T has JSON fields %v", st.schema, documented, st.typ, names)
		}
		if st.output {
			required := slices.Clone(schema.Required)
			slices.Sort(required)
			slices.Sort(always)
			if !slices.Equal(always, required) {
				t.Errorf("schema %s requires %v; %T always writes %v", st.schema, required, st.typ, always)
			}
		}
	}
}

type jsonField struct {
	name    string
	omitted bool // omitempty or omitzero: may be absent
}

// jsonFieldsOf lists the fields encoding/json writes for t, with those of
// embedded structs promoted.
func jsonFieldsOf(t reflect.Type) []jsonField {
	var out []jsonField
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if tag == "-" || f.Anonymous && name == "" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, omitted: strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")})
	}
	return out
}
