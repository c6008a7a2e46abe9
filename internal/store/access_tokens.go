package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"roster/internal/model"
)

// StoredAccessToken is a personal access token row: the token itself is not stored, only
// its hash (the same hash its sessions are stored under).
type StoredAccessToken struct {
	model.UserAccessToken
	TokenHash string
}

const accessTokenColumns = `id, token_hash, user_id, description, is_active`

func scanAccessToken(sc scanner) (*StoredAccessToken, error) {
	var t StoredAccessToken
	if err := sc.Scan(&t.Id, &t.TokenHash, &t.UserId, &t.Description, &t.IsActive); err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateAccessToken stores a token under the hash of t.Token.
func (s *Store) CreateAccessToken(ctx context.Context, t *model.UserAccessToken) error {
	_, err := s.exec(ctx, `INSERT INTO user_access_tokens (`+accessTokenColumns+`) VALUES (?, ?, ?, ?, ?)`,
		t.Id, HashToken(t.Token), t.UserId, t.Description, t.IsActive)
	if err != nil {
		return fmt.Errorf("insert access token: %w", mapError(err))
	}
	return nil
}

func (s *Store) getAccessTokenWhere(ctx context.Context, where string, arg any) (*StoredAccessToken, error) {
	t, err := scanAccessToken(s.queryRow(ctx, `SELECT `+accessTokenColumns+` FROM user_access_tokens WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get access token: %w", err)
	}
	return t, nil
}

// GetAccessToken finds a token by id.
func (s *Store) GetAccessToken(ctx context.Context, id string) (*StoredAccessToken, error) {
	return s.getAccessTokenWhere(ctx, `id = ?`, id)
}

// GetAccessTokenByHash finds the token whose secret hashes to hash.
func (s *Store) GetAccessTokenByHash(ctx context.Context, hash string) (*StoredAccessToken, error) {
	return s.getAccessTokenWhere(ctx, `token_hash = ?`, hash)
}

// ListAccessTokens returns a page of tokens (without secrets), of one user or, with userID
// empty, of everybody, in a stable order.
func (s *Store) ListAccessTokens(ctx context.Context, userID string, offset, limit int) ([]*model.UserAccessToken, error) {
	q := `SELECT ` + accessTokenColumns + ` FROM user_access_tokens`
	args := []any{}
	if userID != "" {
		q += ` WHERE user_id = ?`
		args = append(args, userID)
	}
	q += ` ORDER BY id LIMIT ? OFFSET ?`
	args = append(args, limit, offset)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list access tokens: %w", err)
	}
	defer rows.Close()
	out := []*model.UserAccessToken{}
	for rows.Next() {
		t, err := scanAccessToken(rows)
		if err != nil {
			return nil, fmt.Errorf("scan access token: %w", err)
		}
		out = append(out, &t.UserAccessToken)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read access tokens: %w", err)
	}
	return out, nil
}

// DeleteAccessToken removes a token.
func (s *Store) DeleteAccessToken(ctx context.Context, id string) error {
	res, err := s.exec(ctx, `DELETE FROM user_access_tokens WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete access token: %w", err)
	}
	return expectOne(res)
}

// SetAccessTokenActive enables or disables a token.
func (s *Store) SetAccessTokenActive(ctx context.Context, id string, active bool) error {
	res, err := s.exec(ctx, `UPDATE user_access_tokens SET is_active = ? WHERE id = ?`, active, id)
	if err != nil {
		return fmt.Errorf("update access token: %w", err)
	}
	return expectOne(res)
}

// LockAccessTokenByHash reads a token inside a transaction, holding it against concurrent
// revocation until the transaction ends (PostgreSQL: FOR SHARE; SQLite transactions are
// serialised already). A revocation that changes the token row first and then deletes its
// sessions therefore never misses a session opened at the same moment.
func (s *Store) LockAccessTokenByHash(ctx context.Context, hash string) (*StoredAccessToken, error) {
	q := `SELECT ` + accessTokenColumns + ` FROM user_access_tokens WHERE token_hash = ?`
	if s.driver == Postgres {
		q += ` FOR SHARE`
	}
	t, err := scanAccessToken(s.queryRow(ctx, q, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("lock access token: %w", err)
	}
	return t, nil
}
