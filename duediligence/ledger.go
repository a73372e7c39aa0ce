package duediligence

import "context"

// Ledger returns the year's ledger (台帐): every case given a number that
// year, in number order, as the actor may see them — account managers see
// the cases they own or co-investigate, and resident IDs are masked for roles that do not
// need them.
func (s *Service) Ledger(ctx context.Context, actor Actor, year int) (cases []*Case, err error) {
	defer Wrap(&err, "Service.Ledger")
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return nil, Errorf(CodeForbidden, "", "role %q does not read cases", actor.Role)
	}
	if year < 2000 || year > 9999 {
		return nil, &Error{Code: CodeInvalid, Message: "invalid input", Fields: []FieldError{{Field: "year", Message: "must be a year from 2000"}}}
	}
	all, err := s.store.FindLedger(ctx, year)
	if err != nil {
		return nil, err
	}
	cases = []*Case{}
	for _, c := range all {
		if !actor.Role.readsAllCases() && c.Owner != actor.ID && !c.isCoInvestigator(actor.ID) {
			continue
		}
		cases = append(cases, s.view(actor, c))
	}
	return cases, nil
}
