package app

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"roster/internal/images"
	"roster/internal/model"
	"roster/internal/permission"
)

// ProfileImage is what GET /users/{id}/image answers.
type ProfileImage struct {
	PNG []byte
	// LastPictureUpdate is the ETag value; LastModified (Unix ms, 0 when unknown) feeds
	// Last-Modified.
	LastPictureUpdate int64
	LastModified      int64
	// Fallback is set when a stored image was expected but could not be read: the default
	// was served instead and should be cached only briefly, without an ETag.
	Fallback bool
}

// imageStorage reports whether profile images may be stored (FileSettings.DriverName).
func (a *App) imageStorage() bool { return a.cfg.FileSettings.DriverName != "" }

// ProfileImageUser returns the user whose image viewer asks for, after the visibility check
// (403 before 404, as Mattermost). Handlers use it to answer 304 before any image work.
func (a *App) ProfileImageUser(ctx context.Context, viewer *model.Session, userID string) (*model.User, error) {
	if err := a.requireCanSee(ctx, viewer, userID); err != nil {
		return nil, err
	}
	return a.userOrError(ctx, userID)
}

// GetProfileImage returns the user's stored image, or the generated default when there is
// none (or image storage is off).
func (a *App) GetProfileImage(ctx context.Context, viewer *model.Session, userID string) (*ProfileImage, error) {
	u, err := a.ProfileImageUser(ctx, viewer, userID)
	if err != nil {
		return nil, err
	}
	out := &ProfileImage{LastPictureUpdate: u.LastPictureUpdate, LastModified: pictureModified(u)}
	if a.imageStorage() {
		img, err := a.store.GetProfileImage(ctx, u.Id)
		switch {
		case err == nil:
			out.PNG = img
			return out, nil
		case !notFound(err):
			a.log.Error("read profile image", "user_id", u.Id, "err", err)
			out.Fallback = true
		case u.LastPictureUpdate > 0:
			// An uploaded picture is recorded but missing: serve the default briefly.
			out.Fallback = true
		}
	}
	if out.PNG, err = defaultAvatar(u); err != nil {
		return nil, err
	}
	return out, nil
}

// pictureModified is when the user's picture last changed: |last_picture_update|, or the
// account's creation for a default image never regenerated.
func pictureModified(u *model.User) int64 {
	switch {
	case u.LastPictureUpdate > 0:
		return u.LastPictureUpdate
	case u.LastPictureUpdate < 0:
		return -u.LastPictureUpdate
	}
	return u.CreateAt
}

// GetDefaultProfileImage always returns the generated image (GET …/image/default).
func (a *App) GetDefaultProfileImage(ctx context.Context, viewer *model.Session, userID string) ([]byte, error) {
	u, err := a.ProfileImageUser(ctx, viewer, userID)
	if err != nil {
		return nil, err
	}
	return defaultAvatar(u)
}

func defaultAvatar(u *model.User) ([]byte, error) {
	img, err := images.DefaultAvatar(u.Id, u.Username)
	if err != nil {
		return nil, model.NewAppError("CreateProfileImage", "api.user.create_profile_image.encode.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return img, nil
}

// CheckProfileImageChange answers whether s may change userID's picture at all (self or
// edit_other_users, and image storage configured); the upload handler asks before reading
// the body, in Mattermost's order.
func (a *App) CheckProfileImageChange(ctx context.Context, s *model.Session, userID string) error {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return err
	}
	if !a.imageStorage() {
		return model.NewAppError("uploadProfileImage", "api.user.upload_profile_user.storage.app_error", nil, "", http.StatusNotImplemented)
	}
	return nil
}

// SetProfileImage decodes an uploaded picture (refusing too many pixels before decoding),
// makes it a 128×128 PNG and stores it with last_picture_update = now in one transaction.
// Re-uploading an identical picture changes nothing.
func (a *App) SetProfileImage(ctx context.Context, s *model.Session, userID string, data []byte) error {
	if err := a.CheckProfileImageChange(ctx, s, userID); err != nil {
		return err
	}
	u, err := a.getUserCached(ctx, userID)
	if notFound(err) {
		return model.InvalidURLParam("user_id")
	}
	if err != nil {
		return storeError("SetProfileImage", err)
	}
	png, err := images.ProfilePicture(data, a.cfg.FileSettings.MaxImageResolution)
	if err != nil {
		return profileImageError(err)
	}
	if old, err := a.store.GetProfileImage(ctx, u.Id); err == nil && bytes.Equal(old, png) {
		return nil
	}
	now := a.nowMillis()
	if err := a.store.SetProfileImage(ctx, u.Id, png, now, now); err != nil {
		if notFound(err) {
			return model.InvalidURLParam("user_id")
		}
		return model.NewAppError("SetProfileImage", "api.user.upload_profile_user.upload_profile.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(u.Id)
	a.log.Info("profile image set", "user_id", u.Id, "by", s.UserId)
	return nil
}

// profileImageError maps an images error to Mattermost's: a header that gives no
// dimensions or too many pixels fails the limits check, undecodable data the decode.
func profileImageError(err error) error {
	var le *images.LimitError
	var de *images.DecodeError
	switch {
	case errors.Is(err, images.ErrUnknownFormat), errors.As(err, &le):
		return model.NewAppError("SetProfileImage", "api.user.upload_profile_user.check_image_limits.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case errors.As(err, &de):
		return model.NewAppError("SetProfileImage", "api.user.upload_profile_user.decode.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return model.NewAppError("SetProfileImage", "api.user.upload_profile_user.encode.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
}

// SetDefaultProfileImage replaces the picture with the generated default and sets
// last_picture_update = -now (DELETE /users/{id}/image).
func (a *App) SetDefaultProfileImage(ctx context.Context, s *model.Session, userID string) error {
	if err := a.CheckProfileImageChange(ctx, s, userID); err != nil {
		return err
	}
	u, err := a.userOrError(ctx, userID)
	if err != nil {
		return err
	}
	img, err := defaultAvatar(u)
	if err != nil {
		return err
	}
	now := a.nowMillis()
	if err := a.store.SetProfileImage(ctx, u.Id, img, -now, now); err != nil {
		if notFound(err) {
			return model.NewAppError("GetUser", "app.user.missing_account.const", nil, "user_id="+userID, http.StatusNotFound)
		}
		return model.NewAppError("SetDefaultProfileImage", "api.user.upload_profile_user.upload_profile.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(u.Id)
	return nil
}

// renamedDefaultPicture prepares, for a username change of a user who shows the generated
// image, the new default image to store with the update (nil when nothing changes): the
// initial follows the name, and last_picture_update moves so that clients refetch it.
func (a *App) renamedDefaultPicture(old, updated *model.User) ([]byte, error) {
	if updated.Username == old.Username || old.LastPictureUpdate > 0 {
		return nil, nil
	}
	return defaultAvatar(updated)
}

// updateProfile stores a profile update and, when a user on the generated image is renamed,
// the regenerated image with last_picture_update = -now, in one transaction.
func (a *App) updateProfile(ctx context.Context, old, updated *model.User) error {
	pic, err := a.renamedDefaultPicture(old, updated)
	if err != nil {
		return err
	}
	return a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.UpdateUserProfile(ctx, updated); err != nil {
			return err
		}
		if pic == nil {
			return nil
		}
		updated.LastPictureUpdate = -updated.UpdateAt
		return a.store.SetProfileImage(ctx, updated.Id, pic, updated.LastPictureUpdate, updated.UpdateAt)
	})
}
