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

// CreateUser inserts a user and appends its event (on StreamSystem, as the
// caller builds it) in one transaction.
func (s *Store) CreateUser(ctx context.Context, u *duediligence.User, ev *duediligence.Event) (err error) {
	defer duediligence.Wrap(&err, "Store.CreateUser")
	if u.ID == "" || u.TokenHash == "" || ev == nil {
		return duediligence.Errorf(duediligence.CodeInternal, "", "a user needs an ID, a token hash and an event")
	}
	row := &userRow{ID: u.ID, Name: u.Name, Role: string(u.Role), TokenHash: u.TokenHash, CreatedAt: formatTime(u.CreatedAt)}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			if _, ok := uniqueViolation(err); ok {
				return duediligence.Errorf(duediligence.CodeConflict, "", "user %s or the token exists already", u.ID)
			}
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
}

// FindUserByTokenHash returns the user whose token hashes to hash, or an
// error with CodeNotFound.
func (s *Store) FindUserByTokenHash(ctx context.Context, hash string) (_ *duediligence.User, err error) {
	defer duediligence.Wrap(&err, "Store.FindUserByTokenHash")
	var row userRow
	err = s.db.Read.NewSelect().Model(&row).Where("token_hash = ?", hash).Scan(ctx)
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
func (s *Store) FindUsers(ctx context.Context) (_ []duediligence.User, err error) {
	defer duediligence.Wrap(&err, "Store.FindUsers")
	var rows []userRow
	if err := s.db.Read.NewSelect().Model(&rows).OrderExpr("created_at, id").Scan(ctx); err != nil {
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
