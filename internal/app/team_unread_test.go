package app

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/model"
	"roster/internal/store"
)

// Unread counts are summed per team, in the order the teams come; in a channel set to mark
// unread on mentions only, messages do not count but mentions do.
func TestTeamUnreadsSumPerTeam(t *testing.T) {
	t.Parallel()
	mentionOnly := model.StringMap{model.MarkUnreadNotifyProp: model.ChannelMarkUnreadMention}
	all := model.StringMap{model.MarkUnreadNotifyProp: "all"}
	tests := []struct {
		name string
		rows []store.ChannelUnread
		want []*model.TeamUnread
	}{
		{"no channels", nil, []*model.TeamUnread{}},
		{"two teams", []store.ChannelUnread{
			{TeamID: "a", MsgCount: 3, MsgCountRoot: 2, MentionCount: 1, MentionCountRoot: 1, NotifyProps: all},
			{TeamID: "a", MsgCount: 5, MsgCountRoot: 4, MentionCount: 2, MentionCountRoot: 0, NotifyProps: mentionOnly},
			{TeamID: "a", MsgCount: 1, NotifyProps: model.StringMap{}},
			{TeamID: "b", MsgCount: 7, MsgCountRoot: 7, NotifyProps: all},
		}, []*model.TeamUnread{
			{TeamId: "a", MsgCount: 4, MsgCountRoot: 2, MentionCount: 3, MentionCountRoot: 1},
			{TeamId: "b", MsgCount: 7, MsgCountRoot: 7},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, teamUnreads(tc.rows)); diff != "" {
				t.Errorf("teamUnreads (-want +got):\n%s", diff)
			}
		})
	}
}
