// Package seed makes benchmark data sets: many users with teams, channels and memberships,
// generated (Synthetic) or copied from a Mattermost database (Mattermost), as sources for
// the store's bulk loader.
package seed

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"roster/internal/model"
	"roster/internal/store"
)

// Admin is the system admin added to every data set, so that a load tool can log in: a
// member (team and channel admin) of every team and of every public and private channel.
type Admin struct {
	Username     string
	Email        string
	PasswordHash string
	CreateAt     int64
}

func (a Admin) user() *store.BulkUser {
	return &store.BulkUser{
		Id:                 model.NewId(),
		CreateAt:           a.CreateAt,
		UpdateAt:           a.CreateAt,
		Username:           a.Username,
		PasswordHash:       a.PasswordHash,
		Email:              a.Email,
		EmailVerified:      true,
		Roles:              "system_user system_admin",
		Props:              "{}",
		NotifyProps:        defaultUserNotifyProps,
		LastPasswordUpdate: a.CreateAt,
		Locale:             model.DefaultLocale,
		Timezone:           mustJSON(model.DefaultTimezone()),
	}
}

// WithAdmin returns src with the admin added: after the users, and as a member of every
// team src yields and of every public and private channel. A user of src with the admin's
// username or email stops the load with an error.
func WithAdmin(src store.BulkSource, a Admin) store.BulkSource {
	admin := a.user()
	var (
		teams    []string
		channels []string
	)
	out := src
	out.Users = func(yield func(*store.BulkUser, error) bool) {
		for u, err := range orEmpty(src.Users) {
			if err == nil && (strings.EqualFold(u.Username, a.Username) || strings.EqualFold(u.Email, a.Email)) {
				err = fmt.Errorf("the data already has a user %q <%s>; choose another admin username and email",
					u.Username, u.Email)
			}
			if !yield(u, err) || err != nil {
				return
			}
		}
		yield(admin, nil)
	}
	out.Teams = func(yield func(*model.Team, error) bool) {
		for t, err := range orEmpty(src.Teams) {
			if err == nil {
				teams = append(teams, t.Id)
			}
			if !yield(t, err) || err != nil {
				return
			}
		}
	}
	out.TeamMembers = func(yield func(*store.BulkTeamMember, error) bool) {
		for m, err := range orEmpty(src.TeamMembers) {
			if !yield(m, err) || err != nil {
				return
			}
		}
		for _, id := range teams {
			m := &store.BulkTeamMember{TeamId: id, UserId: admin.Id, SchemeUser: true, SchemeAdmin: true, CreateAt: a.CreateAt}
			if !yield(m, nil) {
				return
			}
		}
	}
	out.Channels = func(yield func(*model.Channel, error) bool) {
		for c, err := range orEmpty(src.Channels) {
			if err == nil && (c.Type == model.ChannelTypeOpen || c.Type == model.ChannelTypePrivate) {
				channels = append(channels, c.Id)
			}
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
	out.ChannelMembers = func(yield func(*store.BulkChannelMember, error) bool) {
		for m, err := range orEmpty(src.ChannelMembers) {
			if !yield(m, err) || err != nil {
				return
			}
		}
		for _, id := range channels {
			m := &store.BulkChannelMember{ChannelId: id, UserId: admin.Id, NotifyProps: defaultChannelNotifyProps,
				LastViewedAt: a.CreateAt, LastUpdateAt: a.CreateAt, SchemeUser: true, SchemeAdmin: true}
			if !yield(m, nil) {
				return
			}
		}
	}
	return out
}

// ResetPasswords returns src with every user's password hash replaced by hash.
func ResetPasswords(src store.BulkSource, hash string) store.BulkSource {
	users := src.Users
	src.Users = func(yield func(*store.BulkUser, error) bool) {
		for u, err := range orEmpty(users) {
			if err == nil {
				u.PasswordHash = hash
			}
			if !yield(u, err) || err != nil {
				return
			}
		}
	}
	return src
}

func orEmpty[T any](seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	if seq == nil {
		return func(func(T, error) bool) {}
	}
	return seq
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// The notify props of a new user and of a new channel membership, as Mattermost writes them.
var (
	defaultUserNotifyProps = func() string {
		var u model.User
		u.SetDefaultNotifications()
		return mustJSON(u.NotifyProps)
	}()
	defaultChannelNotifyProps = mustJSON(model.DefaultChannelNotifyProps())
)
