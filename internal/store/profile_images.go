package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// GetProfileImage returns the stored profile image (PNG) of the user, or ErrNotFound.
func (s *Store) GetProfileImage(ctx context.Context, userID string) ([]byte, error) {
	var img []byte
	err := s.queryRow(ctx, `SELECT image FROM profile_images WHERE user_id = ?`, userID).Scan(&img)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get profile image: %w", err)
	}
	return img, nil
}

// SetProfileImage stores the image and sets users.last_picture_update (negative for a
// generated default) and update_at, in one transaction. ErrNotFound when the user does not
// exist.
func (s *Store) SetProfileImage(ctx context.Context, userID string, img []byte, lastPictureUpdate, at int64) error {
	return s.InTx(ctx, func(ctx context.Context) error {
		res, err := s.execUser(ctx, userID, `UPDATE users SET last_picture_update = ?, update_at = ? WHERE id = ?`,
			lastPictureUpdate, at, userID)
		if err != nil {
			return fmt.Errorf("set last picture update: %w", err)
		}
		if err := expectOne(res); err != nil {
			return err
		}
		_, err = s.exec(ctx, `INSERT INTO profile_images (user_id, image, update_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET image = excluded.image, update_at = excluded.update_at`,
			userID, img, at)
		if err != nil {
			return fmt.Errorf("store profile image: %w", err)
		}
		return nil
	})
}
