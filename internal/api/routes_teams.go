package api

import (
	"net/http"
	"strings"
)

// teamRoutes: team settings (update, privacy, archive, search, stats), team member roles,
// joining through invitations, unread counts.
func (h *API) teamRoutes(teams2 *dispatcher) {
	h.route("PUT /api/v4/teams/{team_id}", session, h.updateTeam)
	h.route("PUT /api/v4/teams/{team_id}/patch", session, h.patchTeam)
	h.route("PUT /api/v4/teams/{team_id}/privacy", session, h.updateTeamPrivacy)
	h.route("POST /api/v4/teams/{team_id}/regenerate_invite_id", session, h.regenerateTeamInviteID)
	h.route("DELETE /api/v4/teams/{team_id}", session, h.deleteTeam)
	h.route("POST /api/v4/teams/{team_id}/restore", session, h.restoreTeam)
	h.route("POST /api/v4/teams/search", session, h.searchTeams)
	teams2.bySecond("stats", "team_id", "GET /api/v4/teams/{team_id}/stats", session, h.getTeamStats)
	teams2.byFirst("invite", "invite_id", "GET /api/v4/teams/invite/{invite_id}", public, h.getTeamInviteInfo)

	// GET /teams/name/{name}/exists and GET /teams/{team_id}/members/{user_id} overlap.
	teams3 := h.newSegmentDispatcher("GET /api/v4/teams/", 3)
	teams3.handle("GET /api/v4/teams/name/{name}/exists", session, h.teamExists)
	teams3.handle("GET /api/v4/teams/{team_id}/members/{user_id}", session, h.getTeamMember)

	h.route("POST /api/v4/teams/{team_id}/members/ids", session, h.getTeamMembersByIDs)
	h.route("PUT /api/v4/teams/{team_id}/members/{user_id}/roles", session, h.updateTeamMemberRoles)
	h.route("PUT /api/v4/teams/{team_id}/members/{user_id}/schemeRoles", session, h.updateTeamMemberSchemeRoles)
	h.route("POST /api/v4/teams/members/invite", session, h.addUserToTeamFromInvite)
	h.route("DELETE /api/v4/teams/invites/email", session, h.invalidateEmailInvites)

	h.route("GET /api/v4/users/{user_id}/teams/unread", session, h.getTeamsUnreadForUser)
	h.route("GET /api/v4/users/{user_id}/teams/{team_id}/unread", session, h.getTeamUnread)
}

// segmentDispatcher serves every path of a fixed number of segments under a prefix for
// routes that Go's ServeMux refuses side by side because they overlap without one being
// more specific; each route is told apart by its literal segments, the first registered
// match wins.
type segmentDispatcher struct {
	h      *API
	prefix string
	n      int
	routes []segmentRoute
}

type segmentRoute struct {
	pattern string   // the logical pattern, reported to metrics and logs
	segs    []string // a literal, or a {name} wildcard
	handler http.Handler
}

func (h *API) newSegmentDispatcher(prefix string, n int) *segmentDispatcher {
	d := &segmentDispatcher{h: h, prefix: prefix, n: n}
	wild := make([]string, n)
	for i := range wild {
		wild[i] = "{s" + string(rune('0'+i)) + "}"
	}
	h.mux.HandleFunc(prefix+strings.Join(wild, "/"), d.serve)
	return d
}

func (d *segmentDispatcher) handle(pattern string, k kind, fn handlerFunc) {
	rest, ok := strings.CutPrefix(pattern, d.prefix)
	segs := strings.Split(rest, "/")
	if !ok || len(segs) != d.n {
		panic("segment dispatcher " + d.prefix + ": bad pattern " + pattern)
	}
	d.h.routes = append(d.h.routes, pattern)
	d.routes = append(d.routes, segmentRoute{pattern: pattern, segs: segs, handler: d.h.wrap(k, fn, 0)})
}

func (d *segmentDispatcher) serve(w http.ResponseWriter, r *http.Request) {
	vals := make([]string, d.n)
	for i := range vals {
		vals[i] = r.PathValue("s" + string(rune('0'+i)))
	}
next:
	for _, rt := range d.routes {
		for i, s := range rt.segs {
			if !isWildcard(s) && s != vals[i] {
				continue next
			}
		}
		for i, s := range rt.segs {
			if isWildcard(s) {
				r.SetPathValue(s[1:len(s)-1], vals[i])
			}
		}
		r.Pattern = rt.pattern
		rt.handler.ServeHTTP(w, r)
		return
	}
	d.h.notFound(w, r)
}

func isWildcard(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }
