// Package identity parses and validates PRC identity numbers: the resident identity card
// number (居民身份证号码, GB 11643-1999, with the legacy 15-digit form of GB 11643-1989)
// and the unified social credit code of organizations (统一社会信用代码, GB 32100-2015).
//
// It implements the Identity rules of the rule catalogue: identity.resident_id,
// identity.resident_id_birthdate and identity.legacy_id (by ParseResidentID),
// identity.credit_code (by ParseCreditCode) and identity.credit_code_structure (by
// CreditCode.StructureProblems, a warning, never a parse error). KnownRegion and
// LookupRegion check a resident ID's region code against an embedded GB/T 2260 table of
// county codes, current and historical (identity.resident_id_region, a warning: the
// table may lag behind a new county).
//
// Parsing trims surrounding white space and upper-cases letters, and rejects everything
// else that does not conform; errors wrap ErrLength, ErrCharacter, ErrChecksum,
// ErrBirthDate or ErrFutureBirthDate. Resident ID numbers are personal data: log them
// with MaskResidentID or ResidentID.Masked.
//
//	id, err := identity.ParseResidentID(input, clock.Now())
//	switch {
//	case errors.Is(err, identity.ErrChecksum):
//		// a typo: ask the applicant to check the number
//	case err != nil:
//		return err
//	}
//	log.Printf("borrower %s, %d years old", id.Masked(), id.AgeOn(applicationDate))
//	if place, ok := identity.RegionName(id.Region); ok {
//		log.Printf("first registered in %s", place) // 北京市朝阳区
//	}
//
//	org, err := identity.ParseCreditCode("91110000600037341L")
//	warnings := org.StructureProblems() // empty for a well-formed code
package identity
