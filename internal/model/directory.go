package model

// Limits of POST /users/search and GET /users/autocomplete.
const (
	UserSearchMaxLimit     = 1000
	UserSearchDefaultLimit = 100
)

// UserSearch is the body of POST /users/search.
type UserSearch struct {
	Term             string   `json:"term"`
	TeamId           string   `json:"team_id"`
	NotInTeamId      string   `json:"not_in_team_id"`
	InChannelId      string   `json:"in_channel_id"`
	NotInChannelId   string   `json:"not_in_channel_id"`
	InGroupId        string   `json:"in_group_id"`
	GroupConstrained bool     `json:"group_constrained"`
	AllowInactive    bool     `json:"allow_inactive"`
	WithoutTeam      bool     `json:"without_team"`
	Limit            int      `json:"limit"`
	Role             string   `json:"role"`
	Roles            []string `json:"roles"`
	ChannelRoles     []string `json:"channel_roles"`
	TeamRoles        []string `json:"team_roles"`
	NotInGroupId     string   `json:"not_in_group_id"`
}

// UserAutocomplete is the answer of GET /users/autocomplete.
type UserAutocomplete struct {
	Users        []*User `json:"users"`
	OutOfChannel []*User `json:"out_of_channel,omitempty"`
}

// UsersStats is the answer of GET /users/stats.
type UsersStats struct {
	TotalUsersCount int64 `json:"total_users_count"`
}
