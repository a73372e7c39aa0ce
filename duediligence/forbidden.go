package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// A refusal says why (403): the action the actor tried, the roles that may
// do it and, when the actor's role may but separation of duties (审贷分离)
// forbids this person, the rule with its citation among the unmet
// conditions, as a gate names them.

// separationOfDutiesCitation is the law process.separation_of_duties
// applies (RULES.md).
const separationOfDutiesCitation = "Commercial Bank Law art. 35 (审贷分离)"

// separationOfDutiesRule is process.separation_of_duties as the citations
// know it: a rule the approval enforces rather than the catalogue runs.
var separationOfDutiesRule = Rule{ID: "process.separation_of_duties", Citation: separationOfDutiesCitation,
	CitationZH: "《中华人民共和国商业银行法》第三十五条（审贷分离、分级审批）"}

// forbidden is the 403 of a role that may not do action.
func forbidden(action string, role Role, may ...Role) *Error {
	return forbiddenBy("forbidden.role", action, role, may)
}

// forbiddenBy is the 403 of role refused action for the reason key.
func forbiddenBy(key, action string, role Role, may []Role) *Error {
	return &Error{Code: CodeForbidden, Message: RenderForbidden(check.EN, key, action, role, may),
		Action: action, Roles: may, Key: key, ActorRole: role}
}

// separationOfDuties is the 403 of an approver whom separation of duties
// forbids the step at path that role may take: the message of key, and
// the rule as the one unmet condition.
func separationOfDuties(action, path string, role Role, key string, p check.Params) *Error {
	u := Unmet{Rule: "process.separation_of_duties", Severity: check.Block, Citation: separationOfDutiesCitation,
		Path: path, Key: key, Params: p, Message: allMessages().Render(check.EN, key, p)}
	return &Error{Code: CodeForbidden, Message: "process.separation_of_duties: " + u.Message, Action: action, Roles: []Role{role}, Unmet: []Unmet{u}}
}
