package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"roster/internal/app"
	"roster/internal/model"
)

// inviteBodyLimit is what Mattermost reads of an invitation body at most.
const inviteBodyLimit = 1000000

// memberInvite is the invitation body: a JSON array of addresses, or an object with
// emails, channelIds and message (Mattermost's MemberInvite accepts both).
type memberInvite struct {
	Emails     []string `json:"emails"`
	ChannelIDs []string `json:"channelIds"`
	Message    string   `json:"message"`
}

// decodeMemberInvite decodes either form; anything undecodable is an empty invitation, as
// in Mattermost.
func decodeMemberInvite(body []byte) memberInvite {
	var list []string
	if json.Unmarshal(body, &list) == nil {
		return memberInvite{Emails: list}
	}
	var m memberInvite
	if json.Unmarshal(body, &m) != nil {
		return memberInvite{}
	}
	return m
}

func (h *API) inviteUsersToTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	graceful := r.URL.Query().Get("graceful") != "" // any value, even "false", as Mattermost
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	if err := h.app.CheckInvitePermission(r.Context(), c.Session, teamID); err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, inviteBodyLimit))
	if err != nil {
		return bodyReadError(err, "user_email")
	}
	in := decodeMemberInvite(body)
	if len(in.Emails) == 0 {
		return model.InvalidBodyParam("user_email")
	}
	for i, e := range in.Emails {
		in.Emails[i] = strings.ToLower(e)
	}
	results, err := h.app.InviteByEmail(r.Context(), c.Session, app.InviteInput{
		TeamID: teamID, Emails: in.Emails, ChannelIDs: in.ChannelIDs, Message: in.Message,
		Graceful: graceful,
	})
	if err != nil {
		return err
	}
	if graceful {
		writeJSON(w, http.StatusOK, results)
		return nil
	}
	writeOK(w)
	return nil
}
