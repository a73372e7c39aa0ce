// Package duediligence models the credit-review case file (尽职调查档案) that a
// lender's account manager builds for one loan application: the applicant and
// the request, the document checklist, findings of the investigation, red
// flags, collateral and guarantees, the feasibility report, approval, and the
// workflow that moves the case from intake to a decision.
//
// The package holds the domain types, the Service that carries out every
// command (checking the actor's role, the case's stage and its version) and the
// Store and ContentStore interfaces it needs; package store implements them on
// PostgreSQL and SQLite.
//
//	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: files})
//	c, err := svc.CreateCase(ctx, manager, duediligence.NewCase{
//		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X"},
//		Request:   duediligence.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36, ...},
//	})
//	c, err = svc.Transition(ctx, manager, c.ID, c.Version,
//		duediligence.TransitionInput{To: duediligence.StageInvestigation})
//
// A refused transition returns an *Error with CodeGate whose Unmet lists every
// condition that is not met, not just the first.
//
// # Rules and messages
//
// The rules of docs/rules.md are one Catalogue (DefaultCatalogue), collateral's
// among them. A rule's Eval returns check.Results naming a message key and
// its parameters; the catalogue adds the rule, its citation and severity and
// renders the English message. A rule that cannot compute its figure blocks.
// Messages renders any result or field error in Chinese or English:
//
//	duediligence.Messages().RenderResult(unmet, check.ZH)
//
// # Validation
//
// Each input noun has a validate method in its own file, plain code that
// records every problem as a check.FieldError with its JSON path and reason
// (check.ErrRequired, check.ErrTooLong, …); there are no struct tags. An
// invalid input is an *Error with CodeInvalid listing them all in Fields.
package duediligence
