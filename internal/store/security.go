package store

import (
	"context"
	"fmt"
)

// DeleteAllSessions removes every session of every user.
func (s *Store) DeleteAllSessions(ctx context.Context) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions`); err != nil {
		return fmt.Errorf("delete all sessions: %w", err)
	}
	return nil
}

// DeleteSessionsByTokenHash removes the session(s) a token opens (a personal access token's).
func (s *Store) DeleteSessionsByTokenHash(ctx context.Context, hash string) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
		return fmt.Errorf("delete token sessions: %w", err)
	}
	return nil
}

// UpdateAuthData switches a user to an external authentication service: the password is
// cleared, the failed-attempt counter reset. Another user holding the same service and data
// is a *ConflictError on users_authdata_key.
func (s *Store) UpdateAuthData(ctx context.Context, userID, service, data string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET password = '', last_password_update = ?, update_at = ?,
		failed_attempts = 0, auth_service = ?, auth_data = ? WHERE id = ?`, at, at, service, data, userID)
	if err != nil {
		return fmt.Errorf("update auth data: %w", mapError(err))
	}
	return expectOne(res)
}

// DeleteTokensForUser removes the tokens of a type whose extra JSON names the user
// ("UserId":"<id>"), e.g. earlier password reset links.
func (s *Store) DeleteTokensForUser(ctx context.Context, typ, userID string) error {
	_, err := s.exec(ctx, `DELETE FROM tokens WHERE type = ? AND extra LIKE ?`, typ, `%"UserId":"`+userID+`"%`)
	if err != nil {
		return fmt.Errorf("delete user tokens: %w", err)
	}
	return nil
}

// LockAdminRoles serialises changes that could remove the last system admin inside a
// transaction. SQLite transactions are serialised already; PostgreSQL takes a lock.
func (s *Store) LockAdminRoles(ctx context.Context) error {
	if s.driver != Postgres {
		return nil
	}
	if _, err := s.exec(ctx, `SELECT pg_advisory_xact_lock(7311855)`); err != nil {
		return fmt.Errorf("lock admin roles: %w", err)
	}
	return nil
}
