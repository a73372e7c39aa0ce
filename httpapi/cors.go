package httpapi

import (
	"net/http"
	"strings"
)

// A loan-origination frontend served from another origin calls the API from
// a browser, which asks first (CORS, the Fetch standard): a preflight OPTIONS
// request naming the method and headers it means to send. Only the origins of
// Options.CORSOrigins are answered; with none, nothing of this runs and the
// API sends no CORS header at all. Preflights carry no token (a browser never
// sends one with them), so they are answered before authentication. Tokens
// are bearer tokens, not cookies: no response allows credentials.

// The CORS lists. Allowed headers are those a client of the API sends;
// exposed ones those it reads besides the safelisted Content-Type,
// Content-Language and the like.
const (
	corsAllowMethods  = "GET, POST, PUT, PATCH, DELETE"
	corsAllowHeaders  = "Authorization, Content-Type, If-Match, Idempotency-Key, Accept-Language, Content-Disposition, X-Request-ID"
	corsExposeHeaders = "ETag, Location, Retry-After, X-Request-ID, Content-Disposition"
	// corsMaxAge lets a browser keep a preflight's answer ten minutes.
	corsMaxAge = "600"
)

// corsPolicy is the set of allowed origins, or any for "*".
type corsPolicy struct {
	any     bool
	origins map[string]bool
}

// newCORS returns the policy of origins ("https://app.example.com", or "*"
// for any), or nil for none.
func newCORS(origins []string) *corsPolicy {
	p := &corsPolicy{origins: map[string]bool{}}
	for _, o := range origins {
		switch o = strings.TrimSpace(o); o {
		case "":
		case "*":
			p.any = true
		default:
			p.origins[normalizeOrigin(o)] = true
		}
	}
	if !p.any && len(p.origins) == 0 {
		return nil
	}
	return p
}

// normalizeOrigin lower-cases an origin and drops a trailing slash, as
// browsers send it (scheme://host[:port]).
func normalizeOrigin(o string) string {
	return strings.TrimSuffix(strings.ToLower(o), "/")
}

func (p *corsPolicy) allows(origin string) bool {
	return p.any || p.origins[normalizeOrigin(origin)]
}

// serveCORS adds the CORS headers to the answer of a request from an allowed
// origin and answers a preflight itself: 204 for an allowed origin, 403
// without CORS headers (which the browser takes as a refusal) for another.
// It reports whether it answered.
func (s *server) serveCORS(w http.ResponseWriter, r *http.Request) bool {
	if s.cors == nil {
		return false
	}
	h := w.Header()
	// The answer depends on the origin: no cache may serve it to another.
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
	if origin == "" || !s.cors.allows(origin) {
		if preflight {
			logInfoOf(r.Context()).route = "OPTIONS (CORS preflight)"
			s.writeError(w, r, &httpError{status: http.StatusForbidden, kind: "origin_not_allowed", title: "Origin not allowed",
				detail:   "a browser on " + truncate(origin, 100) + " may not call this API: the server's allowed origins do not include it",
				detailZH: "来源 " + truncate(origin, 100) + " 的浏览器不得调用本接口：服务器允许的来源中没有它"})
			return true
		}
		return false
	}
	allowed := origin
	if s.cors.any {
		allowed = "*"
	}
	h.Set("Access-Control-Allow-Origin", allowed)
	if !preflight {
		h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		return false
	}
	logInfoOf(r.Context()).route = "OPTIONS (CORS preflight)"
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	h.Set("Access-Control-Allow-Methods", corsAllowMethods)
	h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
	return true
}
