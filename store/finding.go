package store

import (
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// findingDoc is a duediligence.Finding as stored.
type findingDoc struct {
	ID           string    `json:"id"`
	Topic        string    `json:"topic"`
	Method       string    `json:"method,omitempty"`
	Statement    string    `json:"statement,omitempty"`
	Result       string    `json:"result,omitempty"`
	Evidence     []string  `json:"evidence"`
	Date         string    `json:"date,omitempty"`
	Location     string    `json:"location,omitempty"`
	Item         string    `json:"item_id,omitempty"`
	Investigator string    `json:"investigator,omitempty"`
	RecordedAt   time.Time `json:"recorded_at,omitzero"`
}

// flagDoc is a duediligence.RedFlag as stored.
type flagDoc struct {
	ID          string             `json:"id"`
	Description string             `json:"description,omitempty"`
	Evidence    []string           `json:"evidence"`
	RaisedBy    string             `json:"raised_by,omitempty"`
	RaisedAt    time.Time          `json:"raised_at,omitzero"`
	Status      string             `json:"status"`
	Resolution  *flagResolutionDoc `json:"resolution,omitempty"`
}

// flagResolutionDoc is a duediligence.FlagResolution as stored.
type flagResolutionDoc struct {
	Decision string    `json:"decision"`
	Comment  string    `json:"comment,omitempty"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

func (e *encoder) findingDoc(f *duediligence.Finding) findingDoc {
	return findingDoc{
		ID: f.ID, Topic: string(f.Topic), Method: string(f.Method), Statement: f.Statement, Result: string(f.Result),
		Evidence: f.Evidence, Date: f.Date, Location: f.Location, Item: f.Item, Investigator: f.Investigator, RecordedAt: f.RecordedAt,
	}
}

func (d *decoder) finding(f *findingDoc) duediligence.Finding {
	return duediligence.Finding{
		ID: f.ID, Topic: duediligence.Topic(f.Topic), Method: duediligence.Method(f.Method), Statement: f.Statement,
		Result: duediligence.Result(f.Result), Evidence: f.Evidence, Date: f.Date, Location: f.Location, Item: f.Item,
		Investigator: f.Investigator, RecordedAt: f.RecordedAt,
	}
}

func (e *encoder) flagDoc(f *duediligence.RedFlag) flagDoc {
	return flagDoc{
		ID: f.ID, Description: f.Description, Evidence: f.Evidence, RaisedBy: f.RaisedBy, RaisedAt: f.RaisedAt, Status: string(f.Status),
		Resolution: ptr(f.Resolution, func(r *duediligence.FlagResolution) flagResolutionDoc {
			return flagResolutionDoc{Decision: string(r.Decision), Comment: r.Comment, By: r.By, At: r.At}
		}),
	}
}

func (d *decoder) flag(f *flagDoc) duediligence.RedFlag {
	return duediligence.RedFlag{
		ID: f.ID, Description: f.Description, Evidence: f.Evidence, RaisedBy: f.RaisedBy, RaisedAt: f.RaisedAt,
		Status: duediligence.FlagStatus(f.Status),
		Resolution: ptr(f.Resolution, func(r *flagResolutionDoc) duediligence.FlagResolution {
			return duediligence.FlagResolution{Decision: duediligence.FlagStatus(r.Decision), Comment: r.Comment, By: r.By, At: r.At}
		}),
	}
}
