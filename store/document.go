package store

import (
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// documentDoc is a checklist duediligence.Document as stored.
type documentDoc struct {
	ID              string       `json:"id"`
	Type            string       `json:"type"`
	Label           string       `json:"label,omitempty"`
	Required        bool         `json:"required,omitempty"`
	RequiredBy      string       `json:"required_by,omitempty"`
	Status          string       `json:"status"`
	Note            string       `json:"note,omitempty"`
	Files           []fileDoc    `json:"files"`
	OriginalSighted *sightingDoc `json:"original_sighted,omitempty"`
	UpdatedAt       time.Time    `json:"updated_at,omitzero"`
}

// fileDoc is a duediligence.FileRef as stored: the content itself is in
// the ContentStore, by its SHA-256.
type fileDoc struct {
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	MediaType  string    `json:"media_type,omitempty"`
	Name       string    `json:"name,omitempty"`
	UploadedBy string    `json:"uploaded_by,omitempty"`
	UploadedAt time.Time `json:"uploaded_at,omitzero"`
}

// sightingDoc is a duediligence.Sighting as stored.
type sightingDoc struct {
	By string    `json:"by"`
	At time.Time `json:"at,omitzero"`
}

func (e *encoder) documentDoc(d *duediligence.Document) documentDoc {
	return documentDoc{
		ID: d.ID, Type: d.Type, Label: d.Label, Required: d.Required, RequiredBy: d.RequiredBy,
		Status: string(d.Status), Note: d.Note,
		Files: convert(d.Files, func(f *duediligence.FileRef) fileDoc {
			return fileDoc{SHA256: f.SHA256, Size: f.Size, MediaType: f.MediaType, Name: f.Name, UploadedBy: f.UploadedBy, UploadedAt: f.UploadedAt}
		}),
		OriginalSighted: ptr(d.OriginalSighted, func(s *duediligence.Sighting) sightingDoc { return sightingDoc{By: s.By, At: s.At} }),
		UpdatedAt:       d.UpdatedAt,
	}
}

func (dec *decoder) document(d *documentDoc) duediligence.Document {
	return duediligence.Document{
		ID: d.ID, Type: d.Type, Label: d.Label, Required: d.Required, RequiredBy: d.RequiredBy,
		Status: duediligence.DocumentStatus(d.Status), Note: d.Note,
		Files: convert(d.Files, func(f *fileDoc) duediligence.FileRef {
			return duediligence.FileRef{SHA256: f.SHA256, Size: f.Size, MediaType: f.MediaType, Name: f.Name, UploadedBy: f.UploadedBy, UploadedAt: f.UploadedAt}
		}),
		OriginalSighted: ptr(d.OriginalSighted, func(s *sightingDoc) duediligence.Sighting { return duediligence.Sighting{By: s.By, At: s.At} }),
		UpdatedAt:       d.UpdatedAt,
	}
}
