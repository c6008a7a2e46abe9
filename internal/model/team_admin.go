package model

// TeamPatch is the body of PUT /teams/{id}/patch: pointer fields mean "not sent".
type TeamPatch struct {
	DisplayName         *string `json:"display_name"`
	Description         *string `json:"description"`
	CompanyName         *string `json:"company_name"`
	AllowedDomains      *string `json:"allowed_domains"`
	AllowOpenInvite     *bool   `json:"allow_open_invite"`
	GroupConstrained    *bool   `json:"group_constrained"`
	CloudLimitsArchived *bool   `json:"cloud_limits_archived"`
}

// Patch applies the fields p sends. allow_open_invite decides the team's privacy: true opens
// the team (type "O"), false makes it invite-only (type "I") with a new invite id, so that
// links handed out while it was open stop working.
func (t *Team) Patch(p *TeamPatch) {
	if p.DisplayName != nil {
		t.DisplayName = *p.DisplayName
	}
	if p.Description != nil {
		t.Description = *p.Description
	}
	if p.CompanyName != nil {
		t.CompanyName = *p.CompanyName
	}
	if p.AllowedDomains != nil {
		t.AllowedDomains = *p.AllowedDomains
	}
	if p.AllowOpenInvite != nil {
		if !*p.AllowOpenInvite {
			t.InviteId = NewId()
		}
		t.SetOpen(*p.AllowOpenInvite)
	}
	if p.GroupConstrained != nil {
		b := *p.GroupConstrained
		t.GroupConstrained = &b
	}
	if p.CloudLimitsArchived != nil {
		t.CloudLimitsArchived = *p.CloudLimitsArchived
	}
}

// SetOpen sets allow_open_invite and the matching type.
func (t *Team) SetOpen(open bool) {
	t.AllowOpenInvite = open
	if open {
		t.Type = TeamOpen
	} else {
		t.Type = TeamInvite
	}
}

// PreUpdate fills what the server decides when a team is saved again.
func (t *Team) PreUpdate(now int64) {
	t.UpdateAt = now
	t.Name = SanitizeUnicode(t.Name)
	t.DisplayName = SanitizeUnicode(t.DisplayName)
	t.Description = SanitizeUnicode(t.Description)
	t.CompanyName = SanitizeUnicode(t.CompanyName)
	t.syncTypeAndAllowOpenInvite()
}

// TeamSearch is the body of POST /teams/search. Page and PerPage page the result only when
// both are sent.
type TeamSearch struct {
	Term                     string  `json:"term"`
	Page                     *int    `json:"page,omitempty"`
	PerPage                  *int    `json:"per_page,omitempty"`
	AllowOpenInvite          *bool   `json:"allow_open_invite,omitempty"`
	GroupConstrained         *bool   `json:"group_constrained,omitempty"`
	IncludeGroupConstrained  *bool   `json:"include_group_constrained,omitempty"`
	PolicyID                 *string `json:"policy_id,omitempty"`
	ExcludePolicyConstrained *bool   `json:"exclude_policy_constrained,omitempty"`
}

// IsPaginated reports whether the search asks for one page.
func (s *TeamSearch) IsPaginated() bool { return s.Page != nil && s.PerPage != nil }

// TeamStats is GET /teams/{id}/stats.
type TeamStats struct {
	TeamId            string `json:"team_id"`
	TotalMemberCount  int64  `json:"total_member_count"`
	ActiveMemberCount int64  `json:"active_member_count"`
}

// TeamUnread is one team's unread counts (GET /users/{id}/teams/unread).
type TeamUnread struct {
	TeamId                   string `json:"team_id"`
	MsgCount                 int64  `json:"msg_count"`
	MentionCount             int64  `json:"mention_count"`
	MentionCountRoot         int64  `json:"mention_count_root"`
	MsgCountRoot             int64  `json:"msg_count_root"`
	ThreadCount              int64  `json:"thread_count"`
	ThreadMentionCount       int64  `json:"thread_mention_count"`
	ThreadUrgentMentionCount int64  `json:"thread_urgent_mention_count"`
}

// SchemeRolesUpdate is the body of PUT /teams/{id}/members/{user_id}/schemeRoles (Mattermost's
// SchemeRoles).
type SchemeRolesUpdate struct {
	SchemeAdmin bool `json:"scheme_admin"`
	SchemeUser  bool `json:"scheme_user"`
	SchemeGuest bool `json:"scheme_guest"`
}

// TeamInviteInfo is what GET /teams/invite/{invite_id} tells anyone holding an invite link.
type TeamInviteInfo struct {
	DisplayName string `json:"display_name"`
	Description string `json:"description"`
	Name        string `json:"name"`
	Id          string `json:"id"`
}

// A channel member's mark_unread notify prop; with ChannelMarkUnreadMention only mentions
// count as unread.
const (
	MarkUnreadNotifyProp     = "mark_unread"
	ChannelMarkUnreadMention = "mention"
)
