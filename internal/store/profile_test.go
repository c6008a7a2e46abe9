package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

func TestPreferences(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := newUser(t), newUser(t)
		for _, x := range []*model.User{u, other} {
			if err := s.CreateUser(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		prefs := []model.Preference{
			{UserId: u.Id, Category: "display_settings", Name: "use_military_time", Value: "true"},
			{UserId: u.Id, Category: "theme", Name: "", Value: `{"type":"Onyx"}`},
			{UserId: u.Id, Category: "display_settings", Name: "name_format", Value: "username"},
			{UserId: other.Id, Category: "display_settings", Name: "name_format", Value: "full_name"},
		}
		if err := s.SavePreferences(ctx, prefs); err != nil {
			t.Fatalf("SavePreferences: %v", err)
		}
		// Upsert: the same key replaces the value.
		if err := s.SavePreferences(ctx, []model.Preference{{UserId: u.Id, Category: "display_settings", Name: "use_military_time", Value: "false"}}); err != nil {
			t.Fatalf("upsert: %v", err)
		}
		got, err := s.GetPreferences(ctx, u.Id)
		if err != nil {
			t.Fatal(err)
		}
		want := []model.Preference{
			{UserId: u.Id, Category: "display_settings", Name: "name_format", Value: "username"},
			{UserId: u.Id, Category: "display_settings", Name: "use_military_time", Value: "false"},
			{UserId: u.Id, Category: "theme", Name: "", Value: `{"type":"Onyx"}`},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetPreferences (-want +got):\n%s", diff)
		}
		cat, err := s.GetPreferencesByCategory(ctx, u.Id, "display_settings")
		if err != nil || len(cat) != 2 {
			t.Errorf("by category: %v %v", cat, err)
		}
		if none, err := s.GetPreferencesByCategory(ctx, u.Id, "nothing"); err != nil || none == nil || len(none) != 0 {
			t.Errorf("empty category: %#v %v", none, err)
		}
		one, err := s.GetPreference(ctx, u.Id, "theme", "")
		if err != nil || one.Value != `{"type":"Onyx"}` {
			t.Errorf("GetPreference: %v %v", one, err)
		}
		if _, err := s.GetPreference(ctx, u.Id, "theme", "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing preference: %v", err)
		}

		// A failing item rolls the whole batch back (unknown user violates the foreign key).
		bad := []model.Preference{
			{UserId: u.Id, Category: "batch", Name: "first", Value: "1"},
			{UserId: model.NewId(), Category: "batch", Name: "second", Value: "2"},
		}
		if err := s.SavePreferences(ctx, bad); err == nil {
			t.Error("saving for an unknown user succeeded")
		}
		if got, _ := s.GetPreferencesByCategory(ctx, u.Id, "batch"); len(got) != 0 {
			t.Errorf("partial batch written: %v", got)
		}

		if err := s.DeletePreferences(ctx, u.Id, []model.Preference{
			{Category: "display_settings", Name: "name_format"}, {Category: "nope", Name: "nope"},
		}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetPreferences(ctx, u.Id); len(got) != 2 {
			t.Errorf("after delete: %v", got)
		}
		if got, _ := s.GetPreferences(ctx, other.Id); len(got) != 1 {
			t.Errorf("other user's preferences touched: %v", got)
		}
		// Preferences go with the user.
		if err := s.DeleteUser(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetPreferences(ctx, u.Id); len(got) != 0 {
			t.Errorf("preferences survive the user: %v", got)
		}
	})
}

func TestProfileImages(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetProfileImage(ctx, u.Id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("no image yet: %v", err)
		}
		img := []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 0xFF}
		if err := s.SetProfileImage(ctx, u.Id, img, 1000, 1000); err != nil {
			t.Fatal(err)
		}
		img2 := []byte{0x89, 'P', 'N', 'G', 9, 9}
		if err := s.SetProfileImage(ctx, u.Id, img2, -2000, 2000); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetProfileImage(ctx, u.Id)
		if err != nil || !bytes.Equal(got, img2) {
			t.Errorf("GetProfileImage = %v, %v", got, err)
		}
		user, _ := s.GetUser(ctx, u.Id)
		if user.LastPictureUpdate != -2000 || user.UpdateAt != 2000 {
			t.Errorf("user after image: last_picture_update %d update_at %d", user.LastPictureUpdate, user.UpdateAt)
		}
		if err := s.SetProfileImage(ctx, model.NewId(), img, 1, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
		if err := s.DeleteUser(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetProfileImage(ctx, u.Id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("image survives the user: %v", err)
		}
	})
}
