package httpapi

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// negotiate is the one content negotiation of the resources offered in
// several media types: it declares on Vary that the answer depends on
// Accept, and returns the offer Accept prefers (the first offer when it
// names none), or the 406 that names the offers.
func negotiate(w http.ResponseWriter, r *http.Request, offers ...string) (string, error) {
	w.Header().Add("Vary", "Accept")
	return acceptable(r, offers)
}

// negotiateIn is negotiate for a document in the reader's language: Vary
// names Accept-Language too, and the language is that of ?lang=, else
// Accept-Language, else the policy's, else Chinese (s.language); a ?lang=
// other than zh or en is a 422.
func (s *server) negotiateIn(w http.ResponseWriter, r *http.Request, offers ...string) (media, lang string, err error) {
	w.Header().Add("Vary", "Accept, Accept-Language")
	if media, err = acceptable(r, offers); err != nil {
		return "", "", err
	}
	if lang, err = s.language(r); err != nil {
		return "", "", err
	}
	return media, lang, nil
}

// acceptable is the offer Accept prefers, or the 406 naming the offers.
func acceptable(r *http.Request, offers []string) (string, error) {
	media, ok := preferred(r.Header.Get("Accept"), offers...)
	if !ok {
		return "", notAcceptable(r, offers...)
	}
	return media, nil
}

// preferred returns the offer (a media type) that the Accept header
// prefers, or false when it accepts none. The most specific media range
// that matches an offer gives its quality (RFC 9110 §12.5.1); among equal
// qualities the earlier offer wins, so the first is the server's default
// and what a request without Accept gets.
func preferred(accept string, offers ...string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], true
	}
	type mediaRange struct {
		typ, sub string
		q        float64
	}
	var ranges []mediaRange
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		ranges = append(ranges, mediaRange{typ: typ, sub: sub, q: q})
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		typ, sub, _ := strings.Cut(offer, "/")
		q, specificity := 0.0, -1
		for _, mr := range ranges {
			s := -1
			switch {
			case mr.typ == typ && mr.sub == sub:
				s = 2
			case mr.typ == typ && mr.sub == "*":
				s = 1
			case mr.typ == "*" && mr.sub == "*":
				s = 0
			}
			if s > specificity {
				q, specificity = mr.q, s
			}
		}
		if q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best, bestQ > 0
}

// notAcceptable is the 406 of a request whose Accept header names none of
// the media types the resource has.
func notAcceptable(r *http.Request, offers ...string) error {
	return &httpError{status: http.StatusNotAcceptable, kind: "not_acceptable", title: "Not acceptable",
		detail:   "Accept " + strconv.Quote(truncate(r.Header.Get("Accept"), 120)) + " names none of " + strings.Join(offers, ", "),
		detailZH: "Accept " + strconv.Quote(truncate(r.Header.Get("Accept"), 120)) + " 不含可提供的类型：" + strings.Join(offers, "、")}
}

// language is the language of a rendered document: ?lang=zh or en if
// given, else the language Accept-Language asks for first, else the
// policy's language, else Chinese — the lender's own language is the default.
func (s *server) language(r *http.Request) (string, error) {
	switch lang := r.URL.Query().Get("lang"); lang {
	case "zh", "en":
		return lang, nil
	case "":
	default:
		return "", invalidField("lang", "must be zh or en")
	}
	def := ""
	if s.svc != nil {
		def = s.svc.Policy().Language
	}
	return acceptLanguage(r, def), nil
}

// acceptLanguage is the language Accept-Language asks for first, zh or en,
// or def when it names neither first (or is absent).
func acceptLanguage(r *http.Request, def string) string {
	al := strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language")))
	switch {
	case strings.HasPrefix(al, "en"):
		return "en"
	case strings.HasPrefix(al, "zh"):
		return "zh"
	case def == "en":
		return "en"
	}
	return "zh"
}
