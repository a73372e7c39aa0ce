package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// userRow is a user as stored: the token only as its hash.
type userRow struct {
	bun.BaseModel `bun:"table:users"`

	ID        string `bun:"id,pk"`
	Name      string `bun:"name"`
	Role      string `bun:"role"`
	TokenHash string `bun:"token_hash"`
	CreatedAt string `bun:"created_at"`
}

func (r *userRow) user() (duediligence.User, error) {
	at, err := parseTime(r.CreatedAt)
	if err != nil {
		return duediligence.User{}, err
	}
	return duediligence.User{ID: r.ID, Name: r.Name, Role: duediligence.Role(r.Role), TokenHash: r.TokenHash, CreatedAt: at}, nil
}

// userStore reads users through q: the read pool, or a transaction.
type userStore struct{ q bun.IDB }

// userTx adds users in a transaction.
type userTx struct {
	userStore
	tx bun.Tx
}

// CreateUser inserts a user.
func (s userTx) CreateUser(ctx context.Context, u *duediligence.User) (err error) {
	defer duediligence.Wrap(&err, "UserStore.CreateUser")
	if u.ID == "" || u.TokenHash == "" {
		return duediligence.Errorf(duediligence.CodeInternal, "", "a user needs an ID and a token hash")
	}
	row := &userRow{ID: u.ID, Name: u.Name, Role: string(u.Role), TokenHash: u.TokenHash, CreatedAt: formatTime(u.CreatedAt)}
	if _, err := s.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "user %s or the token exists already", u.ID)
		}
		return err
	}
	return nil
}

// FindUserByTokenHash returns the user whose token hashes to hash, or an
// error with CodeNotFound.
func (s userStore) FindUserByTokenHash(ctx context.Context, hash string) (_ *duediligence.User, err error) {
	defer duediligence.Wrap(&err, "UserStore.FindUserByTokenHash")
	var row userRow
	err = s.q.NewSelect().Model(&row).Where("token_hash = ?", hash).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		// Not the hash: it identifies a credential.
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no user has this token")
	}
	if err != nil {
		return nil, err
	}
	u, err := row.user()
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// FindUsers lists all users, oldest first.
func (s userStore) FindUsers(ctx context.Context) (_ []duediligence.User, err error) {
	defer duediligence.Wrap(&err, "UserStore.FindUsers")
	var rows []userRow
	if err := s.q.NewSelect().Model(&rows).OrderExpr("created_at, id").Scan(ctx); err != nil {
		return nil, err
	}
	users := make([]duediligence.User, len(rows))
	for i := range rows {
		if users[i], err = rows[i].user(); err != nil {
			return nil, err
		}
	}
	return users, nil
}
