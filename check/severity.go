package check

// Severity is how strongly a rule's result weighs on a gate (严重程度).
type Severity string

// The severities: block stops the gate, warn must be acknowledged with a
// justification that the report carries, info is shown.
const (
	Block Severity = "block" // 阻断
	Warn  Severity = "warn"  // 警示, acknowledged with a justification
	Info  Severity = "info"  // 提示
)

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { return s == Block || s == Warn || s == Info }
