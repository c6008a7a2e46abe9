package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"roster/internal/model"
)

// SavePreferences inserts or replaces each preference (keyed by user, category and name),
// all in one transaction.
func (s *Store) SavePreferences(ctx context.Context, prefs []model.Preference) error {
	return s.InTx(ctx, func(ctx context.Context) error {
		for _, p := range prefs {
			_, err := s.exec(ctx, `INSERT INTO preferences (user_id, category, name, value) VALUES (?, ?, ?, ?)
				ON CONFLICT (user_id, category, name) DO UPDATE SET value = excluded.value`,
				p.UserId, p.Category, p.Name, p.Value)
			if err != nil {
				return fmt.Errorf("save preference %s/%s: %w", p.Category, p.Name, mapError(err))
			}
		}
		return nil
	})
}

// DeletePreferences removes each (category, name) of the user; missing ones are ignored.
func (s *Store) DeletePreferences(ctx context.Context, userID string, prefs []model.Preference) error {
	return s.InTx(ctx, func(ctx context.Context) error {
		for _, p := range prefs {
			if _, err := s.exec(ctx, `DELETE FROM preferences WHERE user_id = ? AND category = ? AND name = ?`,
				userID, p.Category, p.Name); err != nil {
				return fmt.Errorf("delete preference %s/%s: %w", p.Category, p.Name, err)
			}
		}
		return nil
	})
}

// GetPreferences returns all of the user's preferences, ordered by category and name.
func (s *Store) GetPreferences(ctx context.Context, userID string) ([]model.Preference, error) {
	return s.listPreferences(ctx, `WHERE user_id = ?`, userID)
}

// GetPreferencesByCategory returns the user's preferences in one category.
func (s *Store) GetPreferencesByCategory(ctx context.Context, userID, category string) ([]model.Preference, error) {
	return s.listPreferences(ctx, `WHERE user_id = ? AND category = ?`, userID, category)
}

func (s *Store) listPreferences(ctx context.Context, where string, args ...any) ([]model.Preference, error) {
	rows, err := s.query(ctx, `SELECT user_id, category, name, value FROM preferences `+where+` ORDER BY category, name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list preferences: %w", err)
	}
	defer rows.Close()
	out := []model.Preference{}
	for rows.Next() {
		var p model.Preference
		if err := rows.Scan(&p.UserId, &p.Category, &p.Name, &p.Value); err != nil {
			return nil, fmt.Errorf("scan preference: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	return out, nil
}

// GetPreference returns one preference, or ErrNotFound.
func (s *Store) GetPreference(ctx context.Context, userID, category, name string) (*model.Preference, error) {
	p := model.Preference{UserId: userID, Category: category, Name: name}
	err := s.queryRow(ctx, `SELECT value FROM preferences WHERE user_id = ? AND category = ? AND name = ?`,
		userID, category, name).Scan(&p.Value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get preference: %w", err)
	}
	return &p, nil
}
