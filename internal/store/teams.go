package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"roster/internal/model"
)

// ErrLimitExceeded is returned when an insert would go over a configured limit (team
// members per team, channels per team).
var ErrLimitExceeded = errors.New("limit exceeded")

const teamColumns = `t.id, t.create_at, t.update_at, t.delete_at, t.display_name, t.name, t.description,
	t.email, t.type, t.company_name, t.allowed_domains, t.invite_id, t.allow_open_invite,
	t.last_team_icon_update, t.scheme_id, t.group_constrained, t.cloud_limits_archived`

func scanTeam(sc scanner) (*model.Team, error) {
	var (
		t        model.Team
		schemeID sql.NullString
		gc       sql.NullBool
	)
	err := sc.Scan(&t.Id, &t.CreateAt, &t.UpdateAt, &t.DeleteAt, &t.DisplayName, &t.Name, &t.Description,
		&t.Email, &t.Type, &t.CompanyName, &t.AllowedDomains, &t.InviteId, &t.AllowOpenInvite,
		&t.LastTeamIconUpdate, &schemeID, &gc, &t.CloudLimitsArchived)
	if err != nil {
		return nil, err
	}
	if schemeID.Valid {
		t.SchemeId = &schemeID.String
	}
	if gc.Valid {
		t.GroupConstrained = &gc.Bool
	}
	return &t, nil
}

func nullBool(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}

// CreateTeam inserts a team whose fields are already filled (PreSave). A taken name is a
// *ConflictError on teams_name_key.
func (s *Store) CreateTeam(ctx context.Context, t *model.Team) error {
	_, err := s.exec(ctx, `INSERT INTO teams (id, create_at, update_at, delete_at, display_name, name,
		description, email, type, company_name, allowed_domains, invite_id, allow_open_invite,
		last_team_icon_update, scheme_id, group_constrained, cloud_limits_archived)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Id, t.CreateAt, t.UpdateAt, t.DeleteAt, t.DisplayName, t.Name, t.Description, t.Email, t.Type,
		t.CompanyName, t.AllowedDomains, t.InviteId, t.AllowOpenInvite, t.LastTeamIconUpdate,
		nullString(t.SchemeId), nullBool(t.GroupConstrained), t.CloudLimitsArchived)
	if err != nil {
		return fmt.Errorf("insert team: %w", mapError(err))
	}
	return nil
}

func (s *Store) getTeamWhere(ctx context.Context, where string, args ...any) (*model.Team, error) {
	t, err := scanTeam(s.queryRow(ctx, `SELECT `+teamColumns+` FROM teams t WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get team: %w", err)
	}
	return t, nil
}

// GetTeam returns the team (archived ones included), or ErrNotFound.
func (s *Store) GetTeam(ctx context.Context, id string) (*model.Team, error) {
	return s.getTeamWhere(ctx, `t.id = ?`, id)
}

// GetTeamByName returns the team with that URL name, or ErrNotFound.
func (s *Store) GetTeamByName(ctx context.Context, name string) (*model.Team, error) {
	return s.getTeamWhere(ctx, `t.name = ?`, name)
}

// GetTeamByInviteID returns the live team with that invite id, or ErrNotFound.
func (s *Store) GetTeamByInviteID(ctx context.Context, inviteID string) (*model.Team, error) {
	return s.getTeamWhere(ctx, `t.invite_id = ? AND t.delete_at = 0`, inviteID)
}

// TeamListOptions selects live teams for GET /teams. AllowOpenInvite, when set, keeps only
// the teams whose allow_open_invite has that value.
type TeamListOptions struct {
	AllowOpenInvite *bool
	Offset, Limit   int
}

func (o TeamListOptions) where() (string, []any) {
	where := `t.delete_at = 0`
	var args []any
	if o.AllowOpenInvite != nil {
		where += ` AND t.allow_open_invite = ?`
		args = append(args, *o.AllowOpenInvite)
	}
	return where, args
}

// ListTeams returns a page of live teams ordered by display name (byte order), then id.
func (s *Store) ListTeams(ctx context.Context, o TeamListOptions) ([]*model.Team, error) {
	where, args := o.where()
	rows, err := s.query(ctx, `SELECT `+teamColumns+` FROM teams t WHERE `+where+`
		ORDER BY t.display_name, t.id LIMIT ? OFFSET ?`, append(args, o.Limit, o.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return collectTeams(rows)
}

// CountTeams counts the teams ListTeams pages through.
func (s *Store) CountTeams(ctx context.Context, o TeamListOptions) (int64, error) {
	where, args := o.where()
	var n int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM teams t WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count teams: %w", err)
	}
	return n, nil
}

// GetTeamsForUser returns the live teams in which the user has an active membership, by
// display name.
func (s *Store) GetTeamsForUser(ctx context.Context, userID string) ([]*model.Team, error) {
	rows, err := s.query(ctx, `SELECT `+teamColumns+` FROM teams t
		JOIN team_members tm ON tm.team_id = t.id AND tm.user_id = ? AND tm.delete_at = 0
		WHERE t.delete_at = 0 ORDER BY t.display_name, t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("teams for user: %w", err)
	}
	return collectTeams(rows)
}

func collectTeams(rows *sql.Rows) ([]*model.Team, error) {
	teams, err := scanAll(rows, scanTeam)
	if err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	return teams, nil
}

// LockTeam serialises membership changes of one team inside a transaction, so that the
// member limit holds under concurrent joins. SQLite write transactions are serialised
// already.
func (s *Store) LockTeam(ctx context.Context, teamID string) error {
	if s.driver != Postgres {
		return nil
	}
	var id string
	err := s.queryRow(ctx, `SELECT id FROM teams WHERE id = ? FOR UPDATE`, teamID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("lock team: %w", err)
	}
	return nil
}

// Team members.

const teamMemberColumns = `tm.team_id, tm.user_id, tm.roles, tm.delete_at, tm.scheme_guest, tm.scheme_user,
	tm.scheme_admin, tm.create_at`

func scanTeamMember(sc scanner) (*model.TeamMember, error) {
	var m model.TeamMember
	if err := sc.Scan(&m.TeamId, &m.UserId, &m.ExplicitRoles, &m.DeleteAt, &m.SchemeGuest, &m.SchemeUser,
		&m.SchemeAdmin, &m.CreateAt); err != nil {
		return nil, err
	}
	m.DeriveRoles()
	return &m, nil
}

func collectTeamMembers(rows *sql.Rows) ([]*model.TeamMember, error) {
	members, err := scanAll(rows, scanTeamMember)
	if err != nil {
		return nil, fmt.Errorf("team members: %w", err)
	}
	return members, nil
}

// GetTeamMember returns the membership, active or not, or ErrNotFound.
func (s *Store) GetTeamMember(ctx context.Context, teamID, userID string) (*model.TeamMember, error) {
	m, err := scanTeamMember(s.queryRow(ctx, `SELECT `+teamMemberColumns+` FROM team_members tm
		WHERE tm.team_id = ? AND tm.user_id = ?`, teamID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get team member: %w", err)
	}
	return m, nil
}

// CountActiveTeamMembers counts the active memberships of active users (what
// TeamSettings.MaxUsersPerTeam limits).
func (s *Store) CountActiveTeamMembers(ctx context.Context, teamID string) (int64, error) {
	var n int64
	err := s.queryRow(ctx, `SELECT count(*) FROM team_members tm JOIN users u ON u.id = tm.user_id
		WHERE tm.team_id = ? AND tm.delete_at = 0 AND u.delete_at = 0`, teamID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count team members: %w", err)
	}
	return n, nil
}

// SaveTeamMember stores m as an active membership: a new row, or the reactivation of a
// departed one (explicit roles and scheme flags replaced). When maxUsers >= 0 and the team
// already has that many active members, it returns ErrLimitExceeded and changes nothing.
// Call it inside a transaction after LockTeam.
func (s *Store) SaveTeamMember(ctx context.Context, m *model.TeamMember, maxUsers int) error {
	if maxUsers >= 0 {
		n, err := s.CountActiveTeamMembers(ctx, m.TeamId)
		if err != nil {
			return err
		}
		if n >= int64(maxUsers) {
			return ErrLimitExceeded
		}
	}
	res, err := s.exec(ctx, `UPDATE team_members SET roles = ?, delete_at = 0, scheme_guest = ?, scheme_user = ?,
		scheme_admin = ? WHERE team_id = ? AND user_id = ?`,
		m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin, m.TeamId, m.UserId)
	if err != nil {
		return fmt.Errorf("reactivate team member: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("rows affected: %w", err)
	} else if n > 0 {
		s.touchUsers(ctx, m.UserId)
		return nil
	}
	_, err = s.exec(ctx, `INSERT INTO team_members (team_id, user_id, roles, delete_at, scheme_guest, scheme_user,
		scheme_admin, create_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?)`,
		m.TeamId, m.UserId, m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin, m.CreateAt)
	if err != nil {
		return fmt.Errorf("insert team member: %w", mapError(err))
	}
	s.touchUsers(ctx, m.UserId)
	return nil
}

// RemoveTeamMember soft-deletes the membership: delete_at is set and the explicit roles
// are cleared; the row stays.
func (s *Store) RemoveTeamMember(ctx context.Context, teamID, userID string, at int64) error {
	res, err := s.exec(ctx, `UPDATE team_members SET delete_at = ?, roles = '' WHERE team_id = ? AND user_id = ?`,
		at, teamID, userID)
	if err != nil {
		return fmt.Errorf("remove team member: %w", err)
	}
	s.touchUsers(ctx, userID)
	return expectOne(res)
}

// TeamMemberListOptions pages through a team's active members.
type TeamMemberListOptions struct {
	// SortByUsername orders by the members' usernames; otherwise they are ordered by user id.
	SortByUsername      bool
	ExcludeDeletedUsers bool
	View                *ViewRestriction
	Offset, Limit       int
}

// ListTeamMembers returns a page of the team's active memberships.
func (s *Store) ListTeamMembers(ctx context.Context, teamID string, o TeamMemberListOptions) ([]*model.TeamMember, error) {
	var b strings.Builder
	args := []any{teamID}
	b.WriteString(`SELECT ` + teamMemberColumns + ` FROM team_members tm`)
	if o.SortByUsername || o.ExcludeDeletedUsers {
		b.WriteString(` JOIN users u ON u.id = tm.user_id`)
	}
	b.WriteString(` WHERE tm.team_id = ? AND tm.delete_at = 0`)
	if o.ExcludeDeletedUsers {
		b.WriteString(` AND u.delete_at = 0`)
	}
	if o.View != nil {
		cond, vargs := o.View.condition("tm.user_id")
		b.WriteString(` AND ` + cond)
		args = append(args, vargs...)
	}
	if o.SortByUsername {
		b.WriteString(` ORDER BY u.username`)
	} else {
		b.WriteString(` ORDER BY tm.user_id`)
	}
	b.WriteString(` LIMIT ? OFFSET ?`)
	args = append(args, o.Limit, o.Offset)
	rows, err := s.query(ctx, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("list team members: %w", err)
	}
	return collectTeamMembers(rows)
}

// GetTeamMembersForUser returns the user's memberships, departed ones too when
// includeDeleted, ordered by team id.
func (s *Store) GetTeamMembersForUser(ctx context.Context, userID string, includeDeleted bool) ([]*model.TeamMember, error) {
	q := `SELECT ` + teamMemberColumns + ` FROM team_members tm WHERE tm.user_id = ?`
	if !includeDeleted {
		q += ` AND tm.delete_at = 0`
	}
	rows, err := s.query(ctx, q+` ORDER BY tm.team_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("team members for user: %w", err)
	}
	return collectTeamMembers(rows)
}

// TouchUser sets a user's update_at (Mattermost bumps it when team membership changes, so
// that clients refetch the profile).
func (s *Store) TouchUser(ctx context.Context, userID string, at int64) error {
	if _, err := s.execUser(ctx, userID, `UPDATE users SET update_at = ? WHERE id = ?`, at, userID); err != nil {
		return fmt.Errorf("touch user: %w", err)
	}
	return nil
}
