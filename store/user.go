package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

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
	// ExpiresAt and DisabledAt are NULL for none.
	ExpiresAt  string `bun:"expires_at,nullzero"`
	DisabledAt string `bun:"disabled_at,nullzero"`
}

func (r *userRow) user() (duediligence.User, error) {
	at, err := parseTime(r.CreatedAt)
	if err != nil {
		return duediligence.User{}, err
	}
	u := duediligence.User{ID: r.ID, Name: r.Name, Role: duediligence.Role(r.Role), TokenHash: r.TokenHash, CreatedAt: at}
	if u.ExpiresAt, err = parseOptionalTime(r.ExpiresAt); err != nil {
		return duediligence.User{}, err
	}
	if u.DisabledAt, err = parseOptionalTime(r.DisabledAt); err != nil {
		return duediligence.User{}, err
	}
	return u, nil
}

// parseOptionalTime parses a nullable time column, "" for NULL.
func parseOptionalTime(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := parseTime(s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// formatOptionalTime is the column of an optional time, "" (NULL) for nil.
func formatOptionalTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}

// userStore reads users through q: the read pool, or a transaction; hot
// as caseStore's.
type userStore struct {
	q   bun.IDB
	hot *hotStatements
}

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
	row := &userRow{ID: u.ID, Name: u.Name, Role: string(u.Role), TokenHash: u.TokenHash, CreatedAt: formatTime(u.CreatedAt),
		ExpiresAt: formatOptionalTime(u.ExpiresAt), DisabledAt: formatOptionalTime(u.DisabledAt)}
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
	if s.hot != nil {
		err = s.findByTokenHashPrepared(ctx, hash, &row)
	} else {
		err = s.q.NewSelect().Model(&row).Where("token_hash = ?", hash).Scan(ctx)
	}
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

// FindUserByID returns the user, or an error with CodeNotFound.
func (s userStore) FindUserByID(ctx context.Context, id string) (_ *duediligence.User, err error) {
	defer duediligence.Wrap(&err, "UserStore.FindUserByID")
	var row userRow
	err = s.q.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no user %s", id)
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

// AuthEpoch returns the authentication epoch: one row read by its key.
func (s userStore) AuthEpoch(ctx context.Context) (_ int64, err error) {
	defer duediligence.Wrap(&err, "UserStore.AuthEpoch")
	var epoch int64
	if s.hot != nil {
		row, err := s.hot.queryRow(ctx, nil, hotAuthEpoch)
		if err != nil {
			return 0, err
		}
		err = row.Scan(&epoch)
		return epoch, err
	}
	err = s.q.NewSelect().Table("auth_epoch").Column("epoch").Where("id = 1").Scan(ctx, &epoch)
	return epoch, err
}

// findByTokenHashPrepared is FindUserByTokenHash's statement, prepared.
func (s userStore) findByTokenHashPrepared(ctx context.Context, hash string, r *userRow) error {
	row, err := s.hot.queryRow(ctx, nil, hotUserByToken, hash)
	if err != nil {
		return err
	}
	var expires, disabled sql.NullString
	if err := row.Scan(&r.ID, &r.Name, &r.Role, &r.TokenHash, &r.CreatedAt, &expires, &disabled); err != nil {
		return err
	}
	r.ExpiresAt, r.DisabledAt = expires.String, disabled.String
	return nil
}

// UpdateCredentials stores u's token hash, expiry and disabled time, and
// moves the authentication epoch on, so that every replica forgets the
// tokens it holds.
func (s userTx) UpdateCredentials(ctx context.Context, u *duediligence.User) (err error) {
	defer duediligence.Wrap(&err, "UserStore.UpdateCredentials")
	res, err := s.tx.NewUpdate().Model((*userRow)(nil)).
		Set("token_hash = ?", u.TokenHash).
		Set("expires_at = ?", nullable(formatOptionalTime(u.ExpiresAt))).
		Set("disabled_at = ?", nullable(formatOptionalTime(u.DisabledAt))).
		Where("id = ?", u.ID).Exec(ctx)
	if err != nil {
		if v, ok := violation(err); ok && v.unique {
			return duediligence.Errorf(duediligence.CodeConflict, "", "the token exists already")
		}
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "no user %s", u.ID)
	}
	_, err = s.tx.NewUpdate().Table("auth_epoch").Set("epoch = epoch + 1").Where("id = 1").Exec(ctx)
	return err
}

// nullable is s, or NULL for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
