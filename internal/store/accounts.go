package store

import (
	"context"
	"fmt"
	"strings"

	"roster/internal/model"
)

// VerifyEmail marks the user's email verified and sets it to email (lower-cased): the
// address a verification link was sent to. Another user holding that address is a
// *ConflictError on users_email_key; an unknown user is ErrNotFound.
func (s *Store) VerifyEmail(ctx context.Context, userID, email string, at int64) error {
	res, err := s.execUser(ctx, userID, `UPDATE users SET email = ?, email_verified = TRUE, update_at = ? WHERE id = ?`,
		strings.ToLower(email), at, userID)
	if err != nil {
		return fmt.Errorf("verify email: %w", mapError(err))
	}
	s.touchUsers(ctx, userID)
	return expectOne(res)
}

// KnownUserIDs returns the ids of the users who share at least one channel with userID
// (Mattermost's GetKnownUsers), the user excluded, in id order.
func (s *Store) KnownUserIDs(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT ocm.user_id FROM channel_members cm
		JOIN channel_members ocm ON ocm.channel_id = cm.channel_id
		WHERE cm.user_id = ? AND ocm.user_id <> ? ORDER BY ocm.user_id`, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("known users: %w", err)
	}
	ids, err := scanAll(rows, func(sc scanner) (string, error) {
		var id string
		err := sc.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, fmt.Errorf("known users: %w", err)
	}
	return ids, nil
}

// UserCount describes GET /users/stats/filtered (Mattermost's UserCountOptions). InTeam
// wins over InChannel; TeamRoles need InTeam and ChannelRoles InChannel.
type UserCount struct {
	IncludeDeleted, IncludeBots, IncludeRemote bool
	InTeam, InChannel                          string
	Roles, TeamRoles, ChannelRoles             []string
}

// CountUsersFiltered counts the users c selects.
func (s *Store) CountUsersFiltered(ctx context.Context, c UserCount) (int64, error) {
	var (
		b     strings.Builder
		args  []any
		where []string
	)
	// The role filter is the one user lists use: it names the joins tm and cm.
	roles := UserQuery{Roles: c.Roles}
	b.WriteString(`SELECT count(*) FROM users u`)
	switch {
	case c.InTeam != "":
		b.WriteString(` JOIN team_members tm ON tm.user_id = u.id AND tm.team_id = ? AND tm.delete_at = 0`)
		args = append(args, c.InTeam)
		roles.InTeam, roles.TeamRoles = c.InTeam, c.TeamRoles
	case c.InChannel != "":
		b.WriteString(` JOIN channel_members cm ON cm.user_id = u.id AND cm.channel_id = ?`)
		args = append(args, c.InChannel)
		roles.InChannel, roles.ChannelRoles = c.InChannel, c.ChannelRoles
	}
	if !c.IncludeDeleted {
		where = append(where, `u.delete_at = 0`)
	}
	if !c.IncludeRemote {
		where = append(where, `(u.remote_id IS NULL OR u.remote_id = '')`)
	}
	if !c.IncludeBots {
		where = append(where, `u.is_bot = FALSE`)
	}
	if cond, a := roles.roleGroup("u"); cond != "" {
		where = append(where, cond)
		args = append(args, a...)
	}
	if len(where) > 0 {
		b.WriteString(` WHERE ` + strings.Join(where, ` AND `))
	}
	var n int64
	if err := s.queryRow(ctx, b.String(), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// ListUsersWithInvalidEmails pages through the active, non-bot, non-guest users who sign in
// with email and whose address ends in none of the domains ("@" + domain), by username. An
// empty domain list selects nobody: without a restriction no address is invalid.
func (s *Store) ListUsersWithInvalidEmails(ctx context.Context, domains []string, offset, limit int) ([]*model.User, error) {
	if len(domains) == 0 {
		return []*model.User{}, nil
	}
	q := `SELECT ` + userColumns + ` FROM users u WHERE u.delete_at = 0 AND u.is_bot = FALSE
		AND (' ' || u.roles || ' ') NOT LIKE '% system_guest %' AND u.auth_service IN ('', 'email')`
	var args []any
	for _, d := range domains {
		q += ` AND lower(u.email) NOT LIKE ? ESCAPE '\'`
		args = append(args, likeSuffix("@"+strings.ToLower(d)))
	}
	q += ` ORDER BY u.username LIMIT ? OFFSET ?`
	args = append(args, limit, offset)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("users with invalid emails: %w", err)
	}
	return collectUsers(rows)
}

// likeSuffix is a LIKE pattern matching strings that end with s, with % _ and \ taken
// literally (used with ESCAPE '\').
func likeSuffix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s)
}

// SearchAccessTokens returns the tokens (without secrets) whose id, user id or owner's
// username starts with term, in id order.
func (s *Store) SearchAccessTokens(ctx context.Context, term string) ([]*model.UserAccessToken, error) {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	prefix := strings.ToLower(r.Replace(term)) + "%" // ids and usernames are lower case
	rows, err := s.query(ctx, `SELECT t.id, t.token_hash, t.user_id, t.description, t.is_active
		FROM user_access_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.id LIKE ? ESCAPE '\' OR t.user_id LIKE ? ESCAPE '\' OR lower(u.username) LIKE ? ESCAPE '\'
		ORDER BY t.id`, prefix, prefix, prefix)
	if err != nil {
		return nil, fmt.Errorf("search access tokens: %w", err)
	}
	stored, err := scanAll(rows, scanAccessToken)
	if err != nil {
		return nil, fmt.Errorf("search access tokens: %w", err)
	}
	out := make([]*model.UserAccessToken, len(stored))
	for i, t := range stored {
		tok := t.UserAccessToken
		tok.Token = ""
		out[i] = &tok
	}
	return out, nil
}

// AttachSessionDevice registers a push device on a session: its device id, a new expiry and
// its props (replaced as a whole). ErrNotFound when the session is gone.
func (s *Store) AttachSessionDevice(ctx context.Context, sessionID, deviceID string, expiresAt int64, props model.StringMap) error {
	res, err := s.exec(ctx, `UPDATE sessions SET device_id = ?, expires_at = ?, props = ? WHERE id = ?`,
		deviceID, expiresAt, mapJSON(props), sessionID)
	if err != nil {
		return fmt.Errorf("attach device: %w", err)
	}
	return expectOne(res)
}
