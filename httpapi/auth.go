package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

type actorKey struct{}

// actorOf returns the authenticated caller of r. Every non-public route has
// one; endpoint sets it before the handler runs.
func actorOf(r *http.Request) duediligence.Actor {
	a, _ := r.Context().Value(actorKey{}).(duediligence.Actor)
	return a
}

// authenticate reads "Authorization: Bearer <token>" and asks the service
// whose token it is. A missing, malformed or unknown token is a 401 with a
// WWW-Authenticate challenge (RFC 6750); a store failure stays internal.
func (s *server) authenticate(r *http.Request) (duediligence.Actor, error) {
	token, ok := bearerToken(r)
	if !ok {
		return duediligence.Actor{}, unauthorized(`Bearer realm="jinzhi"`, "send Authorization: Bearer <token>").zh("请在 Authorization 头中发送 Bearer <令牌>")
	}
	actor, err := s.svc.Authenticate(r.Context(), token)
	if duediligence.ErrorCode(err) == duediligence.CodeNotFound {
		detail, detailZH := "the bearer token is not valid", "令牌无效"
		if de, ok := errors.AsType[*duediligence.Error](err); ok && de.Message != "" {
			// Unknown, expired or revoked: the holder may know which.
			detail += ": " + de.Message
			detailZH += "：" + de.Render(check.ZH)
		}
		return duediligence.Actor{}, unauthorized(`Bearer realm="jinzhi", error="invalid_token"`, detail).zh("%s", detailZH)
	}
	if err != nil {
		return duediligence.Actor{}, err
	}
	li := logInfoOf(r.Context())
	li.actorID, li.actorRole = actor.ID, actor.Role
	return actor, nil
}

// bearerToken returns the request's bearer token.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	return token, strings.EqualFold(scheme, "Bearer") && token != ""
}

func unauthorized(challenge, detail string) *httpError {
	return &httpError{status: http.StatusUnauthorized, kind: "unauthorized", title: "Unauthorized", detail: detail,
		header: http.Header{"Www-Authenticate": {challenge}}}
}

// me answers GET /v1/me: the caller as the service knows them, so that a
// frontend can show the name and adapt to the role.
func (s *server) me(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, actorOf(r))
}
