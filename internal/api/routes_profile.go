package api

// profileRoutes: profile images, preferences and team invitations by email.
func (h *API) profileRoutes(users2, teams2 *dispatcher) {
	// Image GETs trust the requester (no CSRF check), as Mattermost's do: <img> tags send
	// the cookie without headers.
	users2.bySecond("image", "user_id", "GET /api/v4/users/{user_id}/image", sessionTrust, h.getProfileImage)
	h.route("GET /api/v4/users/{user_id}/image/default", sessionTrust, h.getDefaultProfileImage)
	h.routeUpload("POST /api/v4/users/{user_id}/image", session, h.setProfileImage)
	h.route("DELETE /api/v4/users/{user_id}/image", session, h.setDefaultProfileImage)

	users2.bySecond("preferences", "user_id", "GET /api/v4/users/{user_id}/preferences", session, h.getPreferences)
	h.route("PUT /api/v4/users/{user_id}/preferences", session, h.updatePreferences)
	h.route("POST /api/v4/users/{user_id}/preferences/delete", session, h.deletePreferences)
	h.route("GET /api/v4/users/{user_id}/preferences/{category}", session, h.getPreferencesByCategory)
	h.route("GET /api/v4/users/{user_id}/preferences/{category}/name/{preference_name}", session, h.getPreference)

	h.route("POST /api/v4/teams/{team_id}/invite/email", session, h.inviteUsersToTeam)
}
