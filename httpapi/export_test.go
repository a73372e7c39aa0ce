package httpapi

// Route is a registered endpoint, for the tests.
type Route struct {
	Method, Pattern string
	Public          bool
	// Precondition is the header a request must carry: "If-Match" for a
	// write to a case, "Idempotency-Key" for a posting, or "".
	Precondition string
}

// Routes lists the endpoints New registers, from the one table in server.go.
func Routes() []Route {
	out := make([]Route, len(routes))
	for i, rt := range routes {
		out[i] = Route{Method: rt.method, Pattern: rt.pattern, Public: rt.public, Precondition: rt.precondition.String()}
	}
	return out
}
