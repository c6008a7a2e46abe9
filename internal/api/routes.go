package api

import "net/http"

// registerRoutes is the whole v4 route table. Go's ServeMux refuses two patterns that
// overlap without one being more specific (e.g. GET /users/username/{username} and
// GET /users/{user_id}/teams); such paths share one pattern and a small dispatcher.
func (h *API) registerRoutes() {
	h.route("GET /api/v4/system/ping", public, h.ping)
	h.route("GET /api/v4/roles/name/{role_name}", session, h.getRoleByName)
	h.route("POST /api/v4/roles/names", session, h.getRolesByNames)

	// GET /users/{a}/{b} and GET /teams/{a}/{b} are shared by several routes each.
	users2 := h.newDispatcher("GET /api/v4/users/{a}/{b}")
	teams2 := h.newDispatcher("GET /api/v4/teams/{a}/{b}")
	h.userRoutes(users2)
	h.directoryRoutes(users2, teams2)
	h.teamRoutes(teams2)
	h.securityRoutes(users2)
	h.profileRoutes(users2, teams2)
	h.accountRoutes()
}

// userRoutes: accounts, login and the core user endpoints.
func (h *API) userRoutes(users2 *dispatcher) {
	h.route("POST /api/v4/users", public, h.createUser)
	h.route("POST /api/v4/users/login", public, h.login)
	h.route("POST /api/v4/users/logout", public, h.logout)
	h.route("GET /api/v4/users/{user_id}", session, h.getUser)
	h.route("PUT /api/v4/users/{user_id}", session, h.updateUser)
	h.route("DELETE /api/v4/users/{user_id}", session, h.deleteUser)
	h.route("PUT /api/v4/users/{user_id}/patch", session, h.patchUser)
	h.route("PUT /api/v4/users/{user_id}/active", session, h.updateUserActive)
	users2.byFirst("username", "username", "GET /api/v4/users/username/{username}", session, h.getUserByUsername)
	users2.byFirst("email", "email", "GET /api/v4/users/email/{email}", session, h.getUserByEmail)
}

// dispatcher serves one two-segment pattern /{a}/{b} for routes whose literal segment
// is either the first (…/username/{username}) or the second (…/{user_id}/teams).
type dispatcher struct {
	h       *API
	pattern string
	first   map[string]dispatchEntry // keyed by the literal first segment
	second  map[string]dispatchEntry // keyed by the literal second segment
}

type dispatchEntry struct {
	pattern string // the logical pattern, reported to metrics and logs
	param   string // the name the variable segment is given
	handler http.Handler
}

func (h *API) newDispatcher(pattern string) *dispatcher {
	d := &dispatcher{h: h, pattern: pattern, first: map[string]dispatchEntry{}, second: map[string]dispatchEntry{}}
	h.mux.HandleFunc(pattern, d.serve)
	return d
}

// byFirst routes /{literal}/{param}.
func (d *dispatcher) byFirst(literal, param, pattern string, k kind, fn handlerFunc) {
	d.h.routes = append(d.h.routes, pattern)
	d.first[literal] = dispatchEntry{pattern: pattern, param: param, handler: d.h.wrap(k, fn, 0)}
}

// bySecond routes /{param}/{literal}.
func (d *dispatcher) bySecond(literal, param, pattern string, k kind, fn handlerFunc) {
	d.h.routes = append(d.h.routes, pattern)
	d.second[literal] = dispatchEntry{pattern: pattern, param: param, handler: d.h.wrap(k, fn, 0)}
}

func (d *dispatcher) serve(w http.ResponseWriter, r *http.Request) {
	a, b := r.PathValue("a"), r.PathValue("b")
	if e, ok := d.first[a]; ok {
		r.Pattern = e.pattern
		r.SetPathValue(e.param, b)
		e.handler.ServeHTTP(w, r)
		return
	}
	if e, ok := d.second[b]; ok {
		r.Pattern = e.pattern
		r.SetPathValue(e.param, a)
		e.handler.ServeHTTP(w, r)
		return
	}
	d.h.notFound(w, r)
}
