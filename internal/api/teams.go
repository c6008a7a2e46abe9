package api

import (
	"encoding/json"
	"io"
	"net/http"

	"roster/internal/app"
	"roster/internal/model"
)

func (h *API) createTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	var t model.Team
	if err := decodeJSON(r, &t, "team"); err != nil {
		return err
	}
	created, err := h.app.CreateTeam(r.Context(), c.Session, &t)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (h *API) getTeams(c *Context, w http.ResponseWriter, r *http.Request) error {
	page, perPage := paging(r)
	in := app.ListTeamsInput{Page: page, PerPage: perPage, IncludeTotalCount: queryBool(r, "include_total_count"),
		ExcludePolicyConstrained: queryBool(r, "exclude_policy_constrained")}
	teams, total, err := h.app.ListTeams(r.Context(), c.Session, in)
	if err != nil {
		return err
	}
	if in.IncludeTotalCount {
		writeJSON(w, http.StatusOK, model.TeamsWithCount{Teams: teams, TotalCount: total})
	} else {
		writeJSON(w, http.StatusOK, teams)
	}
	return nil
}

func (h *API) getTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	t, err := h.app.GetTeam(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) getTeamByName(c *Context, w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !model.IsValidTeamName(name) {
		return model.InvalidURLParam("team_name")
	}
	t, err := h.app.GetTeamByName(r.Context(), c.Session, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) getTeamMembers(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	page, perPage := paging(r)
	members, err := h.app.GetTeamMembers(r.Context(), c.Session, id, app.TeamMembersInput{
		Page: page, PerPage: perPage, Sort: r.URL.Query().Get("sort"), ExcludeDeletedUsers: queryBool(r, "exclude_deleted_users"),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, members)
	return nil
}

func (h *API) getTeamMember(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	m, err := h.app.GetTeamMember(r.Context(), c.Session, teamID, userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (h *API) addTeamMember(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyReadError(err, "team_member")
	}
	var m model.TeamMember
	if err := json.Unmarshal(body, &m); err != nil {
		return model.NewAppError("addTeamMember", "api.team.add_team_member.invalid_body.app_error", nil,
			"Error in model.TeamMemberFromJSON()", http.StatusBadRequest).Wrap(err)
	}
	if m.TeamId != teamID {
		return model.InvalidBodyParam("team_id")
	}
	if !model.IsValidId(m.UserId) {
		return model.InvalidBodyParam("user_id")
	}
	member, err := h.app.AddTeamMember(r.Context(), c.Session, teamID, m.UserId)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, member)
	return nil
}

func (h *API) addTeamMembers(c *Context, w http.ResponseWriter, r *http.Request) error {
	graceful := r.URL.Query().Get("graceful") != "" // any value, even "false", as in Mattermost
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	var members []*model.TeamMember
	if err := decodeJSON(r, &members, "members"); err != nil {
		return err
	}
	switch {
	case len(members) > model.MaxAddMembersBatch:
		return model.InvalidBodyParam("too many members in batch")
	case len(members) == 0:
		return model.InvalidBodyParam("no members in batch")
	}
	for _, m := range members {
		if m == nil {
			return model.InvalidBodyParam("members")
		}
	}
	results, err := h.app.AddTeamMembers(r.Context(), c.Session, teamID, members, graceful)
	if err != nil {
		return err
	}
	if graceful {
		for _, res := range results {
			if res.Error != nil && !h.app.Config().ServiceSettings.EnableDeveloper {
				res.Error.DetailedError = ""
			}
		}
		writeJSON(w, http.StatusCreated, results)
		return nil
	}
	added := make([]*model.TeamMember, 0, len(results))
	for _, res := range results {
		added = append(added, res.Member)
	}
	writeJSON(w, http.StatusCreated, added)
	return nil
}

func (h *API) removeTeamMember(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.RemoveTeamMember(r.Context(), c.Session, teamID, userID); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) getTeamsForUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	teams, err := h.app.GetTeamsForUser(r.Context(), c.Session, userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, teams)
	return nil
}

func (h *API) getTeamMembersForUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	members, err := h.app.GetTeamMembersForUser(r.Context(), c.Session, userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, members)
	return nil
}
