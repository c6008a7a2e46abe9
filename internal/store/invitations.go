package store

import (
	"context"
	"fmt"
)

// CountTokensBySender counts the tokens of a type created since the cutoff whose extra JSON
// names senderID ("senderId"), e.g. the invitations a user sent in the last hour.
func (s *Store) CountTokensBySender(ctx context.Context, typ, senderID string, since int64) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM tokens WHERE type = ? AND create_at >= ? AND extra LIKE ?`,
		typ, since, `%"senderId":"`+senderID+`"%`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count tokens: %w", err)
	}
	return n, nil
}
