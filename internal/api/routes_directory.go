package api

// directoryRoutes: teams, channels and membership, and finding users (lists, search,
// autocomplete).
func (h *API) directoryRoutes(users2, teams2 *dispatcher) {
	h.route("POST /api/v4/teams", session, h.createTeam)
	h.route("GET /api/v4/teams", session, h.getTeams)
	h.route("GET /api/v4/teams/{team_id}", session, h.getTeam)
	teams2.byFirst("name", "name", "GET /api/v4/teams/name/{name}", session, h.getTeamByName)
	teams2.bySecond("members", "team_id", "GET /api/v4/teams/{team_id}/members", session, h.getTeamMembers)
	h.route("POST /api/v4/teams/{team_id}/members", session, h.addTeamMember)
	h.route("POST /api/v4/teams/{team_id}/members/batch", session, h.addTeamMembers)
	h.route("DELETE /api/v4/teams/{team_id}/members/{user_id}", session, h.removeTeamMember)
	users2.bySecond("teams", "user_id", "GET /api/v4/users/{user_id}/teams", session, h.getTeamsForUser)
	h.route("GET /api/v4/users/{user_id}/teams/members", session, h.getTeamMembersForUser)

	h.route("POST /api/v4/channels", session, h.createChannel)
	h.route("GET /api/v4/channels/{channel_id}", session, h.getChannel)
	h.route("POST /api/v4/channels/{channel_id}/members", session, h.addChannelMember)
	h.route("GET /api/v4/channels/{channel_id}/members", session, h.getChannelMembers)
	h.route("DELETE /api/v4/channels/{channel_id}/members/{user_id}", session, h.removeChannelMember)

	h.route("GET /api/v4/users", session, h.getUsers)
	h.route("POST /api/v4/users/ids", session, h.getUsersByIDs)
	h.route("POST /api/v4/users/usernames", session, h.getUsersByUsernames)
	h.route("POST /api/v4/users/search", session, h.searchUsers)
	h.route("GET /api/v4/users/autocomplete", session, h.autocompleteUsers)
	h.route("GET /api/v4/users/stats", session, h.getUsersStats)
}
