package app

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// ListUsersInput carries the query of GET /users as sent, so that its validation follows
// Mattermost's order exactly.
type ListUsersInput struct {
	InTeam, NotInTeam, InChannel, NotInChannel, InGroup, NotInGroup string
	GroupConstrained, WithoutTeam, Active, Inactive                 string
	Role, Roles, TeamRoles, ChannelRoles                            string
	Sort                                                            string
	Page, PerPage                                                   int
}

var userListSorts = map[string]bool{"": true, "last_activity_at": true, "create_at": true, "status": true, "admin": true, "display_name": true}

func parseBool(s string) bool {
	b, _ := strconv.ParseBool(s)
	return b
}

// groupNotFound: Roster has no user groups, so every group id is unknown.
func groupNotFound() *model.AppError {
	return model.NewAppError("GetGroup", "app.group.no_rows", nil, "", http.StatusNotFound)
}

// cleanRoleNames is Mattermost's CleanRoleNames: blank entries are skipped; any other entry
// must be a valid role name.
func cleanRoleNames(names []string) ([]string, bool) {
	var out []string
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		if !permission.IsValidRoleName(n) {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// knownRoles validates a comma-separated role list: well-formed names that all exist.
func (a *App) knownRoles(list string) ([]string, bool) {
	names, ok := cleanRoleNames(strings.Split(list, ","))
	if !ok {
		return nil, false
	}
	for _, n := range names {
		if !a.roles.exists(n) {
			return nil, false
		}
	}
	return names, true
}

// ListUsers is GET /users. The first matching scope wins (without_team, not_in_channel,
// not_in_team, in_team, in_channel, groups, everyone); each needs its own permission, and
// every list is limited to the users the caller may see.
func (a *App) ListUsers(ctx context.Context, s *model.Session, in ListUsersInput) ([]*model.User, error) {
	if in.NotInChannel != "" && in.InTeam == "" {
		return nil, model.InvalidURLParam("team_id")
	}
	if !userListSorts[in.Sort] {
		return nil, model.InvalidURLParam("sort")
	}
	switch in.Sort {
	case "last_activity_at", "create_at":
		if in.InTeam == "" || in.NotInTeam != "" || in.InChannel != "" || in.NotInChannel != "" || in.WithoutTeam != "" ||
			in.InGroup != "" || in.NotInGroup != "" {
			return nil, model.InvalidURLParam("sort")
		}
	case "status", "admin":
		if in.InChannel == "" {
			return nil, model.InvalidURLParam("sort")
		}
	case "display_name":
		if in.InGroup == "" || in.NotInGroup != "" || in.InTeam != "" || in.NotInTeam != "" || in.InChannel != "" ||
			in.NotInChannel != "" || in.WithoutTeam != "" {
			return nil, model.InvalidURLParam("sort")
		}
	}
	withoutTeam, groupConstrained := parseBool(in.WithoutTeam), parseBool(in.GroupConstrained)
	active, inactive := parseBool(in.Active), parseBool(in.Inactive)
	if active && inactive {
		return nil, model.InvalidURLParam("inactive")
	}

	// role= also becomes the roles filter unless roles= is given, as in Mattermost.
	var roles, teamRoles, channelRoles []string
	if in.Role != "" {
		if !permission.IsValidRoleName(in.Role) || !a.roles.exists(in.Role) {
			return nil, model.InvalidBodyParam("role")
		}
		roles = []string{in.Role}
	}
	var ok bool
	if in.Roles != "" {
		if roles, ok = a.knownRoles(in.Roles); !ok {
			return nil, model.InvalidBodyParam("roles")
		}
	}
	if in.ChannelRoles != "" && in.InChannel != "" {
		if channelRoles, ok = a.knownRoles(in.ChannelRoles); !ok {
			return nil, model.InvalidBodyParam("channelRoles")
		}
	}
	if in.TeamRoles != "" && in.InTeam != "" {
		if teamRoles, ok = a.knownRoles(in.TeamRoles); !ok {
			return nil, model.InvalidBodyParam("teamRoles")
		}
	}

	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	if in.InChannel != "" && !a.cfg.TeamSettings.ExperimentalViewArchivedChannels {
		c, err := a.channelOrError(ctx, in.InChannel)
		if err != nil {
			return nil, err
		}
		if c.DeleteAt != 0 {
			return nil, model.NewAppError("Api4.getUsersInChannel", "api.user.view_archived_channels.get_users_in_channel.app_error", nil, "", http.StatusForbidden)
		}
	}

	q := store.UserQuery{View: view, Offset: in.Page * in.PerPage, Limit: in.PerPage}
	activeFilter := func() { q.Active, q.Inactive = active, inactive }
	switch {
	case withoutTeam:
		if !a.has(s, permission.ListUsersWithoutTeam) {
			return nil, model.PermissionError(s.UserId, permission.ListUsersWithoutTeam)
		}
		q.WithoutTeam, q.Role = true, in.Role
		activeFilter()
	case in.NotInChannel != "":
		if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: in.NotInChannel}); err != nil {
			return nil, err
		}
		q.InTeam, q.NotInChannel, q.GroupConstrained = in.InTeam, in.NotInChannel, groupConstrained
	case in.NotInTeam != "":
		if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: in.NotInTeam}); err != nil {
			return nil, err
		}
		q.NotInTeam, q.GroupConstrained = in.NotInTeam, groupConstrained
	case in.InTeam != "":
		if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: in.InTeam}); err != nil {
			return nil, err
		}
		q.InTeam = in.InTeam
		switch in.Sort {
		case "last_activity_at":
			q.Sort, q.IncludeFormerTeamMembers = store.SortByLastActivity, true
		case "create_at":
			q.Sort, q.IncludeFormerTeamMembers = store.SortByCreateAtDesc, true
		default:
			q.Role, q.Roles, q.TeamRoles = in.Role, roles, teamRoles
			activeFilter()
		}
	case in.InChannel != "":
		if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: in.InChannel}); err != nil {
			return nil, err
		}
		q.InChannel = in.InChannel
		activeFilter()
		switch in.Sort {
		case "admin":
			q.Sort = store.SortByChannelAdminFirst
		case "status":
			// Roster keeps no online status: everybody is "offline", so the status order
			// is the username order.
		default:
			q.Roles, q.ChannelRoles = roles, channelRoles
		}
	case in.InGroup != "", in.NotInGroup != "":
		return nil, groupNotFound()
	default:
		q.Role, q.Roles = in.Role, roles
		activeFilter()
	}
	if in.PerPage == 0 {
		return []*model.User{}, nil // an empty page (a zero store limit means "no limit")
	}
	users, err := a.store.ListUsers(ctx, q)
	if err != nil {
		return nil, model.NewAppError("GetUsers", "app.user.get_profiles.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return a.profileViews(s, users), nil
}

// GetUsersByIDs is POST /users/ids: the visible users among ids (duplicates and unknown ids
// ignored), updated after since when it is given, ordered by username.
func (a *App) GetUsersByIDs(ctx context.Context, s *model.Session, ids []string, since string) ([]*model.User, error) {
	q := store.UserQuery{IDs: dedupe(ids)}
	if since != "" {
		v, err := strconv.ParseInt(since, 10, 64)
		if err != nil {
			return nil, model.InvalidBodyParam("since").Wrap(err)
		}
		q.UpdatedSince = v
	}
	return a.listVisible(ctx, s, q)
}

// GetUsersByUsernames is POST /users/usernames: exact, case-sensitive matches.
func (a *App) GetUsersByUsernames(ctx context.Context, s *model.Session, names []string) ([]*model.User, error) {
	return a.listVisible(ctx, s, store.UserQuery{Usernames: dedupe(names)})
}

// lookupChunk bounds the ids or usernames one query binds (SQLite allows 32766 parameters,
// PostgreSQL 65535; a request body may carry more names than that).
const lookupChunk = 1000

// listVisible looks up q.IDs or q.Usernames (one of them) in chunks, limited to what the
// caller may see, and answers them ordered by username.
func (a *App) listVisible(ctx context.Context, s *model.Session, q store.UserQuery) ([]*model.User, error) {
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	q.View = view
	keys, byID := q.Usernames, false
	if q.IDs != nil {
		keys, byID = q.IDs, true
	}
	users := []*model.User{}
	for len(keys) > 0 {
		n := min(len(keys), lookupChunk)
		chunk := q
		if byID {
			chunk.IDs = keys[:n]
		} else {
			chunk.Usernames = keys[:n]
		}
		keys = keys[n:]
		found, err := a.store.ListUsers(ctx, chunk)
		if err != nil {
			return nil, model.NewAppError("GetUsers", "app.user.get_profiles.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
		}
		users = append(users, found...)
	}
	slices.SortFunc(users, func(x, y *model.User) int { return strings.Compare(x.Username, y.Username) })
	return a.profileViews(s, users), nil
}

func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := make([]string, 0, len(list))
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// UsersStats is GET /users/stats: active, non-remote users (bots included) the caller may
// see.
func (a *App) UsersStats(ctx context.Context, s *model.Session) (*model.UsersStats, error) {
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	n, err := a.store.CountUsers(ctx, store.UserQuery{Active: true, ExcludeRemote: true, View: view})
	if err != nil {
		return nil, model.NewAppError("GetTotalUsersStats", "app.user.get_total_users_count.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return &model.UsersStats{TotalUsersCount: n}, nil
}

// searchColumns: username and nickname always; full names and emails when the viewer may
// see them (admins always).
func (a *App) searchColumns(s *model.Session, emails bool) []string {
	cols := []string{store.SearchUsername, store.SearchNickname}
	admin := a.has(s, permission.ManageSystem)
	if admin || a.cfg.PrivacySettings.ShowFullName {
		cols = append(cols, store.SearchFirstName, store.SearchLastName)
	}
	if emails && (admin || a.cfg.PrivacySettings.ShowEmailAddress) {
		cols = append(cols, store.SearchEmail)
	}
	return cols
}

// maxSearchWords bounds the distinct words of a search term: each becomes a few SQL
// parameters, and the databases bind at most some tens of thousands.
const maxSearchWords = 1000

// SearchUsers is POST /users/search.
func (a *App) SearchUsers(ctx context.Context, s *model.Session, in *model.UserSearch) ([]*model.User, error) {
	if in.Limit == 0 {
		in.Limit = model.UserSearchDefaultLimit
	}
	if in.Term == "" {
		return nil, model.InvalidBodyParam("term")
	}
	if in.TeamId == "" && in.NotInChannelId != "" {
		return nil, model.InvalidBodyParam("team_id")
	}
	if in.InGroupId != "" || in.NotInGroupId != "" {
		return nil, groupNotFound()
	}
	checks := []struct {
		id     string
		perm   string
		target Target
	}{
		{in.InChannelId, permission.ReadChannel, Target{ChannelID: in.InChannelId}},
		{in.NotInChannelId, permission.ReadChannel, Target{ChannelID: in.NotInChannelId}},
		{in.TeamId, permission.ViewTeam, Target{TeamID: in.TeamId}},
		{in.NotInTeamId, permission.ViewTeam, Target{TeamID: in.NotInTeamId}},
	}
	for _, c := range checks {
		if c.id == "" {
			continue
		}
		if err := a.require(ctx, s, c.perm, c.target); err != nil {
			return nil, err
		}
	}
	if in.Limit <= 0 || in.Limit > model.UserSearchMaxLimit {
		return nil, model.InvalidBodyParam("limit")
	}
	if len(store.SearchWords(in.Term)) > maxSearchWords {
		return nil, model.InvalidBodyParam("term")
	}
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	q := store.UserQuery{
		Term: strings.TrimSpace(in.Term), SearchColumns: a.searchColumns(s, true), View: view, Limit: in.Limit,
		Active: !in.AllowInactive, Role: in.Role, Roles: in.Roles,
	}
	switch {
	case in.WithoutTeam:
		q.WithoutTeam = true
	case in.InChannelId != "":
		q.InChannel, q.ChannelRoles = in.InChannelId, in.ChannelRoles
	case in.NotInChannelId != "":
		q.InTeam, q.NotInChannel, q.TeamRoles, q.GroupConstrained = in.TeamId, in.NotInChannelId, in.TeamRoles, in.GroupConstrained
	case in.NotInTeamId != "":
		q.NotInTeam, q.GroupConstrained = in.NotInTeamId, in.GroupConstrained
	case in.TeamId != "":
		q.InTeam, q.TeamRoles = in.TeamId, in.TeamRoles
	}
	users, err := a.store.ListUsers(ctx, q)
	if err != nil {
		return nil, model.NewAppError("SearchUsers", "app.user.search.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return a.profileViews(s, users), nil
}

// AutocompleteInput is GET /users/autocomplete (the parameter names the server reads).
type AutocompleteInput struct {
	InTeam, InChannel, Name, Limit string
}

// Autocomplete is GET /users/autocomplete: active users matching name in username,
// nickname and (when visible) full name, never email. With in_channel (which needs in_team)
// the channel's members are "users" and the team's other members "out_of_channel".
func (a *App) Autocomplete(ctx context.Context, s *model.Session, in AutocompleteInput) (*model.UserAutocomplete, error) {
	limit := model.UserSearchDefaultLimit
	if in.Limit != "" {
		limit, _ = strconv.Atoi(in.Limit)
		switch {
		case limit > model.UserSearchMaxLimit:
			limit = model.UserSearchMaxLimit
		case limit < 0:
			limit = model.UserSearchDefaultLimit
		}
	}
	if in.InChannel != "" {
		if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: in.InChannel}); err != nil {
			return nil, err
		}
	}
	if in.InTeam != "" {
		if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: in.InTeam}); err != nil {
			return nil, err
		}
	}
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	if in.InChannel != "" && in.InTeam == "" {
		return nil, model.NewAppError("autocompleteUser", "api.user.autocomplete_users.missing_team_id.app_error", nil,
			"channelId="+in.InChannel, http.StatusBadRequest) // Mattermost answers 500 for this bad input
	}
	result := &model.UserAutocomplete{Users: []*model.User{}}
	if limit == 0 {
		return result, nil
	}
	base := store.UserQuery{Term: strings.TrimSpace(in.Name), SearchColumns: a.searchColumns(s, false), View: view, Active: true, Limit: limit}
	find := func(q store.UserQuery) ([]*model.User, error) {
		users, err := a.store.ListUsers(ctx, q)
		if err != nil {
			return nil, model.NewAppError("AutocompleteUsers", "app.user.search.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
		}
		return a.profileViews(s, users), nil
	}
	switch {
	case in.InChannel != "":
		inChannel := base
		inChannel.InChannel = in.InChannel
		if result.Users, err = find(inChannel); err != nil {
			return nil, err
		}
		outOfChannel := base
		outOfChannel.InTeam, outOfChannel.NotInChannel = in.InTeam, in.InChannel
		if result.OutOfChannel, err = find(outOfChannel); err != nil {
			return nil, err
		}
	case in.InTeam != "":
		inTeam := base
		inTeam.InTeam = in.InTeam
		if result.Users, err = find(inTeam); err != nil {
			return nil, err
		}
	default:
		if result.Users, err = find(base); err != nil {
			return nil, err
		}
	}
	return result, nil
}
