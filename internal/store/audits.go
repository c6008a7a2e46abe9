package store

import (
	"context"
	"database/sql"
	"fmt"

	"roster/internal/model"
)

// SaveAudit appends an entry to the security log. An empty UserId is stored as NULL (no
// account).
func (s *Store) SaveAudit(ctx context.Context, a *model.Audit) error {
	_, err := s.exec(ctx, `INSERT INTO audits (id, create_at, user_id, action, extra_info, ip_address, session_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.Id, a.CreateAt, nullString(&a.UserId), a.Action, a.ExtraInfo, a.IpAddress, a.SessionId)
	if err != nil {
		return fmt.Errorf("insert audit: %w", mapError(err))
	}
	return nil
}

// GetAuditsForUser returns a page of a user's audit entries, newest first.
func (s *Store) GetAuditsForUser(ctx context.Context, userID string, offset, limit int) ([]*model.Audit, error) {
	rows, err := s.query(ctx, `SELECT id, create_at, user_id, action, extra_info, ip_address, session_id
		FROM audits WHERE user_id = ? ORDER BY create_at DESC, id DESC LIMIT ? OFFSET ?`, userID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list audits: %w", err)
	}
	defer rows.Close()
	out := []*model.Audit{}
	for rows.Next() {
		var a model.Audit
		var uid sql.NullString
		if err := rows.Scan(&a.Id, &a.CreateAt, &uid, &a.Action, &a.ExtraInfo, &a.IpAddress, &a.SessionId); err != nil {
			return nil, fmt.Errorf("scan audit: %w", err)
		}
		a.UserId = uid.String
		out = append(out, &a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audits: %w", err)
	}
	return out, nil
}
