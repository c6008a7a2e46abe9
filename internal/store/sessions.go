package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"roster/internal/model"
)

// HashToken is how session tokens are kept at rest: a leaked table holds no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

const sessionColumns = `id, token_hash, create_at, expires_at, last_activity_at, user_id, device_id,
	roles, is_oauth, expired_notify, props`

// StoredSession is a session row; TokenHash stands in for the token, which is not stored.
type StoredSession struct {
	model.Session
	TokenHash string
}

func scanSession(sc scanner) (*StoredSession, error) {
	var s StoredSession
	var props string
	err := sc.Scan(&s.Id, &s.TokenHash, &s.CreateAt, &s.ExpiresAt, &s.LastActivityAt, &s.UserId,
		&s.DeviceId, &s.Roles, &s.IsOAuth, &s.ExpiredNotify, &props)
	if err != nil {
		return nil, err
	}
	if s.Props, err = parseMap(props); err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateSession stores a session; its Token is hashed, never stored.
func (s *Store) CreateSession(ctx context.Context, sess *model.Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (id, token_hash, create_at, expires_at, last_activity_at,
		user_id, device_id, roles, is_oauth, expired_notify, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sess.Id, HashToken(sess.Token), sess.CreateAt, sess.ExpiresAt, sess.LastActivityAt, sess.UserId,
		sess.DeviceId, sess.Roles, sess.IsOAuth, sess.ExpiredNotify, mapJSON(sess.Props))
	if err != nil {
		return fmt.Errorf("insert session: %w", mapError(err))
	}
	return nil
}

func (s *Store) getSessionWhere(ctx context.Context, where string, arg any) (*StoredSession, error) {
	sess, err := scanSession(s.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	return sess, nil
}

// GetSessionByTokenHash finds the session a token opens.
func (s *Store) GetSessionByTokenHash(ctx context.Context, hash string) (*StoredSession, error) {
	return s.getSessionWhere(ctx, `token_hash = ?`, hash)
}

// GetSession finds a session by id.
func (s *Store) GetSession(ctx context.Context, id string) (*StoredSession, error) {
	return s.getSessionWhere(ctx, `id = ?`, id)
}

// GetSessionsForUser lists a user's sessions, newest first.
func (s *Store) GetSessionsForUser(ctx context.Context, userID string) ([]*StoredSession, error) {
	rows, err := s.query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE user_id = ? ORDER BY create_at DESC, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	sessions, err := scanAll(rows, scanSession)
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	return sessions, nil
}

// DeleteSession removes one session; the token hash is returned so caches can forget it.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteSessionsForUser removes every session of the user except the one with id except
// (empty: all) and returns the token hashes removed.
func (s *Store) DeleteSessionsForUser(ctx context.Context, userID, except string) ([]string, error) {
	hashes, err := s.deleteSessionsReturning(ctx, `user_id = ? AND id <> ?`, userID, except)
	if err != nil {
		return nil, fmt.Errorf("delete user sessions: %w", err)
	}
	return hashes, nil
}

// DeleteSessionsByDevice removes a user's other sessions registered with deviceID and
// returns their token hashes.
func (s *Store) DeleteSessionsByDevice(ctx context.Context, userID, deviceID, except string) ([]string, error) {
	hashes, err := s.deleteSessionsReturning(ctx, `user_id = ? AND device_id = ? AND id <> ?`, userID, deviceID, except)
	if err != nil {
		return nil, fmt.Errorf("delete device sessions: %w", err)
	}
	return hashes, nil
}

// deleteSessionsReturning deletes the matching sessions in one statement and returns their
// token hashes, so caches can forget exactly what was removed.
func (s *Store) deleteSessionsReturning(ctx context.Context, where string, args ...any) ([]string, error) {
	rows, err := s.writer(ctx).QueryContext(ctx, s.q(`DELETE FROM sessions WHERE `+where+` RETURNING token_hash`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		hashes = append(hashes, h)
	}
	return hashes, rows.Err()
}

// SessionActivity is one pending last-activity update.
type SessionActivity struct {
	ID             string
	LastActivityAt int64
	ExpiresAt      int64 // 0: unchanged
}

// UpdateSessionActivity writes a batch of last-activity times (and extended expiries) in one
// transaction. Times only move forward.
func (s *Store) UpdateSessionActivity(ctx context.Context, batch []SessionActivity) error {
	if len(batch) == 0 {
		return nil
	}
	return s.InTx(ctx, func(ctx context.Context) error {
		for _, a := range batch {
			_, err := s.exec(ctx, `UPDATE sessions SET last_activity_at = ?,
				expires_at = CASE WHEN ? > expires_at THEN ? ELSE expires_at END
				WHERE id = ? AND last_activity_at < ?`,
				a.LastActivityAt, a.ExpiresAt, a.ExpiresAt, a.ID, a.LastActivityAt)
			if err != nil {
				return fmt.Errorf("update session activity: %w", err)
			}
		}
		return nil
	})
}

// SetSessionRolesForUser copies new system roles into every session of the user.
func (s *Store) SetSessionRolesForUser(ctx context.Context, userID, roles string) error {
	if _, err := s.exec(ctx, `UPDATE sessions SET roles = ? WHERE user_id = ?`, roles, userID); err != nil {
		return fmt.Errorf("update session roles: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions whose expiry passed before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now int64) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at > 0 AND expires_at < ?`, now)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
