package api

// accountRoutes: email verification, the mobile device of a session, and the account
// endpoints of the system console (known users, filtered counts, token search, addresses
// outside the allowed domains).
func (h *API) accountRoutes() {
	h.route("POST /api/v4/users/email/verify/send", public, h.sendVerificationEmail)
	h.route("POST /api/v4/users/email/verify", public, h.verifyUserEmail)
	h.route("POST /api/v4/users/{user_id}/email/verify/member", session, h.verifyUserEmailWithoutToken)

	h.route("PUT /api/v4/users/sessions/device", session, h.attachDeviceID)

	h.route("GET /api/v4/users/known", session, h.getKnownUsers)
	h.route("GET /api/v4/users/stats/filtered", session, h.getFilteredUsersStats)
	h.route("POST /api/v4/users/tokens/search", session, h.searchUserAccessTokens)
	h.route("GET /api/v4/users/invalid_emails", session, h.getUsersWithInvalidEmails)
}
