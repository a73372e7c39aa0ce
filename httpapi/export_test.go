package httpapi

// Route is a registered endpoint, for the tests.
type Route struct {
	Method, Pattern string
	Public          bool
}

// Routes lists the endpoints New registers, from the one table in server.go.
func Routes() []Route {
	out := make([]Route, len(routes))
	for i, rt := range routes {
		out[i] = Route{Method: rt.method, Pattern: rt.pattern, Public: rt.public}
	}
	return out
}
