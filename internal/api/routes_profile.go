package api

// profileRoutes: profile images, preferences and team invitations by email.
func (h *API) profileRoutes(users2, teams2 *dispatcher) {
}
