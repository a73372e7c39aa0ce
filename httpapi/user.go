package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// userList is the answer of GET /v1/users.
type userList struct {
	Users []duediligence.User `json:"users"`
}

// userInput is the body of POST /v1/users.
type userInput struct {
	Name string            `json:"name"`
	Role duediligence.Role `json:"role"`
}

// createdUser is the answer of POST /v1/users: the user and, this once,
// its token.
type createdUser struct {
	duediligence.User
	Token string `json:"token"`
}

// listUsers answers GET /v1/users[?role=ROLE]: every user for admins and
// auditors (never a token), the active account managers for account and
// department managers, who pick co-investigators among them.
func (s *server) listUsers(w http.ResponseWriter, r *http.Request) error {
	var roles []duediligence.Role
	if v := r.URL.Query().Get("role"); v != "" {
		if !duediligence.Role(v).Valid() {
			return invalidField("role", "must be one of the roles, not %q", truncate(v, 40))
		}
		roles = append(roles, duediligence.Role(v))
	}
	us, err := s.svc.Users(r.Context(), actorOf(r), roles...)
	if err != nil {
		return err
	}
	if us == nil {
		us = []duediligence.User{}
	}
	return writeJSON(w, http.StatusOK, userList{Users: us})
}

// createUser answers POST /v1/users {"name", "role"} (admins): 201 with
// the user and its token, which no later answer shows again.
func (s *server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in userInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, token, err := s.svc.CreateUser(r.Context(), actorOf(r), in.Name, in.Role)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/users/"+u.ID)
	return writeJSON(w, http.StatusCreated, createdUser{User: u, Token: token})
}

// revokeUser answers POST /v1/users/{user_id}/revocation (admins): the
// user's token is refused from now on, on every replica. 200 with the
// user, its disabled_at set.
func (s *server) revokeUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.svc.RevokeUser(r.Context(), actorOf(r), r.PathValue("user_id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}
