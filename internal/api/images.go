package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"roster/internal/model"
)

const (
	imageMaxAge    = "max-age=86400, private" // a day, as Mattermost
	fallbackMaxAge = "max-age=300, private"   // five minutes when the stored image was unreadable
)

func (h *API) getProfileImage(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	// The cache-buster ?_=<last_picture_update> that clients add is ignored.
	u, err := h.app.ProfileImageUser(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	etag := strconv.FormatInt(u.LastPictureUpdate, 10)
	if notModified(r, etag, pictureTime(u)) {
		w.Header().Set("ETag", etag)
		setLastModified(w, pictureTime(u))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	img, err := h.app.GetProfileImage(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	if img.Fallback {
		w.Header().Set("Cache-Control", fallbackMaxAge)
	} else {
		w.Header().Set("Cache-Control", imageMaxAge)
		w.Header().Set("ETag", strconv.FormatInt(img.LastPictureUpdate, 10))
		setLastModified(w, time.UnixMilli(img.LastModified))
	}
	writePNG(w, img.PNG)
	return nil
}

// pictureTime is when u's picture last changed (see app.ProfileImage.LastModified).
func pictureTime(u *model.User) time.Time {
	switch {
	case u.LastPictureUpdate > 0:
		return time.UnixMilli(u.LastPictureUpdate)
	case u.LastPictureUpdate < 0:
		return time.UnixMilli(-u.LastPictureUpdate)
	}
	return time.UnixMilli(u.CreateAt)
}

func setLastModified(w http.ResponseWriter, t time.Time) {
	if t.UnixMilli() > 0 {
		w.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
	}
}

// notModified applies If-None-Match (exact ETag, or *) and, only when that header is absent,
// If-Modified-Since (RFC 9110 §13.2.2).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || strings.Trim(t, `"`) == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && modified.UnixMilli() > 0 {
		since, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(since)
	}
	return false
}

func writePNG(w http.ResponseWriter, png []byte) {
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(png) // the client went away; nothing left to tell it
}

func (h *API) getDefaultProfileImage(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	img, err := h.app.GetDefaultProfileImage(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", imageMaxAge)
	writePNG(w, img)
	return nil
}

func (h *API) setProfileImage(c *Context, w http.ResponseWriter, r *http.Request) error {
	// Whatever happens, read what the client is still sending (within the body limit) so
	// that it receives the answer rather than a reset connection.
	defer io.Copy(io.Discard, r.Body)
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.CheckProfileImageChange(r.Context(), c.Session, id); err != nil {
		return err
	}
	if r.ContentLength > h.app.Config().FileSettings.MaxFileSize {
		return tooLarge()
	}
	data, err := readImagePart(r)
	if err != nil {
		return err
	}
	if err := h.app.SetProfileImage(r.Context(), c.Session, id, data); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func tooLarge() *model.AppError {
	return model.NewAppError("uploadProfileImage", "api.user.upload_profile_user.too_large.app_error", nil, "", http.StatusRequestEntityTooLarge)
}

// readImagePart streams the multipart body and returns the first file sent under the form
// name "image". The body is already limited to FileSettings.MaxFileSize (+512).
func readImagePart(r *http.Request) ([]byte, error) {
	parseErr := func(err error) error {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge().Wrap(err)
		}
		// Mattermost answers 500 for a body that is not a multipart form; it is the client's
		// mistake, so Roster answers 400 with the same id.
		return model.NewAppError("uploadProfileImage", "api.user.upload_profile_user.parse.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(ct, "multipart/") || params["boundary"] == "" {
		if err == nil {
			err = errors.New("not a multipart body")
		}
		return nil, parseErr(err)
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, parseErr(err)
		}
		if part.FormName() != "image" {
			continue
		}
		if part.FileName() == "" {
			continue // a plain field, not a file
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, parseErr(err)
		}
		return data, nil
	}
	return nil, model.NewAppError("uploadProfileImage", "api.user.upload_profile_user.no_file.app_error", nil, "", http.StatusBadRequest)
}

func (h *API) setDefaultProfileImage(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.SetDefaultProfileImage(r.Context(), c.Session, id); err != nil {
		return err
	}
	writeOK(w)
	return nil
}
