package model

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Channel types and limits, as Mattermost's.
const (
	ChannelTypeOpen    = "O"
	ChannelTypePrivate = "P"
	ChannelTypeDirect  = "D"
	ChannelTypeGroup   = "G"

	DefaultChannelName         = "town-square"
	OffTopicChannelName        = "off-topic"
	ChannelDisplayNameMaxRunes = 64
	ChannelNameMinLength       = 1
	ChannelNameMaxLength       = 64
	ChannelHeaderMaxRunes      = 1024
	ChannelPurposeMaxRunes     = 250

	// MaxAddChannelMembers bounds user_ids in POST /channels/{id}/members.
	MaxAddChannelMembers = 1000
)

// Channel is a Mattermost channel (the fields of server/public/model/channel.go that every
// version serves; clients ignore the newer optional ones).
type Channel struct {
	Id                string         `json:"id"`
	CreateAt          int64          `json:"create_at"`
	UpdateAt          int64          `json:"update_at"`
	DeleteAt          int64          `json:"delete_at"`
	TeamId            string         `json:"team_id"`
	Type              string         `json:"type"`
	DisplayName       string         `json:"display_name"`
	Name              string         `json:"name"`
	Header            string         `json:"header"`
	Purpose           string         `json:"purpose"`
	LastPostAt        int64          `json:"last_post_at"`
	TotalMsgCount     int64          `json:"total_msg_count"`
	ExtraUpdateAt     int64          `json:"extra_update_at"`
	CreatorId         string         `json:"creator_id"`
	SchemeId          *string        `json:"scheme_id"`
	Props             map[string]any `json:"props"`
	GroupConstrained  *bool          `json:"group_constrained"`
	Shared            *bool          `json:"shared"`
	TotalMsgCountRoot int64          `json:"total_msg_count_root"`
	PolicyID          *string        `json:"policy_id"`
	LastRootPostAt    int64          `json:"last_root_post_at"`
}

// validChannelName is Mattermost's validSimpleAlphaNum: lowercase letters, digits, "-" and
// "_", starting with a letter or digit.
var validChannelName = regexp.MustCompile(`^[a-z0-9]+([a-z\-\_0-9]+|(__)?)[a-z0-9]*$`)

// gmName is the name shape of group message channels (a 40-character hex hash).
var gmName = regexp.MustCompile(`^[a-f0-9]{40}$`)

// IsValidChannelIdentifier applies Mattermost's channel name rule.
func IsValidChannelIdentifier(s string) bool {
	return len(s) >= ChannelNameMinLength && len(s) <= ChannelNameMaxLength && validChannelName.MatchString(s)
}

// IsGroupOrDirect reports whether the channel is a direct or group message channel.
func (c *Channel) IsGroupOrDirect() bool {
	return c.Type == ChannelTypeDirect || c.Type == ChannelTypeGroup
}

// IsGroupConstrained reports whether membership is managed by synced groups.
func (c *Channel) IsGroupConstrained() bool { return c.GroupConstrained != nil && *c.GroupConstrained }

// PreSave fills what the server decides for a new channel.
func (c *Channel) PreSave(now int64) {
	if c.Id == "" {
		c.Id = NewId()
	}
	c.Name = SanitizeUnicode(c.Name)
	c.DisplayName = SanitizeUnicode(c.DisplayName)
	c.CreateAt = now
	c.UpdateAt = now
	c.DeleteAt = 0
	c.ExtraUpdateAt = 0
	c.LastPostAt, c.TotalMsgCount, c.TotalMsgCountRoot, c.LastRootPostAt = 0, 0, 0, 0
}

func invalidChannel(field, id string) *AppError {
	details := ""
	if id != "" {
		details = "id=" + id
	}
	return NewAppError("Channel.IsValid", "model.channel.is_valid."+field+".app_error", nil, details, http.StatusBadRequest)
}

// IsValid checks the channel as Mattermost does, first failure wins.
func (c *Channel) IsValid() *AppError {
	if !IsValidId(c.Id) {
		return invalidChannel("id", "")
	}
	if c.CreateAt == 0 {
		return invalidChannel("create_at", c.Id)
	}
	if c.UpdateAt == 0 {
		return invalidChannel("update_at", c.Id)
	}
	if utf8.RuneCountInString(c.DisplayName) > ChannelDisplayNameMaxRunes {
		return invalidChannel("display_name", c.Id)
	}
	if !IsValidChannelIdentifier(c.Name) {
		return invalidChannel("1_or_more", c.Id)
	}
	switch c.Type {
	case ChannelTypeOpen, ChannelTypePrivate, ChannelTypeDirect, ChannelTypeGroup:
	default:
		return invalidChannel("type", c.Id)
	}
	if utf8.RuneCountInString(c.Header) > ChannelHeaderMaxRunes {
		return invalidChannel("header", c.Id)
	}
	if utf8.RuneCountInString(c.Purpose) > ChannelPurposeMaxRunes {
		return invalidChannel("purpose", c.Id)
	}
	if len(c.CreatorId) > IDLength {
		return invalidChannel("creator_id", "")
	}
	if !c.IsGroupOrDirect() {
		ids := strings.Split(c.Name, "__")
		if gmName.MatchString(c.Name) || (len(ids) == 2 && IsValidId(ids[0]) && IsValidId(ids[1])) {
			return invalidChannel("name", "")
		}
	}
	return nil
}

// ChannelMember is a user's membership of a channel. Roles is derived from the explicit
// roles and the scheme flags.
type ChannelMember struct {
	ChannelId          string    `json:"channel_id"`
	UserId             string    `json:"user_id"`
	Roles              string    `json:"roles"`
	LastViewedAt       int64     `json:"last_viewed_at"`
	MsgCount           int64     `json:"msg_count"`
	MentionCount       int64     `json:"mention_count"`
	MentionCountRoot   int64     `json:"mention_count_root"`
	UrgentMentionCount int64     `json:"urgent_mention_count"`
	MsgCountRoot       int64     `json:"msg_count_root"`
	NotifyProps        StringMap `json:"notify_props"`
	LastUpdateAt       int64     `json:"last_update_at"`
	SchemeGuest        bool      `json:"scheme_guest"`
	SchemeUser         bool      `json:"scheme_user"`
	SchemeAdmin        bool      `json:"scheme_admin"`
	ExplicitRoles      string    `json:"explicit_roles"`
}

// DefaultChannelNotifyProps are the notify props of a new channel membership.
func DefaultChannelNotifyProps() StringMap {
	return StringMap{
		"desktop":                     "default",
		"email":                       "default",
		"ignore_channel_mentions":     "default",
		"mark_unread":                 "all",
		"push":                        "default",
		"channel_auto_follow_threads": "off",
	}
}

// DeriveRoles fills Roles (and normalises ExplicitRoles and the flags) from the stored
// explicit roles and scheme flags.
func (m *ChannelMember) DeriveRoles() {
	m.Roles, m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin =
		SchemeRoles(m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin, "channel_guest", "channel_user", "channel_admin")
}
