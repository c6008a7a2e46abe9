package store_test

import (
	"context"
	"errors"
	"testing"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

func TestMfaSteps(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			step int64
			want bool
		}{{100, true}, {100, false}, {99, false}, {101, true}, {101, false}, {200, true}, {150, false}}
		for _, tc := range steps {
			got, err := s.UseMfaStep(ctx, u.Id, tc.step)
			if err != nil || got != tc.want {
				t.Errorf("UseMfaStep(%d) = %v, %v; want %v", tc.step, got, err, tc.want)
			}
		}
		// Activation only for the secret that was checked.
		if err := s.SetMfaSecret(ctx, u.Id, "SECRET-A", 5); err != nil {
			t.Fatal(err)
		}
		if err := s.ActivateMfa(ctx, u.Id, "SECRET-B", 6); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ActivateMfa with a stale secret: %v", err)
		}
		if err := s.ActivateMfa(ctx, u.Id, "SECRET-A", 6); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetUser(ctx, u.Id)
		if !got.MfaActive || got.MfaSecret != "SECRET-A" || got.UpdateAt != 6 {
			t.Errorf("after activation: %+v", got)
		}
		if err := s.ReplaceMfaSecret(ctx, u.Id, "not-current", "X"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, u.Id); got.MfaSecret != "SECRET-A" {
			t.Error("ReplaceMfaSecret replaced a secret that was not the expected one")
		}
		if err := s.DeactivateMfa(ctx, u.Id, 7); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, u.Id); got.MfaActive || got.MfaSecret != "" {
			t.Errorf("after deactivation: %+v", got)
		}
		if err := s.DeactivateMfa(ctx, model.NewId(), 7); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DeactivateMfa(unknown) = %v", err)
		}
	})
}

func TestAuditsAndAccessTokens(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			a := &model.Audit{Id: model.NewId(), CreateAt: int64(1000 + i), UserId: u.Id, Action: "/a", ExtraInfo: "x", IpAddress: "::1", SessionId: ""}
			if err := s.SaveAudit(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveAudit(ctx, &model.Audit{Id: model.NewId(), CreateAt: 1, Action: "/login"}); err != nil {
			t.Fatalf("audit without a user: %v", err)
		}
		page, err := s.GetAuditsForUser(ctx, u.Id, 1, 2)
		if err != nil || len(page) != 2 || page[0].CreateAt != 1003 || page[1].CreateAt != 1002 {
			t.Fatalf("page: %+v %v", page, err)
		}
		// A user's audit can only name an existing user.
		if err := s.SaveAudit(ctx, &model.Audit{Id: model.NewId(), CreateAt: 1, UserId: model.NewId()}); err == nil {
			t.Error("audit for a missing user stored")
		}

		tok := &model.UserAccessToken{Id: model.NewId(), Token: model.NewToken(), UserId: u.Id, Description: "d", IsActive: true}
		if err := s.CreateAccessToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		dup := *tok
		dup.Id = model.NewId()
		if err := s.CreateAccessToken(ctx, &dup); !store.IsConflictOn(err, "user_access_tokens_token_key") {
			t.Errorf("duplicate token hash: %v", err)
		}
		got, err := s.GetAccessTokenByHash(ctx, store.HashToken(tok.Token))
		if err != nil || got.Id != tok.Id || got.Token != "" || !got.IsActive {
			t.Fatalf("by hash: %+v %v", got, err)
		}
		err = s.InTx(ctx, func(ctx context.Context) error {
			l, err := s.LockAccessTokenByHash(ctx, got.TokenHash)
			if err == nil && l.Id != tok.Id {
				t.Errorf("locked %v", l)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetAccessTokenActive(ctx, tok.Id, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetAccessToken(ctx, tok.Id); got.IsActive {
			t.Error("still active")
		}
		list, err := s.ListAccessTokens(ctx, u.Id, 0, 10)
		if err != nil || len(list) != 1 || list[0].Token != "" {
			t.Errorf("list: %+v %v", list, err)
		}
		if all, _ := s.ListAccessTokens(ctx, "", 0, 10); len(all) != 1 {
			t.Errorf("list all: %d", len(all))
		}

		// Permanent deletion takes the user's audits, tokens and MFA steps with it.
		if _, err := s.UseMfaStep(ctx, u.Id, 5); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteUser(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetAccessToken(ctx, tok.Id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token after user deletion: %v", err)
		}
		if left, _ := s.GetAuditsForUser(ctx, u.Id, 0, 10); len(left) != 0 {
			t.Errorf("%d audits after user deletion", len(left))
		}
	})
}

func TestUpdateAuthDataAndTokens(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, b := newUser(t), newUser(t)
		for _, u := range []*model.User{a, b} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.UpdateAuthData(ctx, a.Id, "gitlab", "42", 9); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateAuthData(ctx, b.Id, "gitlab", "42", 9); !store.IsConflictOn(err, "users_authdata_key") {
			t.Errorf("same auth data twice: %v", err)
		}
		got, _ := s.GetUser(ctx, a.Id)
		if got.AuthService != "gitlab" || *got.AuthData != "42" || got.PasswordHash != "" || got.LastPasswordUpdate != 9 {
			t.Errorf("after UpdateAuthData: %+v", got)
		}

		for _, tk := range []store.Token{
			{Token: model.NewRandomString(64), Type: "password_recovery", CreateAt: 1, Extra: `{"UserId":"` + a.Id + `","Email":"x"}`},
			{Token: model.NewRandomString(64), Type: "password_recovery", CreateAt: 1, Extra: `{"UserId":"` + b.Id + `","Email":"y"}`},
			{Token: model.NewRandomString(64), Type: "other", CreateAt: 1, Extra: `{"UserId":"` + a.Id + `"}`},
		} {
			if err := s.CreateToken(ctx, &tk); err != nil {
				t.Fatal(err)
			}
			defer func() {
				_, err := s.GetToken(ctx, tk.Token, tk.Type)
				wantGone := tk.Type == "password_recovery" && tk.Extra[11:37] == a.Id
				if gone := errors.Is(err, store.ErrNotFound); gone != wantGone {
					t.Errorf("token %s for %s: gone=%v, want %v", tk.Type, tk.Extra, gone, wantGone)
				}
			}()
		}
		if err := s.DeleteTokensForUser(ctx, "password_recovery", a.Id); err != nil {
			t.Fatal(err)
		}
	})
}
