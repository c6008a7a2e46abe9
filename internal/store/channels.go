package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"roster/internal/model"
)

const channelColumns = `c.id, c.create_at, c.update_at, c.delete_at, c.team_id, c.type, c.display_name, c.name,
	c.header, c.purpose, c.last_post_at, c.total_msg_count, c.extra_update_at, c.creator_id, c.scheme_id,
	c.group_constrained, c.shared, c.total_msg_count_root, c.last_root_post_at`

func scanChannel(sc scanner) (*model.Channel, error) {
	var (
		c          model.Channel
		schemeID   sql.NullString
		gc, shared sql.NullBool
	)
	err := sc.Scan(&c.Id, &c.CreateAt, &c.UpdateAt, &c.DeleteAt, &c.TeamId, &c.Type, &c.DisplayName, &c.Name,
		&c.Header, &c.Purpose, &c.LastPostAt, &c.TotalMsgCount, &c.ExtraUpdateAt, &c.CreatorId, &schemeID,
		&gc, &shared, &c.TotalMsgCountRoot, &c.LastRootPostAt)
	if err != nil {
		return nil, err
	}
	if schemeID.Valid {
		c.SchemeId = &schemeID.String
	}
	if gc.Valid {
		c.GroupConstrained = &gc.Bool
	}
	if shared.Valid {
		c.Shared = &shared.Bool
	}
	return &c, nil
}

// CreateChannel inserts a channel whose fields are already filled (PreSave). A name taken
// in the team is a *ConflictError on channels_team_name_key; when maxPerTeam >= 0 and the
// team already has that many live public and private channels, it returns
// ErrLimitExceeded. Call it inside a transaction after LockTeam.
func (s *Store) CreateChannel(ctx context.Context, c *model.Channel, maxPerTeam int) error {
	if maxPerTeam >= 0 && (c.Type == model.ChannelTypeOpen || c.Type == model.ChannelTypePrivate) {
		var n int
		err := s.queryRow(ctx, `SELECT count(*) FROM channels WHERE team_id = ? AND delete_at = 0
			AND type IN ('O', 'P')`, c.TeamId).Scan(&n)
		if err != nil {
			return fmt.Errorf("count channels: %w", err)
		}
		if n >= maxPerTeam {
			return ErrLimitExceeded
		}
	}
	_, err := s.exec(ctx, `INSERT INTO channels (id, create_at, update_at, delete_at, team_id, type, display_name,
		name, header, purpose, last_post_at, total_msg_count, extra_update_at, creator_id, scheme_id,
		group_constrained, shared, total_msg_count_root, last_root_post_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Id, c.CreateAt, c.UpdateAt, c.DeleteAt, c.TeamId, c.Type, c.DisplayName, c.Name, c.Header, c.Purpose,
		c.LastPostAt, c.TotalMsgCount, c.ExtraUpdateAt, c.CreatorId, nullString(c.SchemeId),
		nullBool(c.GroupConstrained), nullBool(c.Shared), c.TotalMsgCountRoot, c.LastRootPostAt)
	if err != nil {
		return fmt.Errorf("insert channel: %w", mapError(err))
	}
	return nil
}

func (s *Store) getChannelWhere(ctx context.Context, where string, args ...any) (*model.Channel, error) {
	c, err := scanChannel(s.queryRow(ctx, `SELECT `+channelColumns+` FROM channels c WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get channel: %w", err)
	}
	return c, nil
}

// GetChannel returns the channel (archived ones included), or ErrNotFound.
func (s *Store) GetChannel(ctx context.Context, id string) (*model.Channel, error) {
	return s.getChannelWhere(ctx, `c.id = ?`, id)
}

// GetChannelByName returns the team's channel with that name (archived ones included), or
// ErrNotFound.
func (s *Store) GetChannelByName(ctx context.Context, teamID, name string) (*model.Channel, error) {
	return s.getChannelWhere(ctx, `c.team_id = ? AND c.name = ?`, teamID, name)
}

// Channel members.

const channelMemberColumns = `cm.channel_id, cm.user_id, cm.roles, cm.last_viewed_at, cm.msg_count,
	cm.mention_count, cm.mention_count_root, cm.urgent_mention_count, cm.msg_count_root, cm.notify_props,
	cm.last_update_at, cm.scheme_guest, cm.scheme_user, cm.scheme_admin`

func scanChannelMember(sc scanner) (*model.ChannelMember, error) {
	var (
		m     model.ChannelMember
		props string
	)
	err := sc.Scan(&m.ChannelId, &m.UserId, &m.ExplicitRoles, &m.LastViewedAt, &m.MsgCount, &m.MentionCount,
		&m.MentionCountRoot, &m.UrgentMentionCount, &m.MsgCountRoot, &props, &m.LastUpdateAt, &m.SchemeGuest,
		&m.SchemeUser, &m.SchemeAdmin)
	if err != nil {
		return nil, err
	}
	if m.NotifyProps, err = parseMap(props); err != nil {
		return nil, err
	}
	m.DeriveRoles()
	return &m, nil
}

// SaveChannelMember inserts a membership. An existing one is a *ConflictError on
// channel_members_pkey.
func (s *Store) SaveChannelMember(ctx context.Context, m *model.ChannelMember) error {
	_, err := s.exec(ctx, `INSERT INTO channel_members (channel_id, user_id, roles, last_viewed_at, msg_count,
		mention_count, mention_count_root, urgent_mention_count, msg_count_root, notify_props, last_update_at,
		scheme_guest, scheme_user, scheme_admin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ChannelId, m.UserId, m.ExplicitRoles, m.LastViewedAt, m.MsgCount, m.MentionCount, m.MentionCountRoot,
		m.UrgentMentionCount, m.MsgCountRoot, mapJSON(m.NotifyProps), m.LastUpdateAt, m.SchemeGuest, m.SchemeUser,
		m.SchemeAdmin)
	if err != nil {
		return fmt.Errorf("insert channel member: %w", mapError(err))
	}
	s.touchChannel(ctx, m.ChannelId)
	return nil
}

// GetChannelMember returns the membership, or ErrNotFound.
func (s *Store) GetChannelMember(ctx context.Context, channelID, userID string) (*model.ChannelMember, error) {
	m, err := scanChannelMember(s.queryRow(ctx, `SELECT `+channelMemberColumns+` FROM channel_members cm
		WHERE cm.channel_id = ? AND cm.user_id = ?`, channelID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get channel member: %w", err)
	}
	return m, nil
}

// ListChannelMembers returns a page of the channel's memberships, ordered by user id.
func (s *Store) ListChannelMembers(ctx context.Context, channelID string, offset, limit int) ([]*model.ChannelMember, error) {
	rows, err := s.query(ctx, `SELECT `+channelMemberColumns+` FROM channel_members cm WHERE cm.channel_id = ?
		ORDER BY cm.user_id LIMIT ? OFFSET ?`, channelID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list channel members: %w", err)
	}
	members, err := scanAll(rows, scanChannelMember)
	if err != nil {
		return nil, fmt.Errorf("channel members: %w", err)
	}
	return members, nil
}

// DeleteChannelMember removes the membership (hard delete, as Mattermost), or returns
// ErrNotFound.
func (s *Store) DeleteChannelMember(ctx context.Context, channelID, userID string) error {
	res, err := s.exec(ctx, `DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?`, channelID, userID)
	if err != nil {
		return fmt.Errorf("delete channel member: %w", err)
	}
	s.touchChannel(ctx, channelID)
	return expectOne(res)
}

// LeaveTeamChannels removes the user from every channel of the team and returns the ids
// of the channels left.
func (s *Store) LeaveTeamChannels(ctx context.Context, teamID, userID string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT cm.channel_id FROM channel_members cm JOIN channels c ON c.id = cm.channel_id
		WHERE cm.user_id = ? AND c.team_id = ?`, userID, teamID)
	if err != nil {
		return nil, fmt.Errorf("team channels of user: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan channel id: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read channel ids: %w", err)
	}
	for _, id := range ids {
		if _, err := s.exec(ctx, `DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?`, id, userID); err != nil {
			return nil, fmt.Errorf("leave channel: %w", err)
		}
		s.touchChannel(ctx, id)
	}
	return ids, nil
}

// ChannelAccess is what a permission check needs to know about a user and a channel.
type ChannelAccess struct {
	TeamID string
	Member bool
	Roles  string // derived channel roles; "" when not a member
}

// GetChannelAccess answers, in one indexed query, the channel's team and the user's
// channel roles. A missing channel is ErrNotFound.
func (s *Store) GetChannelAccess(ctx context.Context, channelID, userID string) (*ChannelAccess, error) {
	var (
		a                  ChannelAccess
		member, roles      sql.NullString
		guest, user, admin sql.NullBool
	)
	err := s.queryRow(ctx, `SELECT c.team_id, cm.user_id, cm.roles, cm.scheme_guest, cm.scheme_user, cm.scheme_admin
		FROM channels c LEFT JOIN channel_members cm ON cm.channel_id = c.id AND cm.user_id = ?
		WHERE c.id = ?`, userID, channelID).Scan(&a.TeamID, &member, &roles, &guest, &user, &admin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("channel access: %w", err)
	}
	if member.Valid {
		m := model.ChannelMember{ExplicitRoles: roles.String, SchemeGuest: guest.Bool, SchemeUser: user.Bool, SchemeAdmin: admin.Bool}
		m.DeriveRoles()
		a.Member, a.Roles = true, m.Roles
	}
	return &a, nil
}

// CountUserChannelsInTeam counts the channels of the team the user is a member of.
func (s *Store) CountUserChannelsInTeam(ctx context.Context, teamID, userID string) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id
		WHERE cm.user_id = ? AND c.team_id = ?`, userID, teamID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count user channels: %w", err)
	}
	return n, nil
}
