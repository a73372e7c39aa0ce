package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The follow-up after disbursement: visits, demands and their deadlines,
// consultations and the daily and weekly summaries. Visits and demands are
// records of their own beside the case file: they want If-Match as every
// write to a case does, and leave the case's version (its ETag) as it was.

// recordVisit answers POST /v1/cases/{id}/visits: 201 with the visit.
func (s *server) recordVisit(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.VisitInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.RecordVisit(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	return writeJSON(w, http.StatusCreated, v)
}

// listVisits answers GET /v1/cases/{id}/visits?as_of=: the visits, when
// the next is due, and postloan.visit_due's result as of a day.
func (s *server) listVisits(w http.ResponseWriter, r *http.Request) error {
	asOf, err := queryDate(r, "as_of")
	if err != nil {
		return err
	}
	out, err := s.svc.Visits(r.Context(), actorOf(r), r.PathValue("id"), asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// recordDemand answers POST /v1/cases/{id}/demands: 201 with the demand's
// delivery, an entry of the collection log.
func (s *server) recordDemand(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.DemandInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.svc.RecordDemand(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	return writeJSON(w, http.StatusCreated, d)
}

// queryDate reads an optional YYYY-MM-DD query value.
func queryDate(r *http.Request, name string) (money.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return money.Date{}, nil
	}
	d, err := money.ParseDate(v)
	if err != nil {
		return money.Date{}, invalidField(name, "must be a date such as 2026-12-01")
	}
	return d, nil
}

// getDeadlines answers GET /v1/cases/{id}/deadlines?as_of=: the guarantee
// and limitation periods of the loan as of a day (default today), the
// demands recorded, and the post-loan rules' results.
func (s *server) getDeadlines(w http.ResponseWriter, r *http.Request) error {
	asOf, err := queryDate(r, "as_of")
	if err != nil {
		return err
	}
	lang, err := s.language(r)
	if err != nil {
		return err
	}
	out, err := s.svc.Deadlines(r.Context(), actorOf(r), r.PathValue("id"), asOf, check.Lang(lang))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// recordConsultation answers POST /v1/consultations: 201 with the
// consultation, the prospect's phone whole.
func (s *server) recordConsultation(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.ConsultationInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordConsultation(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// consultationsBody is the JSON form of GET /v1/consultations.
type consultationsBody struct {
	Consultations []duediligence.Consultation `json:"consultations"`
}

// listConsultations answers GET /v1/consultations?owner=&from=&to=: the
// consultations in date order, phones masked; an account manager's own.
func (s *server) listConsultations(w http.ResponseWriter, r *http.Request) error {
	from, err := queryDate(r, "from")
	if err != nil {
		return err
	}
	to, err := queryDate(r, "to")
	if err != nil {
		return err
	}
	out, err := s.svc.Consultations(r.Context(), actorOf(r), duediligence.ConsultationFilter{Owner: r.URL.Query().Get("owner"), From: from, To: to})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, consultationsBody{Consultations: out})
}

// dailyReport answers GET /v1/reports/daily?owner=&date=: a day's
// consultations of an account manager, or of the team for a manager.
func (s *server) dailyReport(w http.ResponseWriter, r *http.Request) error {
	date, err := queryDate(r, "date")
	if err != nil {
		return err
	}
	out, err := s.svc.DailyConsultations(r.Context(), actorOf(r), r.URL.Query().Get("owner"), date)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// weeklyReport answers GET /v1/reports/weekly?owner=&week=2026-W49: the
// week's summary (周报) of an account manager, or the team's roll-up for a
// manager when owner is omitted; JSON, or by Accept the printable page
// (Chinese, A4). week defaults to the current one.
func (s *server) weeklyReport(w http.ResponseWriter, r *http.Request) error {
	media, err := negotiate(w, r, mediaJSON, mediaHTML)
	if err != nil {
		return err
	}
	var week duediligence.Week
	if v := r.URL.Query().Get("week"); v != "" {
		var err error
		if week, err = duediligence.ParseWeek(v); err != nil {
			return invalidField("week", "must be an ISO week such as 2026-W49")
		}
	}
	out, err := s.svc.WeeklySummary(r.Context(), actorOf(r), r.URL.Query().Get("owner"), week)
	if err != nil {
		return err
	}
	if media == mediaJSON {
		return writeJSON(w, http.StatusOK, out)
	}
	rd, err := s.renderer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rd.WeeklySummaryHTML(&buf, out); err != nil {
		return fmt.Errorf("rendering weekly summary %s: %w", out.Week, err)
	}
	h := w.Header()
	h.Set("Content-Type", mediaHTML+"; charset=utf-8")
	h.Set("Content-Language", "zh")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}
