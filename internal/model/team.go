package model

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Team types and limits, as Mattermost's.
const (
	TeamOpen                    = "O"
	TeamInvite                  = "I"
	TeamAllowedDomainsMaxLength = 500
	TeamCompanyNameMaxLength    = 64
	TeamDescriptionMaxLength    = 255
	TeamDisplayNameMaxRunes     = 64
	TeamEmailMaxLength          = 128
	TeamNameMaxLength           = 64
	TeamNameMinLength           = 2

	// MaxAddMembersBatch is the largest body of POST /teams/{id}/members/batch.
	MaxAddMembersBatch = 256
)

// Team is a Mattermost team. Field order and JSON tags follow Mattermost's model.
type Team struct {
	Id                  string  `json:"id"`
	CreateAt            int64   `json:"create_at"`
	UpdateAt            int64   `json:"update_at"`
	DeleteAt            int64   `json:"delete_at"`
	DisplayName         string  `json:"display_name"`
	Name                string  `json:"name"`
	Description         string  `json:"description"`
	Email               string  `json:"email"`
	Type                string  `json:"type"`
	CompanyName         string  `json:"company_name"`
	AllowedDomains      string  `json:"allowed_domains"`
	InviteId            string  `json:"invite_id"`
	AllowOpenInvite     bool    `json:"allow_open_invite"`
	LastTeamIconUpdate  int64   `json:"last_team_icon_update,omitempty"`
	SchemeId            *string `json:"scheme_id"`
	GroupConstrained    *bool   `json:"group_constrained"`
	PolicyID            *string `json:"policy_id"`
	CloudLimitsArchived bool    `json:"cloud_limits_archived"`
}

// TeamsWithCount is GET /teams?include_total_count=true.
type TeamsWithCount struct {
	Teams      []*Team `json:"teams"`
	TotalCount int64   `json:"total_count"`
}

// reservedTeamNames: a team URL name may not start with any of these.
var reservedTeamNames = []string{
	"admin", "api", "channel", "claim", "error", "files", "help", "landing", "login", "mfa",
	"oauth", "plug", "plugins", "post", "signup", "boards", "playbooks",
}

var validTeamName = regexp.MustCompile(`^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$`)

// IsReservedTeamName reports whether s starts with a reserved word.
func IsReservedTeamName(s string) bool {
	s = strings.ToLower(s)
	for _, r := range reservedTeamNames {
		if strings.HasPrefix(s, r) {
			return true
		}
	}
	return false
}

// IsValidTeamName: at least two lowercase letters, digits or hyphens, starting and ending
// with a letter or digit.
func IsValidTeamName(s string) bool {
	return len(s) >= TeamNameMinLength && validTeamName.MatchString(s)
}

// Clone returns a copy that shares nothing with t.
func (t *Team) Clone() *Team {
	c := *t
	if t.SchemeId != nil {
		s := *t.SchemeId
		c.SchemeId = &s
	}
	if t.GroupConstrained != nil {
		b := *t.GroupConstrained
		c.GroupConstrained = &b
	}
	if t.PolicyID != nil {
		s := *t.PolicyID
		c.PolicyID = &s
	}
	return &c
}

// IsGroupConstrained reports whether membership is managed by synced groups.
func (t *Team) IsGroupConstrained() bool { return t.GroupConstrained != nil && *t.GroupConstrained }

// IsOpen reports whether any user may join without an invitation.
func (t *Team) IsOpen() bool { return t.AllowOpenInvite && t.Type == TeamOpen }

// PreSave fills what the server decides for a new team.
func (t *Team) PreSave(now int64) {
	if t.Id == "" {
		t.Id = NewId()
	}
	t.CreateAt = now
	t.UpdateAt = now
	t.DeleteAt = 0
	t.Name = SanitizeUnicode(t.Name)
	t.DisplayName = SanitizeUnicode(t.DisplayName)
	t.Description = SanitizeUnicode(t.Description)
	t.CompanyName = SanitizeUnicode(t.CompanyName)
	if t.InviteId == "" {
		t.InviteId = NewId()
	}
	t.syncTypeAndAllowOpenInvite()
}

// syncTypeAndAllowOpenInvite keeps type and allow_open_invite consistent the way current
// Mattermost servers do, privacy first: "I" forces allow_open_invite off, and a team that
// does not allow open invites is invite-only.
func (t *Team) syncTypeAndAllowOpenInvite() {
	if t.Type == TeamInvite {
		t.AllowOpenInvite = false
	}
	if t.AllowOpenInvite {
		t.Type = TeamOpen
	} else {
		t.Type = TeamInvite
	}
}

func invalidTeam(field, id string) *AppError {
	details := ""
	if id != "" {
		details = "id=" + id
	}
	return NewAppError("Team.IsValid", "model.team.is_valid."+field+".app_error", nil, details, http.StatusBadRequest)
}

// IsValid checks the team as Mattermost does, first failure wins.
func (t *Team) IsValid() *AppError {
	if !IsValidId(t.Id) {
		return invalidTeam("id", "")
	}
	if t.CreateAt == 0 {
		return invalidTeam("create_at", t.Id)
	}
	if t.UpdateAt == 0 {
		return invalidTeam("update_at", t.Id)
	}
	if len(t.Email) > TeamEmailMaxLength || (t.Email != "" && !IsValidEmail(t.Email)) {
		return invalidTeam("email", t.Id)
	}
	if n := utf8.RuneCountInString(t.DisplayName); n == 0 || n > TeamDisplayNameMaxRunes {
		return invalidTeam("name", t.Id)
	}
	if len(t.Name) > TeamNameMaxLength {
		return invalidTeam("url", t.Id)
	}
	if len(t.Description) > TeamDescriptionMaxLength {
		return invalidTeam("description", t.Id)
	}
	if t.InviteId == "" {
		return invalidTeam("invite_id", t.Id)
	}
	if IsReservedTeamName(t.Name) {
		return invalidTeam("reserved", t.Id)
	}
	if !IsValidTeamName(t.Name) {
		return invalidTeam("characters", t.Id)
	}
	if t.Type != TeamOpen && t.Type != TeamInvite {
		return invalidTeam("type", t.Id)
	}
	if len(t.CompanyName) > TeamCompanyNameMaxLength {
		return invalidTeam("company", t.Id)
	}
	if len(t.AllowedDomains) > TeamAllowedDomainsMaxLength {
		return invalidTeam("domains", t.Id)
	}
	return nil
}

// Sanitize removes what only team managers may see.
func (t *Team) Sanitize() {
	t.Email = ""
	t.InviteId = ""
}

// SplitDomains splits a domain list (allowed_domains, RestrictCreationToDomains) the way
// Mattermost normalises it: lower-cased, "@" and "," read as separators, blanks dropped.
func SplitDomains(list string) []string {
	list = strings.NewReplacer("@", " ", ",", " ").Replace(strings.ToLower(list))
	return strings.Fields(list)
}

// EmailInDomains reports whether email ends with "@" + one of domains; an empty list allows
// every address.
func EmailInDomains(email string, domains []string) bool {
	if len(domains) == 0 {
		return true
	}
	email = strings.ToLower(email)
	for _, d := range domains {
		if strings.HasSuffix(email, "@"+d) {
			return true
		}
	}
	return false
}

// TeamMember is a user's membership of a team. Roles is derived (explicit roles plus the
// roles implied by the scheme flags); CreateAt is never serialised.
type TeamMember struct {
	TeamId        string `json:"team_id"`
	UserId        string `json:"user_id"`
	Roles         string `json:"roles"`
	DeleteAt      int64  `json:"delete_at"`
	SchemeGuest   bool   `json:"scheme_guest"`
	SchemeUser    bool   `json:"scheme_user"`
	SchemeAdmin   bool   `json:"scheme_admin"`
	ExplicitRoles string `json:"explicit_roles"`
	CreateAt      int64  `json:"-"`
}

// TeamMemberWithError is one entry of a graceful batch add.
type TeamMemberWithError struct {
	UserId string      `json:"user_id"`
	Member *TeamMember `json:"member"`
	Error  *AppError   `json:"error"`
}

// SchemeRoles derives the roles string and explicit roles of a membership the way
// Mattermost's store does: explicit roles that name a scheme role become the matching flag,
// the others stay explicit, and the scheme roles are appended in the order guest, user, admin.
func SchemeRoles(explicit string, guest, user, admin bool, guestRole, userRole, adminRole string) (roles, explicitRoles string, g, u, a bool) {
	var all, expl []string
	for _, r := range strings.Fields(explicit) {
		switch r {
		case guestRole:
			guest = true
		case userRole:
			user = true
		case adminRole:
			admin = true
		default:
			expl = append(expl, r)
			all = append(all, r)
		}
	}
	for _, implied := range []struct {
		on   bool
		role string
	}{{guest, guestRole}, {user, userRole}, {admin, adminRole}} {
		if implied.on && !containsString(all, implied.role) {
			all = append(all, implied.role)
		}
	}
	return strings.Join(all, " "), strings.Join(expl, " "), guest, user, admin
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// DeriveRoles fills Roles (and normalises ExplicitRoles and the flags) from the stored
// explicit roles and scheme flags.
func (m *TeamMember) DeriveRoles() {
	m.Roles, m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin =
		SchemeRoles(m.ExplicitRoles, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin, "team_guest", "team_user", "team_admin")
}
