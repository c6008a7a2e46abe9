package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"roster/internal/model"
)

// userColumns is the column list every user query selects, in scanUser's order.
const userColumns = `u.id, u.create_at, u.update_at, u.delete_at, u.username, u.password, u.auth_data,
	u.auth_service, u.email, u.email_verified, u.nickname, u.first_name, u.last_name, u.position,
	u.roles, u.allow_marketing, u.props, u.notify_props, u.last_password_update,
	u.last_picture_update, u.failed_attempts, u.locale, u.timezone, u.mfa_active, u.mfa_secret,
	u.remote_id, u.is_bot, u.bot_description, u.bot_last_icon_update, u.disable_welcome_email,
	u.last_login`

type scanner interface{ Scan(dest ...any) error }

func scanUser(sc scanner) (*model.User, error) {
	var (
		u                          model.User
		authData, remoteID         sql.NullString
		props, notifyProps, tzJSON string
	)
	err := sc.Scan(&u.Id, &u.CreateAt, &u.UpdateAt, &u.DeleteAt, &u.Username, &u.PasswordHash, &authData,
		&u.AuthService, &u.Email, &u.EmailVerified, &u.Nickname, &u.FirstName, &u.LastName, &u.Position,
		&u.Roles, &u.AllowMarketing, &props, &notifyProps, &u.LastPasswordUpdate,
		&u.LastPictureUpdate, &u.FailedAttempts, &u.Locale, &tzJSON, &u.MfaActive, &u.MfaSecret,
		&remoteID, &u.IsBot, &u.BotDescription, &u.BotLastIconUpdate, &u.DisableWelcomeEmail,
		&u.LastLogin)
	if err != nil {
		return nil, err
	}
	if authData.Valid {
		u.AuthData = &authData.String
	}
	if remoteID.Valid {
		u.RemoteId = &remoteID.String
	}
	if u.Props, err = parseMap(props); err != nil {
		return nil, err
	}
	if u.NotifyProps, err = parseMap(notifyProps); err != nil {
		return nil, err
	}
	if u.Timezone, err = parseMap(tzJSON); err != nil {
		return nil, err
	}
	return &u, nil
}

func nullString(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

// CreateUser inserts a user whose fields are already filled (PreSave) and whose password is
// already hashed (PasswordHash). A taken username or email is a *ConflictError on
// users_username_key or users_email_key.
func (s *Store) CreateUser(ctx context.Context, u *model.User) error {
	_, err := s.exec(ctx, `INSERT INTO users (id, create_at, update_at, delete_at, username, password,
		auth_data, auth_service, email, email_verified, nickname, first_name, last_name, position, roles,
		allow_marketing, props, notify_props, last_password_update, last_picture_update, failed_attempts,
		locale, timezone, mfa_active, mfa_secret, remote_id, is_bot, bot_description, bot_last_icon_update,
		disable_welcome_email, last_login)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Id, u.CreateAt, u.UpdateAt, u.DeleteAt, u.Username, u.PasswordHash,
		nullString(u.AuthData), u.AuthService, u.Email, u.EmailVerified, u.Nickname, u.FirstName, u.LastName,
		u.Position, u.Roles, u.AllowMarketing, mapJSON(u.Props), mapJSON(u.NotifyProps), u.LastPasswordUpdate,
		u.LastPictureUpdate, u.FailedAttempts, u.Locale, mapJSON(u.Timezone), u.MfaActive, u.MfaSecret,
		nullString(u.RemoteId), u.IsBot, u.BotDescription, u.BotLastIconUpdate, u.DisableWelcomeEmail, u.LastLogin)
	if err != nil {
		return fmt.Errorf("insert user: %w", mapError(err))
	}
	s.touchUsers(ctx, u.Id)
	return nil
}

func (s *Store) getUserWhere(ctx context.Context, where string, arg any) (*model.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// GetUser returns the user with the id, or ErrNotFound.
func (s *Store) GetUser(ctx context.Context, id string) (*model.User, error) {
	return s.getUserWhere(ctx, `u.id = ?`, id)
}

// GetUserByUsername matches case-insensitively.
func (s *Store) GetUserByUsername(ctx context.Context, username string) (*model.User, error) {
	return s.getUserWhere(ctx, `lower(u.username) = ?`, strings.ToLower(username))
}

// GetUserByEmail matches case-insensitively.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (*model.User, error) {
	return s.getUserWhere(ctx, `lower(u.email) = ?`, strings.ToLower(email))
}

// GetUsersForLogin returns the users whose username and/or email equal loginID
// (case-insensitively): at most two.
func (s *Store) GetUsersForLogin(ctx context.Context, loginID string, byUsername, byEmail bool) ([]*model.User, error) {
	var conds []string
	var args []any
	id := strings.ToLower(loginID)
	if byUsername {
		conds = append(conds, `lower(u.username) = ?`)
		args = append(args, id)
	}
	if byEmail {
		conds = append(conds, `lower(u.email) = ?`)
		args = append(args, id)
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE `+strings.Join(conds, " OR "), args...)
	if err != nil {
		return nil, fmt.Errorf("find user for login: %w", err)
	}
	return collectUsers(rows)
}

func collectUsers(rows *sql.Rows) ([]*model.User, error) {
	users, err := scanAll(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return users, nil
}

// UpdateUserProfile stores the profile fields of u (everything a user may edit about
// themself) and update_at. Roles, delete_at, password, MFA and auth fields are left alone.
func (s *Store) UpdateUserProfile(ctx context.Context, u *model.User) error {
	res, err := s.execUser(ctx, u.Id, `UPDATE users SET update_at = ?, username = ?, email = ?, email_verified = ?,
		nickname = ?, first_name = ?, last_name = ?, position = ?, props = ?, notify_props = ?, locale = ?,
		timezone = ?, remote_id = ?, allow_marketing = ?, disable_welcome_email = ?
		WHERE id = ?`,
		u.UpdateAt, u.Username, u.Email, u.EmailVerified, u.Nickname, u.FirstName, u.LastName, u.Position,
		mapJSON(u.Props), mapJSON(u.NotifyProps), u.Locale, mapJSON(u.Timezone), nullString(u.RemoteId),
		u.AllowMarketing, u.DisableWelcomeEmail, u.Id)
	if err != nil {
		return fmt.Errorf("update user: %w", mapError(err))
	}
	s.touchUsers(ctx, u.Id)
	return expectOne(res)
}

// UpdatePassword stores a new hash, resets the failed-attempt counter and the external auth
// link, and sets last_password_update and update_at.
func (s *Store) UpdatePassword(ctx context.Context, userID, hash string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET password = ?, last_password_update = ?, update_at = ?,
		failed_attempts = 0, auth_data = NULL, auth_service = '' WHERE id = ?`, hash, at, at, userID)
	if err != nil {
		return fmt.Errorf("update password: %w", err)
	}
	return expectOne(res)
}

// RehashPassword replaces the stored hash (same password, newer scheme) without touching
// any timestamp.
func (s *Store) RehashPassword(ctx context.Context, userID, oldHash, newHash string) error {
	_, err := s.execUser(ctx, userID, `UPDATE users SET password = ? WHERE id = ? AND password = ?`, newHash, userID, oldHash)
	if err != nil {
		return fmt.Errorf("rehash password: %w", err)
	}
	return nil
}

// SetFailedAttempts sets the failed login counter.
func (s *Store) SetFailedAttempts(ctx context.Context, userID string, n int) error {
	_, err := s.execUser(ctx, userID, `UPDATE users SET failed_attempts = ? WHERE id = ?`, n, userID)
	if err != nil {
		return fmt.Errorf("set failed attempts: %w", err)
	}
	return nil
}

// IncrementFailedAttempts adds one to the failed login counter atomically.
func (s *Store) IncrementFailedAttempts(ctx context.Context, userID string) error {
	_, err := s.execUser(ctx, userID, `UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?`, userID)
	if err != nil {
		return fmt.Errorf("increment failed attempts: %w", err)
	}
	return nil
}

// RecordLogin resets the failed-attempt counter and sets last_login.
func (s *Store) RecordLogin(ctx context.Context, userID string, at int64) error {
	_, err := s.execUser(ctx, userID, `UPDATE users SET failed_attempts = 0, last_login = ? WHERE id = ?`, at, userID)
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// SetUserDeleteAt deactivates (deleteAt > 0) or reactivates (0) a user.
func (s *Store) SetUserDeleteAt(ctx context.Context, userID string, deleteAt, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET delete_at = ?, update_at = ? WHERE id = ?`, deleteAt, at, userID)
	if err != nil {
		return fmt.Errorf("set user active: %w", err)
	}
	s.touchUsers(ctx, userID)
	return expectOne(res)
}

// SetUserRoles stores the system roles string.
func (s *Store) SetUserRoles(ctx context.Context, userID, roles string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET roles = ?, update_at = ? WHERE id = ?`, roles, at, userID)
	if err != nil {
		return fmt.Errorf("set user roles: %w", err)
	}
	return expectOne(res)
}

// HasHumanUsers reports whether any non-bot user exists.
func (s *Store) HasHumanUsers(ctx context.Context) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM users WHERE is_bot = FALSE LIMIT 1) x`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count users: %w", err)
	}
	return n > 0, nil
}

// LockUserCreation serialises the "first user becomes admin" decision inside a transaction.
// SQLite transactions are serialised already; PostgreSQL takes a transaction-scoped lock.
func (s *Store) LockUserCreation(ctx context.Context) error {
	if s.driver != Postgres {
		return nil
	}
	if _, err := s.exec(ctx, `SELECT pg_advisory_xact_lock(7311854)`); err != nil {
		return fmt.Errorf("lock user creation: %w", err)
	}
	return nil
}

// CountActiveSystemAdmins counts active, non-bot users holding system_admin.
func (s *Store) CountActiveSystemAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM users WHERE delete_at = 0 AND is_bot = FALSE
		AND (' ' || roles || ' ') LIKE '% system_admin %'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}

func expectOne(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("rows affected: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteUser removes the user row; rows that belong to the user go with it (foreign keys
// cascade).
func (s *Store) DeleteUser(ctx context.Context, userID string) error {
	res, err := s.execUser(ctx, userID, `DELETE FROM users WHERE id = ?`, userID)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	s.touchUsers(ctx, userID)
	return expectOne(res)
}
