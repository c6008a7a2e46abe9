package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Token is a single-use secret sent to someone (password reset, email invitation, email
// verification). Only its hash is stored.
type Token struct {
	Token    string // the secret; not stored
	Type     string
	CreateAt int64
	Extra    string // JSON describing what the token is for
}

// CreateToken stores a token under the hash of its secret.
func (s *Store) CreateToken(ctx context.Context, t *Token) error {
	_, err := s.exec(ctx, `INSERT INTO tokens (token_hash, type, create_at, extra) VALUES (?, ?, ?, ?)`,
		HashToken(t.Token), t.Type, t.CreateAt, t.Extra)
	if err != nil {
		return fmt.Errorf("insert token: %w", mapError(err))
	}
	return nil
}

// GetToken returns the token of that type without using it up, or ErrNotFound.
func (s *Store) GetToken(ctx context.Context, secret, typ string) (*Token, error) {
	t := &Token{Token: secret, Type: typ}
	err := s.queryRow(ctx, `SELECT create_at, extra FROM tokens WHERE token_hash = ? AND type = ?`,
		HashToken(secret), typ).Scan(&t.CreateAt, &t.Extra)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get token: %w", err)
	}
	return t, nil
}

// ConsumeToken deletes the token and returns it, atomically: of two concurrent callers only
// one gets it. ErrNotFound when it does not exist (or was used).
func (s *Store) ConsumeToken(ctx context.Context, secret, typ string) (*Token, error) {
	t := &Token{Token: secret, Type: typ}
	err := s.writer(ctx).QueryRowContext(ctx, s.q(`DELETE FROM tokens WHERE token_hash = ? AND type = ? RETURNING create_at, extra`),
		HashToken(secret), typ).Scan(&t.CreateAt, &t.Extra)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("consume token: %w", err)
	}
	return t, nil
}

// DeleteTokensOlderThan removes tokens of a type created before the cutoff.
func (s *Store) DeleteTokensOlderThan(ctx context.Context, typ string, cutoff int64) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM tokens WHERE type = ? AND create_at < ?`, typ, cutoff)
	if err != nil {
		return 0, fmt.Errorf("delete old tokens: %w", err)
	}
	return res.RowsAffected()
}
