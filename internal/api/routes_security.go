package api

// securityRoutes: passwords, MFA, sessions, audits, roles, auth method and personal access
// tokens.
func (h *API) securityRoutes(users2 *dispatcher) {
}
