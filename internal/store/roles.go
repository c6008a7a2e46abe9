package store

import (
	"context"
	"fmt"
	"strings"

	"roster/internal/model"
)

// EnsureRoles inserts the roles that do not exist yet (by name) and leaves existing ones,
// which an administrator may have changed, alone.
func (s *Store) EnsureRoles(ctx context.Context, roles []model.Role) error {
	return s.InTx(ctx, func(ctx context.Context) error {
		for _, r := range roles {
			_, err := s.exec(ctx, `INSERT INTO roles (id, name, display_name, description, create_at, update_at,
				delete_at, permissions, scheme_managed, built_in) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
				ON CONFLICT (name) DO NOTHING`,
				r.Id, r.Name, r.DisplayName, r.Description, r.CreateAt, r.UpdateAt,
				strings.Join(r.Permissions, " "), r.SchemeManaged, r.BuiltIn)
			if err != nil {
				return fmt.Errorf("insert role %s: %w", r.Name, err)
			}
		}
		return nil
	})
}

// GetRoles returns every role that is not deleted.
func (s *Store) GetRoles(ctx context.Context) ([]model.Role, error) {
	rows, err := s.query(ctx, `SELECT id, name, display_name, description, create_at, update_at, delete_at,
		permissions, scheme_managed, built_in FROM roles WHERE delete_at = 0 ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	defer rows.Close()
	var out []model.Role
	for rows.Next() {
		var r model.Role
		var perms string
		if err := rows.Scan(&r.Id, &r.Name, &r.DisplayName, &r.Description, &r.CreateAt, &r.UpdateAt,
			&r.DeleteAt, &perms, &r.SchemeManaged, &r.BuiltIn); err != nil {
			return nil, fmt.Errorf("scan role: %w", err)
		}
		r.Permissions = strings.Fields(perms)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	return out, nil
}
