package api

// securityRoutes: passwords, MFA, sessions, audits, roles, auth method and personal access
// tokens. POST /users/mfa (the legacy "does this account use MFA" check, which told anyone
// whether an account exists) is deliberately not routed, as on current Mattermost servers.
func (h *API) securityRoutes(users2 *dispatcher) {
	h.route("PUT /api/v4/users/{user_id}/password", session, h.updatePassword)
	h.route("POST /api/v4/users/password/reset/send", public, h.sendPasswordReset)
	h.route("POST /api/v4/users/password/reset", public, h.resetPassword)

	h.route("POST /api/v4/users/{user_id}/mfa/generate", sessionMfa, h.generateMfaSecret)
	h.route("PUT /api/v4/users/{user_id}/mfa", sessionMfa, h.updateUserMfa)

	users2.bySecond("sessions", "user_id", "GET /api/v4/users/{user_id}/sessions", session, h.getSessions)
	h.route("POST /api/v4/users/{user_id}/sessions/revoke", session, h.revokeSession)
	h.route("POST /api/v4/users/{user_id}/sessions/revoke/all", session, h.revokeAllSessionsForUser)
	h.route("POST /api/v4/users/sessions/revoke/all", session, h.revokeAllSessionsAllUsers)
	users2.bySecond("audits", "user_id", "GET /api/v4/users/{user_id}/audits", session, h.getUserAudits)

	h.route("PUT /api/v4/users/{user_id}/roles", session, h.updateUserRoles)
	// Mattermost serves this one without the CSRF check (TrustRequester); Roster keeps the
	// check, which every real client passes (header token, or X-Requested-With/X-CSRF-Token).
	h.route("PUT /api/v4/users/{user_id}/auth", session, h.updateUserAuth)

	h.route("POST /api/v4/users/{user_id}/tokens", session, h.createUserAccessToken)
	users2.bySecond("tokens", "user_id", "GET /api/v4/users/{user_id}/tokens", session, h.getUserAccessTokensForUser)
	h.route("GET /api/v4/users/tokens", session, h.getUserAccessTokens)
	users2.byFirst("tokens", "token_id", "GET /api/v4/users/tokens/{token_id}", session, h.getUserAccessToken)
	h.route("POST /api/v4/users/tokens/revoke", session, h.revokeUserAccessToken)
	h.route("POST /api/v4/users/tokens/disable", session, h.disableUserAccessToken)
	h.route("POST /api/v4/users/tokens/enable", session, h.enableUserAccessToken)
}
