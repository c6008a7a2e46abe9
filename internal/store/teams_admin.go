package store

import (
	"context"
	"fmt"
	"strings"

	"roster/internal/model"
)

// UpdateTeam writes every stored field of t except id and create_at. A missing team is
// ErrNotFound.
func (s *Store) UpdateTeam(ctx context.Context, t *model.Team) error {
	res, err := s.exec(ctx, `UPDATE teams SET update_at = ?, delete_at = ?, display_name = ?, name = ?, description = ?,
		email = ?, type = ?, company_name = ?, allowed_domains = ?, invite_id = ?, allow_open_invite = ?,
		last_team_icon_update = ?, scheme_id = ?, group_constrained = ?, cloud_limits_archived = ? WHERE id = ?`,
		t.UpdateAt, t.DeleteAt, t.DisplayName, t.Name, t.Description, t.Email, t.Type, t.CompanyName, t.AllowedDomains,
		t.InviteId, t.AllowOpenInvite, t.LastTeamIconUpdate, nullString(t.SchemeId), nullBool(t.GroupConstrained),
		t.CloudLimitsArchived, t.Id)
	if err != nil {
		return fmt.Errorf("update team: %w", mapError(err))
	}
	return expectOne(res)
}

// TeamDeletion is what a permanent team deletion took away, for cache invalidation.
type TeamDeletion struct {
	MemberIDs      []string    // users with a membership row (active or not)
	ChannelMembers [][2]string // channel id, user id
}

// DeleteTeam removes the team for good with its channels and every membership of both. Call
// it inside a transaction.
func (s *Store) DeleteTeam(ctx context.Context, teamID string) (*TeamDeletion, error) {
	d := &TeamDeletion{}
	rows, err := s.query(ctx, `SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ?`, teamID)
	if err != nil {
		return nil, fmt.Errorf("team members to delete: %w", err)
	}
	if d.MemberIDs, err = scanAll(rows, scanString); err != nil {
		return nil, fmt.Errorf("team members to delete: %w", err)
	}
	rows, err = s.query(ctx, `SELECT cm.channel_id, cm.user_id FROM channel_members cm
		JOIN channels c ON c.id = cm.channel_id WHERE c.team_id = ?`, teamID)
	if err != nil {
		return nil, fmt.Errorf("channel members to delete: %w", err)
	}
	d.ChannelMembers, err = scanAll(rows, func(sc scanner) ([2]string, error) {
		var p [2]string
		err := sc.Scan(&p[0], &p[1])
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("channel members to delete: %w", err)
	}
	// channel_members and team_members go with their channel and team (ON DELETE CASCADE).
	if _, err := s.exec(ctx, `DELETE FROM channels WHERE team_id = ?`, teamID); err != nil {
		return nil, fmt.Errorf("delete team channels: %w", err)
	}
	res, err := s.exec(ctx, `DELETE FROM teams WHERE id = ?`, teamID)
	if err != nil {
		return nil, fmt.Errorf("delete team: %w", err)
	}
	if err := expectOne(res); err != nil {
		return nil, err
	}
	s.touchUsers(ctx, d.MemberIDs...)
	channels := map[string]bool{}
	for _, cm := range d.ChannelMembers {
		if !channels[cm[0]] {
			channels[cm[0]] = true
			s.touchChannel(ctx, cm[0])
		}
	}
	return d, nil
}

func scanString(sc scanner) (string, error) {
	var v string
	err := sc.Scan(&v)
	return v, err
}

// TeamSearchOptions is a team search (POST /teams/search). Archived teams are included, as
// in Mattermost.
type TeamSearchOptions struct {
	Term string // matched anywhere in the name or the display name, case-insensitively
	// AllowOpenInvite keeps open teams (true) or invite-only teams that are not
	// group-constrained (false); GroupConstrained keeps group-constrained teams (true) or the
	// others (false). With both, a team that passes either is kept.
	AllowOpenInvite, GroupConstrained *bool
	Type                              string // "" for any
	Paged                             bool
	Offset, Limit                     int
}

func (o *TeamSearchOptions) where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	if o.Term != "" {
		p := containsPattern(strings.ToLower(o.Term))
		conds = append(conds, `(lower(t.name) LIKE ? ESCAPE '\' OR lower(t.display_name) LIKE ? ESCAPE '\')`)
		args = append(args, p, p)
	}
	const notGroupConstrained = `(t.group_constrained IS NULL OR t.group_constrained = FALSE)`
	var filters []string
	if o.AllowOpenInvite != nil {
		if *o.AllowOpenInvite {
			filters = append(filters, `t.allow_open_invite = TRUE`)
		} else {
			filters = append(filters, `(t.allow_open_invite = FALSE AND `+notGroupConstrained+`)`)
		}
	}
	if o.GroupConstrained != nil {
		if *o.GroupConstrained {
			filters = append(filters, `t.group_constrained = TRUE`)
		} else {
			filters = append(filters, notGroupConstrained)
		}
	}
	if len(filters) > 0 {
		conds = append(conds, `(`+strings.Join(filters, ` OR `)+`)`)
	}
	if o.Type != "" {
		conds = append(conds, `t.type = ?`)
		args = append(args, o.Type)
	}
	if len(conds) == 0 {
		return `1 = 1`, nil
	}
	return strings.Join(conds, ` AND `), args
}

// containsPattern is a LIKE pattern (ESCAPE '\') matching s anywhere, with % _ and \ taken
// literally.
func containsPattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// SearchTeams returns the matching teams by display name (byte order), then id, and when
// o.Paged the number of all matches.
func (s *Store) SearchTeams(ctx context.Context, o TeamSearchOptions) ([]*model.Team, int64, error) {
	where, args := o.where()
	q := `SELECT ` + teamColumns + ` FROM teams t WHERE ` + where + ` ORDER BY t.display_name, t.id`
	qargs := args
	if o.Paged {
		q += ` LIMIT ? OFFSET ?`
		qargs = append(append([]any{}, args...), o.Limit, o.Offset)
	}
	rows, err := s.query(ctx, q, qargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("search teams: %w", err)
	}
	teams, err := collectTeams(rows)
	if err != nil {
		return nil, 0, err
	}
	total := int64(len(teams))
	if o.Paged {
		if err := s.queryRow(ctx, `SELECT count(*) FROM teams t WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count teams: %w", err)
		}
	}
	return teams, total, nil
}

// TeamMemberCounts counts the team's active memberships (total) and those of active users
// (active), among the users view lets through (nil: all).
func (s *Store) TeamMemberCounts(ctx context.Context, teamID string, view *ViewRestriction) (total, active int64, err error) {
	q := `SELECT count(*), coalesce(sum(CASE WHEN u.delete_at = 0 THEN 1 ELSE 0 END), 0)
		FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = ? AND tm.delete_at = 0`
	args := []any{teamID}
	if view != nil {
		cond, vargs := view.condition("tm.user_id")
		q += ` AND ` + cond
		args = append(args, vargs...)
	}
	if err := s.queryRow(ctx, q, args...).Scan(&total, &active); err != nil {
		return 0, 0, fmt.Errorf("count team members: %w", err)
	}
	return total, active, nil
}

// GetTeamMembersByIDs returns the active memberships of the team held by the given users,
// among those view lets through (nil: all), ordered by user id.
func (s *Store) GetTeamMembersByIDs(ctx context.Context, teamID string, userIDs []string, view *ViewRestriction) ([]*model.TeamMember, error) {
	if len(userIDs) == 0 {
		return []*model.TeamMember{}, nil
	}
	q := `SELECT ` + teamMemberColumns + ` FROM team_members tm WHERE tm.team_id = ? AND tm.delete_at = 0
		AND tm.user_id IN (` + placeholders(len(userIDs)) + `)`
	args := make([]any, 0, len(userIDs)+4)
	args = append(args, teamID)
	for _, id := range userIDs {
		args = append(args, id)
	}
	if view != nil {
		cond, vargs := view.condition("tm.user_id")
		q += ` AND ` + cond
		args = append(args, vargs...)
	}
	rows, err := s.query(ctx, q+` ORDER BY tm.user_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("team members by ids: %w", err)
	}
	return collectTeamMembers(rows)
}

// UpdateTeamMemberRoles stores a membership's explicit roles and scheme flags (the row
// keeps its delete_at). A missing membership is ErrNotFound.
func (s *Store) UpdateTeamMemberRoles(ctx context.Context, m *model.TeamMember) error {
	res, err := s.exec(ctx, `UPDATE team_members SET roles = ?, scheme_guest = ?, scheme_user = ?, scheme_admin = ?
		WHERE team_id = ? AND user_id = ?`, m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin, m.TeamId, m.UserId)
	if err != nil {
		return fmt.Errorf("update team member roles: %w", err)
	}
	return expectOne(res)
}

// ChannelUnread is one channel's unread counts for a member.
type ChannelUnread struct {
	TeamID           string
	MsgCount         int64
	MsgCountRoot     int64
	MentionCount     int64
	MentionCountRoot int64
	NotifyProps      model.StringMap
}

// ChannelUnreads returns the unread counts of the user's live channels: those of one team
// (teamID), or of every team but excludeTeamID (teamID ""; channels without a team are left
// out unless excludeTeamID is not empty, as in Mattermost).
func (s *Store) ChannelUnreads(ctx context.Context, userID, teamID, excludeTeamID string) ([]ChannelUnread, error) {
	q := `SELECT c.team_id, c.total_msg_count - cm.msg_count, c.total_msg_count_root - cm.msg_count_root,
		cm.mention_count, cm.mention_count_root, cm.notify_props
		FROM channel_members cm JOIN channels c ON c.id = cm.channel_id
		WHERE cm.user_id = ? AND c.delete_at = 0`
	args := []any{userID}
	if teamID != "" {
		q += ` AND c.team_id = ?`
		args = append(args, teamID)
	} else {
		q += ` AND c.team_id <> ?`
		args = append(args, excludeTeamID)
	}
	rows, err := s.query(ctx, q+` ORDER BY c.team_id, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("channel unreads: %w", err)
	}
	out, err := scanAll(rows, func(sc scanner) (ChannelUnread, error) {
		var (
			u     ChannelUnread
			props string
		)
		if err := sc.Scan(&u.TeamID, &u.MsgCount, &u.MsgCountRoot, &u.MentionCount, &u.MentionCountRoot, &props); err != nil {
			return u, err
		}
		var err error
		u.NotifyProps, err = parseMap(props)
		return u, err
	})
	if err != nil {
		return nil, fmt.Errorf("channel unreads: %w", err)
	}
	return out, nil
}

// DeleteTokensOfType removes every token of a type (e.g. all pending invitations) and says
// how many there were.
func (s *Store) DeleteTokensOfType(ctx context.Context, typ string) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM tokens WHERE type = ?`, typ)
	if err != nil {
		return 0, fmt.Errorf("delete tokens: %w", err)
	}
	return res.RowsAffected()
}
