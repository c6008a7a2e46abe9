package api

// directoryRoutes: teams, channels and membership, and finding users (lists, search,
// autocomplete).
func (h *API) directoryRoutes(users2, teams2 *dispatcher) {
}
