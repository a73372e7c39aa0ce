package duediligence

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// DocumentStatus is where a checklist document stands.
type DocumentStatus string

// Document statuses.
const (
	DocumentMissing  DocumentStatus = "missing"  // asked for, not yet provided
	DocumentReceived DocumentStatus = "received" // provided, not yet checked
	DocumentVerified DocumentStatus = "verified" // checked against the original
	DocumentRejected DocumentStatus = "rejected" // provided but not acceptable
)

// Document is one item of the case's checklist (申请资料): its type from the
// catalogue, which part of the case asks for it, its status and its files.
type Document struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Label string `json:"label"`
	// Required is true while some part of the case asks for the document;
	// RequiredBy names that part ("applicant", later "collateral[0]").
	Required   bool           `json:"required"`
	RequiredBy string         `json:"required_by,omitempty"`
	Status     DocumentStatus `json:"status"`
	Note       string         `json:"note,omitempty"`
	Files      []FileRef      `json:"files"`
	// OriginalSighted records who checked the original (原件核验) and when.
	OriginalSighted *Sighting `json:"original_sighted,omitempty"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// FileRef is the metadata of one uploaded file; the bytes are in the
// ContentStore under SHA256.
type FileRef struct {
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	MediaType  string    `json:"media_type"`
	Name       string    `json:"name"`
	UploadedBy string    `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// Sighting records that a person saw the original of a document.
type Sighting struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// Requirement is a document some part of the case asks for.
type Requirement struct {
	Type       string
	RequiredBy string
}

// RequirementSource derives required documents from the case. The applicant
// source reads the policy's catalogue; later features (collateral,
// guarantees) add their own sources with Service options, so the checklist
// grows without a central switch.
type RequirementSource func(c *Case, p *Policy) []Requirement

// ApplicantRequirements is the source that asks for the documents the
// catalogue lists for the applicant's kind (and marital status).
func ApplicantRequirements(c *Case, p *Policy) []Requirement {
	var out []Requirement
	for _, d := range p.Documents {
		if !slices.Contains(d.Applicant, c.Applicant.Kind) {
			continue
		}
		if d.MaritalStatus != "" && d.MaritalStatus != c.Applicant.MaritalStatus {
			continue
		}
		out = append(out, Requirement{Type: d.Type, RequiredBy: "applicant"})
	}
	return out
}

// DocumentInput records or updates a checklist document's metadata.
type DocumentInput struct {
	// ID selects an existing document; empty means the checklist document of
	// Type, or a new one if the case has none of that type.
	ID     string         `json:"id,omitempty"`
	Type   string         `json:"type,omitempty"`
	Status DocumentStatus `json:"status,omitempty"`
	// Note is at most 2000 characters.
	Note string `json:"note,omitempty"`
	// OriginalSighted, when true, records the actor as having seen the original now.
	OriginalSighted bool `json:"original_sighted,omitempty"`
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string `json:"-"`
}

// refreshChecklist brings the documents in line with the requirements: a
// newly required document is added as missing; one no longer required stays
// on file but stops counting.
func (s *Service) refreshChecklist(c *Case, now time.Time) {
	var reqs []Requirement
	for _, src := range s.requirements {
		reqs = append(reqs, src(c, s.policy)...)
	}
	wanted := map[Requirement]bool{}
	for _, r := range reqs {
		wanted[r] = true
	}
	have := map[Requirement]bool{}
	for i := range c.Documents {
		d := &c.Documents[i]
		if d.RequiredBy == "" {
			continue
		}
		k := Requirement{Type: d.Type, RequiredBy: d.RequiredBy}
		have[k] = true
		d.Required = wanted[k]
	}
	for _, r := range reqs {
		if have[r] {
			continue
		}
		have[r] = true
		label := r.Type
		if d, ok := s.policy.documentType(r.Type); ok {
			label = d.Label
		}
		c.Documents = append(c.Documents, Document{
			ID: s.ids.NewID(), Type: r.Type, Label: label, Required: true, RequiredBy: r.RequiredBy,
			Status: DocumentMissing, Files: []FileRef{}, UpdatedAt: now,
		})
	}
}

// documentIndex returns the index of the document with id, or -1.
func (c *Case) documentIndex(id string) int {
	return slices.IndexFunc(c.Documents, func(d Document) bool { return d.ID == id })
}

// checkEvidence refuses evidence that names no document of the case.
func (c *Case) checkEvidence(evidence []string) error {
	var probs check.Problems
	for i, e := range evidence {
		if c.documentIndex(e) < 0 {
			fe := fieldError(fmtPath("evidence", i), check.ErrNotFound, "document.unknown", check.Params{"id": e})
			fe.Value = e
			probs.Add(fe)
		}
	}
	return invalid(&probs)
}

// The limits of a document's and of evidence's fields.
const (
	maxNote     = 2000
	maxID       = 64  // an ID of a document, an item, a user
	maxType     = 64  // a document type
	maxEvidence = 100 // documents named as evidence
)

// documentStatuses are the statuses' names.
var documentStatuses = []string{string(DocumentMissing), string(DocumentReceived), string(DocumentVerified), string(DocumentRejected)}

func (in *DocumentInput) validate(p *check.Problems) {
	p.Text("id", in.ID, maxID)
	p.Text("type", in.Type, maxType)
	p.OptionalOneOf("status", string(in.Status), documentStatuses...)
	p.Text("note", in.Note, maxNote)
	if in.ID == "" && in.Type == "" {
		p.Add(fieldError("type", check.ErrRequired, "document.type_required", nil))
	}
}

// documentStages are where documents are recorded and uploaded: the
// checklist in intake and investigation; after submission it stays as it
// was submitted and approved, and once the loan is disbursed (and after,
// written off or closed: a recovery's evidence, a settlement certificate)
// the post-loan papers are added (postLoanStages).
var documentStages = []Stage{StageIntake, StageInvestigation, StageDisbursed, StageWrittenOff, StageClosed}

// postLoanStages are the stages in which post-loan documents are added.
var postLoanStages = []Stage{StageDisbursed, StageWrittenOff, StageClosed}

// postLoanDocumentRoles may add post-loan papers: the account manager of
// the case (and its co-investigators), who follows the loan; the
// department manager, who visits and demands too; the risk officer, who
// asks for write-offs; finance, who records repayments and recoveries.
var postLoanDocumentRoles = []Role{RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleFinance}

// documentAccess is who may write documents in a stage: the owner's
// checklist before submission, the post-loan papers after disbursement.
func documentAccess(st Stage) ([]Role, bool) {
	if slices.Contains(postLoanStages, st) {
		return postLoanDocumentRoles, true
	}
	return []Role{RoleAccountManager}, false
}

// documentParams names a document and its type for a refusal.
func (s *Service) documentParams(d *Document) check.Params {
	p := check.Params{"id": d.ID, "type": d.Type, "label": d.Label}
	if req, ok := s.policy.documentType(d.Type); ok {
		p["label_en"] = req.LabelEN
	}
	return p
}

// documentWritable reports whether a document of type t may change while
// the case is in stage st: a checklist type before submission, a post-loan
// type after disbursement.
func (s *Service) documentWritable(st Stage, t string) bool {
	req, _ := s.policy.documentType(t)
	return req.PostLoan == slices.Contains(postLoanStages, st)
}

// RecordDocument adds a document to the checklist or updates one's
// metadata; after disbursement it adds or updates a post-loan document
// (DocumentRequirement.PostLoan), while the checklist submitted for
// approval stays as it was.
func (s *Service) RecordDocument(ctx context.Context, actor Actor, caseID string, expected int, in DocumentInput) (c *Case, doc Document, err error) {
	defer Wrap(&err, "Service.RecordDocument")
	var probs check.Problems
	in.validate(&probs)
	if in.Type != "" && len(in.Type) <= maxType {
		if _, ok := s.policy.documentType(in.Type); !ok {
			probs.Add(fieldError("type", check.ErrNotFound, "document.type_unknown", check.Params{"type": in.Type}))
		}
	}
	if err := invalid(&probs); err != nil {
		return nil, Document{}, err
	}
	c, docID, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "document.recorded", idemKey: in.IdempotencyKey,
		stages: documentStages, access: documentAccess,
		apply: func(c *Case, now time.Time) (any, error) {
			i := -1
			switch {
			case in.ID != "":
				if i = c.documentIndex(in.ID); i < 0 {
					return nil, errorKey(CodeNotFound, "error.no_document", check.Params{"id": in.ID})
				}
				if in.Type != "" && in.Type != c.Documents[i].Type {
					return nil, invalidField(fieldError("type", check.ErrInconsistent, "document.type_change", nil))
				}
				if d := &c.Documents[i]; !s.documentWritable(c.Stage, d.Type) {
					fe := fieldError("id", check.ErrInconsistent, "document.frozen", s.documentParams(d))
					fe.Value = d.ID
					return nil, invalidField(fe)
				}
			default:
				if !s.documentWritable(c.Stage, in.Type) {
					req, _ := s.policy.documentType(in.Type)
					p := check.Params{"type": in.Type, "label": req.Label}
					key := "document.post_loan_only"
					if !req.PostLoan {
						key, p["types"] = "document.checklist_frozen", strings.Join(s.policy.postLoanTypes(), ", ")
					}
					fe := fieldError("type", check.ErrInconsistent, key, p)
					fe.Value = in.Type
					return nil, invalidField(fe)
				}
				// A post-loan paper is a document of its own each time
				// (one consent per guarantor); the checklist has one of
				// each type a part of the case asks for.
				i = slices.IndexFunc(c.Documents, func(d Document) bool { return d.Type == in.Type && d.RequiredBy != "" })
			}
			if i < 0 {
				req, _ := s.policy.documentType(in.Type)
				c.Documents = append(c.Documents, Document{ID: s.ids.NewID(), Type: in.Type, Label: req.Label, Status: DocumentMissing, Files: []FileRef{}})
				i = len(c.Documents) - 1
			}
			d := &c.Documents[i]
			if in.Status != "" {
				d.Status = in.Status
			}
			if in.Note != "" {
				d.Note = in.Note
			}
			if in.OriginalSighted {
				d.OriginalSighted = &Sighting{By: actor.ID, At: now}
			}
			d.UpdatedAt = now
			// "id" names the document, so that a replay of the same
			// idempotency key (which does not run apply) finds it.
			return map[string]any{"id": d.ID, "document_id": d.ID, "type": d.Type, "status": d.Status}, nil
		},
	})
	if err != nil {
		return nil, Document{}, err
	}
	if i := c.documentIndex(docID); i >= 0 {
		doc = c.Documents[i]
	}
	return c, doc, nil
}

// UploadDocumentContent streams a file into the content store and attaches it
// to the document. A document that was missing becomes received. Access, the
// version, the stage and the document are checked before a byte is read, so a
// refused upload stores nothing; only one whose case moves on while its body
// streams is refused after, and leaves its content unreferenced in the store.
func (s *Service) UploadDocumentContent(ctx context.Context, actor Actor, caseID string, expected int, docID string, name, mediaType string, r io.Reader) (c *Case, file FileRef, err error) {
	defer Wrap(&err, "Service.UploadDocumentContent")
	cur, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, FileRef{}, err
	}
	if expected != 0 && cur.Version != expected {
		return nil, FileRef{}, errorKey(CodeStale, "error.stale", check.Params{"case": caseID, "version": strconv.Itoa(cur.Version), "expected": strconv.Itoa(expected)})
	}
	roles, co := documentAccess(cur.Stage)
	if err := s.checkWriteBy("document.uploaded", actor, cur, roles, documentStages, co); err != nil {
		return nil, FileRef{}, err
	}
	if err := s.uploadable(cur, docID); err != nil {
		return nil, FileRef{}, err
	}
	info, err := s.content.Put(ctx, r, s.policy.MaxUploadBytes)
	if err != nil {
		return nil, FileRef{}, err
	}
	if name == "" {
		name = info.SHA256[:12]
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	c, err = s.mutate(ctx, actor, caseID, expected, mutation{
		action: "document.uploaded", stages: documentStages, access: documentAccess,
		apply: func(c *Case, now time.Time) (any, error) {
			if err := s.uploadable(c, docID); err != nil {
				return nil, err
			}
			d := &c.Documents[c.documentIndex(docID)]
			file = FileRef{SHA256: info.SHA256, Size: info.Size, MediaType: mediaType, Name: name, UploadedBy: actor.ID, UploadedAt: now}
			d.Files = append(d.Files, file)
			if d.Status == DocumentMissing {
				d.Status = DocumentReceived
			}
			d.UpdatedAt = now
			return map[string]any{"document_id": d.ID, "sha256": info.SHA256, "size": info.Size, "name": name}, nil
		},
	})
	return c, file, err
}

// uploadable refuses an upload to a document the case does not have, or
// to one its stage does not let change (a checklist document after
// submission).
func (s *Service) uploadable(c *Case, docID string) error {
	i := c.documentIndex(docID)
	if i < 0 {
		return errorKey(CodeNotFound, "error.no_document", check.Params{"id": docID})
	}
	if d := &c.Documents[i]; !s.documentWritable(c.Stage, d.Type) {
		return errorKey(CodeConflict, "error.document_frozen", s.documentParams(d))
	}
	return nil
}

// OpenDocumentContent returns a document's newest file (or the one with the
// given SHA-256) and records the download in the case's audit trail.
func (s *Service) OpenDocumentContent(ctx context.Context, actor Actor, caseID, docID, sha string) (rc io.ReadCloser, file FileRef, err error) {
	defer Wrap(&err, "Service.OpenDocumentContent")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, FileRef{}, err
	}
	i := c.documentIndex(docID)
	if i < 0 {
		return nil, FileRef{}, errorKey(CodeNotFound, "error.no_document", check.Params{"id": docID})
	}
	files := c.Documents[i].Files
	if len(files) == 0 {
		return nil, FileRef{}, errorKey(CodeNotFound, "error.document_no_file", check.Params{"id": docID})
	}
	file = files[len(files)-1]
	if sha != "" {
		j := slices.IndexFunc(files, func(f FileRef) bool { return f.SHA256 == sha })
		if j < 0 {
			return nil, FileRef{}, errorKey(CodeNotFound, "error.document_no_such_file", check.Params{"id": docID, "sha": sha})
		}
		file = files[j]
	}
	ev := s.event(actor, c.ID, c.Version, "document.downloaded", map[string]any{"document_id": docID, "sha256": file.SHA256})
	if err := s.appendEvent(ctx, ev); err != nil {
		return nil, FileRef{}, err
	}
	rc, err = s.content.Open(ctx, file.SHA256)
	return rc, file, err
}
