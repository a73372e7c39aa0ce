package collateral

import (
	"github.com/jinzhi-dev/jinzhi/money"
)

// Method is an appraisal method (评估方法).
type Method string

// The appraisal methods.
const (
	MethodMarket      Method = "market"       // 市场比较法
	MethodIncome      Method = "income"       // 收益法
	MethodCost        Method = "cost"         // 成本法
	MethodResidual    Method = "residual"     // 假设开发法
	MethodBenchmark   Method = "benchmark"    // 基准地价系数修正法
	MethodQuotedPrice Method = "quoted_price" // 市价 (listed securities, fund NAV)
	MethodFaceValue   Method = "face_value"   // 面值 (deposits, bills, receivables)
	MethodOther       Method = "other"        // 其他
)

// methodNames are the appraisal methods' names, in the order above.
var methodNames = []string{string(MethodMarket), string(MethodIncome), string(MethodCost), string(MethodResidual),
	string(MethodBenchmark), string(MethodQuotedPrice), string(MethodFaceValue), string(MethodOther)}

func (m Method) valid() bool {
	switch m {
	case MethodMarket, MethodIncome, MethodCost, MethodResidual, MethodBenchmark,
		MethodQuotedPrice, MethodFaceValue, MethodOther:
		return true
	}
	return false
}

// Appraisal is one valuation of an item (评估): by an appraisal firm, or by
// the lender's own staff for movables and rights.
type Appraisal struct {
	// Appraiser names the firm or person that valued the item.
	Appraiser string `json:"appraiser"`
	// Method is how the value was found.
	Method Method `json:"method"`
	// Value is the appraised value.
	Value money.Money `json:"value"`
	// Date is the value date of the appraisal (价值时点).
	Date money.Date `json:"date"`
	// Report is the appraisal report's number (评估报告编号).
	Report string `json:"report,omitempty"`
}
