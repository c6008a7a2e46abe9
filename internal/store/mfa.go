package store

import (
	"context"
	"fmt"
)

// SetMfaSecret stores a user's (possibly encrypted) MFA secret; MFA stays as it was.
func (s *Store) SetMfaSecret(ctx context.Context, userID, secret string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET mfa_secret = ?, update_at = ? WHERE id = ?`, secret, at, userID)
	if err != nil {
		return fmt.Errorf("set mfa secret: %w", err)
	}
	return expectOne(res)
}

// ReplaceMfaSecret swaps the stored secret for another encoding of the same secret, only if
// it is still old (no timestamps change).
func (s *Store) ReplaceMfaSecret(ctx context.Context, userID, old, secret string) error {
	if _, err := s.execUser(ctx, userID, `UPDATE users SET mfa_secret = ? WHERE id = ? AND mfa_secret = ?`, secret, userID, old); err != nil {
		return fmt.Errorf("replace mfa secret: %w", err)
	}
	return nil
}

// ActivateMfa turns MFA on, provided the user's secret is still expected (so a secret
// generated again in between is not activated by a code for the old one).
func (s *Store) ActivateMfa(ctx context.Context, userID, expectedSecret string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET mfa_active = TRUE, update_at = ? WHERE id = ? AND mfa_secret = ?`,
		at, userID, expectedSecret)
	if err != nil {
		return fmt.Errorf("activate mfa: %w", err)
	}
	return expectOne(res)
}

// DeactivateMfa turns MFA off and forgets the secret.
func (s *Store) DeactivateMfa(ctx context.Context, userID string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET mfa_active = FALSE, mfa_secret = '', update_at = ? WHERE id = ?`, at, userID)
	if err != nil {
		return fmt.Errorf("deactivate mfa: %w", err)
	}
	return expectOne(res)
}

// UseMfaStep records that the user has used the TOTP time step, atomically: it reports
// false when that step or a later one was used already (a replay), whichever node saw it.
func (s *Store) UseMfaStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := s.exec(ctx, `INSERT INTO mfa_used_steps (user_id, last_step) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET last_step = excluded.last_step
		WHERE mfa_used_steps.last_step < excluded.last_step`, userID, step)
	if err != nil {
		return false, fmt.Errorf("record mfa step: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record mfa step: %w", err)
	}
	return n == 1, nil
}
