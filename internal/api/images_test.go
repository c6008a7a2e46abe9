package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/images"
	"roster/internal/images/imagetest"
	"roster/internal/model"
	"roster/internal/store"
)

// multipartBody builds a form with one file part (or a plain field when filename is "").
func multipartBody(t *testing.T, field, filename string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	var w io.Writer
	var err error
	if filename == "" {
		w, err = mw.CreateFormField(field)
	} else {
		w, err = mw.CreateFormFile(field, filename)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), mw.FormDataContentType()
}

// upload posts data as the "image" file of a multipart form, like the web app does.
func upload(t *testing.T, c *apitest.Client, userID string, data []byte) *apitest.Response {
	t.Helper()
	body, ct := multipartBody(t, "image", "picture.bin", data)
	return withHeader(c, "Content-Type", ct).Do("POST", "/api/v4/users/"+userID+"/image", body)
}

func withHeader(c *apitest.Client, k, v string) *apitest.Client {
	cc := *c
	cc.Header = c.Header.Clone()
	cc.Header.Set(k, v)
	return &cc
}

func decodeImage(t *testing.T, r *apitest.Response) image.Image {
	t.Helper()
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("image response %d %q: %.200s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	img, err := png.Decode(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("body is not a PNG: %v", err)
	}
	if img.Bounds() != image.Rect(0, 0, 128, 128) {
		t.Fatalf("image is %v, want 128x128", img.Bounds())
	}
	return img
}

func nearColor(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) bool { x := int(a) - int(b); return x <= tol && x >= -tol }
	return d(n.R, want.R) && d(n.G, want.G) && d(n.B, want.B) && d(n.A, want.A)
}

func getMe(t *testing.T, c *apitest.Client) model.User {
	t.Helper()
	var u model.User
	r := c.Do("GET", "/api/v4/users/me", nil)
	if r.Status != 200 {
		t.Fatalf("GET /users/me: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &u)
	return u
}

func TestProfileImageLifecycle(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		me := "/api/v4/users/" + u.User.Id + "/image"

		// A new user gets the generated image: their colour, cacheable for a day.
		r := u.Client.Do("GET", me+"?_=0", nil)
		img := decodeImage(t, r)
		if c := img.At(3, 3); !nearColor(c, images.AvatarColor(u.User.Id), 0) {
			t.Errorf("default background %v, want %v", c, images.AvatarColor(u.User.Id))
		}
		if r.Header.Get("ETag") != "0" || r.Header.Get("Cache-Control") != "max-age=86400, private" || r.Header.Get("Last-Modified") == "" {
			t.Errorf("headers of the default image: %v", r.Header)
		}
		want, _ := images.DefaultAvatar(u.User.Id, u.User.Username)
		if !bytes.Equal(r.Body, want) {
			t.Error("the served default is not DefaultAvatar(id, username)")
		}

		// Conditional requests.
		lastMod := r.Header.Get("Last-Modified")
		if r := withHeader(u.Client, "If-None-Match", "0").Do("GET", me, nil); r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != "0" {
			t.Errorf("If-None-Match current: %d %q", r.Status, r.Header.Get("ETag"))
		}
		if r := withHeader(u.Client, "If-None-Match", `"0"`).Do("GET", me, nil); r.Status != http.StatusNotModified {
			t.Errorf("quoted If-None-Match: %d", r.Status)
		}
		if r := withHeader(u.Client, "If-Modified-Since", lastMod).Do("GET", me, nil); r.Status != http.StatusNotModified {
			t.Errorf("If-Modified-Since = Last-Modified: %d", r.Status)
		}
		if r := withHeader(u.Client, "If-None-Match", "12345").Do("GET", me, nil); r.Status != http.StatusOK {
			t.Errorf("stale If-None-Match: %d", r.Status)
		}

		// Upload a landscape PNG: stored as a 128x128 centre crop, last_picture_update set.
		if r := upload(t, u.Client, "me", imagetest.PNG(t, imagetest.TwoTone(300, 200))); r.Status != 200 || r.Map(t)["status"] != "OK" {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		after := getMe(t, u.Client)
		if after.LastPictureUpdate <= 0 || after.UpdateAt < after.LastPictureUpdate {
			t.Errorf("last_picture_update %d update_at %d after upload", after.LastPictureUpdate, after.UpdateAt)
		}
		r = u.Client.Do("GET", me+"?_="+strconv.FormatInt(after.LastPictureUpdate, 10), nil)
		img = decodeImage(t, r)
		if !nearColor(img.At(20, 64), imagetest.Red, 0) || !nearColor(img.At(108, 64), imagetest.Blue, 0) {
			t.Errorf("uploaded image pixels %v %v", img.At(20, 64), img.At(108, 64))
		}
		if r.Header.Get("ETag") != strconv.FormatInt(after.LastPictureUpdate, 10) {
			t.Errorf("ETag %q, want last_picture_update %d", r.Header.Get("ETag"), after.LastPictureUpdate)
		}
		if r := withHeader(u.Client, "If-None-Match", "0").Do("GET", me, nil); r.Status != http.StatusOK {
			t.Errorf("old ETag still answered 304 after an upload")
		}

		// The same picture again changes nothing.
		if r := upload(t, u.Client, "me", imagetest.PNG(t, imagetest.TwoTone(300, 200))); r.Status != 200 {
			t.Fatalf("re-upload: %d %s", r.Status, r.Body)
		}
		if again := getMe(t, u.Client); again.LastPictureUpdate != after.LastPictureUpdate {
			t.Errorf("identical upload moved last_picture_update %d → %d", after.LastPictureUpdate, again.LastPictureUpdate)
		}

		// GET …/image/default ignores the upload.
		r = u.Client.Do("GET", me+"/default", nil)
		if decodeImage(t, r); !bytes.Equal(r.Body, want) || r.Header.Get("Cache-Control") != "max-age=86400, private" {
			t.Errorf("default image endpoint: %v", r.Header)
		}

		// DELETE goes back to the generated image with a negative last_picture_update.
		if r := u.Client.Do("DELETE", me, nil); r.Status != 200 {
			t.Fatalf("delete image: %d %s", r.Status, r.Body)
		}
		reset := getMe(t, u.Client)
		if reset.LastPictureUpdate >= 0 || -reset.LastPictureUpdate < after.LastPictureUpdate {
			t.Errorf("last_picture_update after reset = %d", reset.LastPictureUpdate)
		}
		r = u.Client.Do("GET", me, nil)
		if decodeImage(t, r); !bytes.Equal(r.Body, want) || r.Header.Get("ETag") != strconv.FormatInt(reset.LastPictureUpdate, 10) {
			t.Errorf("after reset: ETag %q, default image %v", r.Header.Get("ETag"), bytes.Equal(r.Body, want))
		}

		// Renaming a user who shows the generated image redraws it and moves the ETag.
		newName := "zed" + strings.ToLower(model.NewId()[:8])
		if r := u.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"username": newName}); r.Status != 200 {
			t.Fatalf("rename: %d %s", r.Status, r.Body)
		}
		renamed := getMe(t, u.Client)
		if renamed.LastPictureUpdate >= 0 || renamed.LastPictureUpdate == reset.LastPictureUpdate {
			t.Errorf("last_picture_update after rename = %d (was %d)", renamed.LastPictureUpdate, reset.LastPictureUpdate)
		}
		wantZ, _ := images.DefaultAvatar(u.User.Id, newName)
		if r := u.Client.Do("GET", me, nil); !bytes.Equal(r.Body, wantZ) {
			t.Error("the image after a rename does not show the new initial")
		}
		// A user with an uploaded picture keeps it across a rename.
		upload(t, u.Client, "me", imagetest.PNG(t, imagetest.TwoTone(40, 40)))
		withPic := getMe(t, u.Client)
		u.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"username": "y" + newName})
		if got := getMe(t, u.Client); got.LastPictureUpdate != withPic.LastPictureUpdate {
			t.Errorf("rename changed an uploaded picture's last_picture_update")
		}
	})
}

func TestProfileImageFormats(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, nil)
	u := s.CreateUser(t, false)
	src := imagetest.TwoTone(300, 200)
	tests := []struct {
		name string
		data []byte
		tol  int
	}{
		{"png", imagetest.PNG(t, src), 0},
		{"jpeg", imagetest.JPEG(t, src), 24},
		{"gif", imagetest.GIF(t, src), 0},
		{"bmp", imagetest.BMP(t, src), 0},
		{"tiff", imagetest.TIFF(t, src), 0},
		{"webp", imagetest.WebPTwoTone(300, 200), 0},
	}
	for _, tc := range tests {
		if r := upload(t, u.Client, u.User.Id, tc.data); r.Status != 200 {
			t.Errorf("%s: upload %d %s", tc.name, r.Status, r.Body)
			continue
		}
		img := decodeImage(t, u.Client.Do("GET", "/api/v4/users/me/image", nil))
		if !nearColor(img.At(20, 64), imagetest.Red, tc.tol) || !nearColor(img.At(108, 64), imagetest.Blue, tc.tol) {
			t.Errorf("%s: pixels %v %v", tc.name, img.At(20, 64), img.At(108, 64))
		}
		// Change the picture between formats so that the next upload is not a no-op.
		upload(t, u.Client, u.User.Id, imagetest.PNG(t, imagetest.TwoTone(10, 10)))
	}

	// A landscape JPEG tagged "rotate 90° clockwise" comes out with red on top.
	rotated := imagetest.WithEXIFOrientation(imagetest.JPEG(t, imagetest.TwoTone(64, 32)), images.OrientRotate90, true)
	if r := upload(t, u.Client, "me", rotated); r.Status != 200 {
		t.Fatalf("upload rotated: %d %s", r.Status, r.Body)
	}
	img := decodeImage(t, u.Client.Do("GET", "/api/v4/users/me/image", nil))
	if !nearColor(img.At(100, 10), imagetest.Red, 24) || !nearColor(img.At(10, 118), imagetest.Blue, 24) {
		t.Errorf("EXIF orientation not applied: top right %v, bottom left %v", img.At(100, 10), img.At(10, 118))
	}
}

func TestProfileImageErrors(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.FileSettings.MaxFileSize = 200000 }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		u := s.CreateUser(t, false)
		other := s.CreateUser(t, false)
		good := imagetest.PNG(t, imagetest.TwoTone(64, 64))
		goodJPEG := imagetest.JPEG(t, imagetest.TwoTone(300, 300))
		before := getMe(t, u.Client).LastPictureUpdate

		tests := []struct {
			name   string
			resp   *apitest.Response
			status int
			id     string
		}{
			{"not an image", upload(t, u.Client, "me", []byte("just some text, no picture")), 400, "api.user.upload_profile_user.check_image_limits.app_error"},
			{"decompression bomb", upload(t, u.Client, "me", imagetest.PNGBomb(t, 60000, 60000)), 400, "api.user.upload_profile_user.check_image_limits.app_error"},
			{"truncated jpeg", upload(t, u.Client, "me", goodJPEG[:len(goodJPEG)/2]), 400, "api.user.upload_profile_user.decode.app_error"},
			{"truncated png", upload(t, u.Client, "me", good[:len(good)*2/3]), 400, "api.user.upload_profile_user.decode.app_error"},
			{"someone else's", upload(t, u.Client, other.User.Id, good), 403, "api.context.permissions.app_error"},
			{"someone else's reset", u.Client.Do("DELETE", "/api/v4/users/"+other.User.Id+"/image", nil), 403, "api.context.permissions.app_error"},
			{"an admin's, by a user", upload(t, u.Client, admin.User.Id, good), 403, "api.context.permissions.app_error"},
			{"unknown user", upload(t, admin.Client, model.NewId(), good), 400, "api.context.invalid_url_param.app_error"},
			{"reset unknown user", admin.Client.Do("DELETE", "/api/v4/users/"+model.NewId()+"/image", nil), 404, "app.user.missing_account.const"},
			{"bad id", upload(t, u.Client, "notanid", good), 400, "api.context.invalid_url_param.app_error"},
			{"get unknown user", u.Client.Do("GET", "/api/v4/users/"+model.NewId()+"/image", nil), 404, "app.user.missing_account.const"},
			{"get bad id", u.Client.Do("GET", "/api/v4/users/notanid/image/default", nil), 400, "api.context.invalid_url_param.app_error"},
			{"get without a session", s.Client().Do("GET", "/api/v4/users/"+u.User.Id+"/image", nil), 401, "api.context.session_expired.app_error"},
			{"default without a session", s.Client().Do("GET", "/api/v4/users/"+u.User.Id+"/image/default", nil), 401, "api.context.session_expired.app_error"},
			{"too large (Content-Length)", upload(t, u.Client, "me", bytes.Repeat([]byte{0}, 300000)), 413, "api.user.upload_profile_user.too_large.app_error"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { wantError(t, tc.resp, tc.status, tc.id) })
		}

		body, ct := multipartBody(t, "picture", "p.png", good)
		wantError(t, withHeader(u.Client, "Content-Type", ct).Do("POST", "/api/v4/users/me/image", body), 400, "api.user.upload_profile_user.no_file.app_error")
		body, ct = multipartBody(t, "image", "", good)
		wantError(t, withHeader(u.Client, "Content-Type", ct).Do("POST", "/api/v4/users/me/image", body), 400, "api.user.upload_profile_user.no_file.app_error")
		wantError(t, withHeader(u.Client, "Content-Type", "application/json").Do("POST", "/api/v4/users/me/image", `{"image":1}`), 400, "api.user.upload_profile_user.parse.app_error")

		// Too large without a Content-Length: the body limit stops the stream.
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			w, _ := mw.CreateFormFile("image", "big.png")
			for i := 0; i < 40; i++ {
				if _, err := w.Write(bytes.Repeat([]byte{1}, 10000)); err != nil {
					pw.CloseWithError(err)
					return
				}
			}
			mw.Close()
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", s.URL+"/api/v4/users/me/image", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+u.Client.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantError(t, &apitest.Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, 413, "api.user.upload_profile_user.too_large.app_error")

		if after := getMe(t, u.Client).LastPictureUpdate; after != before {
			t.Errorf("a refused upload changed last_picture_update %d → %d", before, after)
		}

		// An admin may change another user's picture.
		if r := upload(t, admin.Client, u.User.Id, good); r.Status != 200 {
			t.Errorf("admin upload for a user: %d %s", r.Status, r.Body)
		}
		if r := admin.Client.Do("DELETE", "/api/v4/users/"+u.User.Id+"/image", nil); r.Status != 200 {
			t.Errorf("admin reset for a user: %d %s", r.Status, r.Body)
		}
		// Any session may read anyone's picture (view_members).
		if r := other.Client.Do("GET", "/api/v4/users/"+u.User.Id+"/image", nil); r.Status != 200 {
			t.Errorf("reading another user's picture: %d", r.Status)
		}
	})
}

func TestProfileImageStorageOff(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, func(c *config.Config) { c.FileSettings.DriverName = "" })
	u := s.CreateUser(t, false)
	wantError(t, upload(t, u.Client, "me", imagetest.PNG(t, imagetest.TwoTone(8, 8))), 501, "api.user.upload_profile_user.storage.app_error")
	wantError(t, u.Client.Do("DELETE", "/api/v4/users/me/image", nil), 501, "api.user.upload_profile_user.storage.app_error")
	want, _ := images.DefaultAvatar(u.User.Id, u.User.Username)
	r := u.Client.Do("GET", "/api/v4/users/me/image", nil)
	if decodeImage(t, r); !bytes.Equal(r.Body, want) || r.Header.Get("ETag") != "0" {
		t.Errorf("image without storage: ETag %q", r.Header.Get("ETag"))
	}
}

// Image GETs trust the requester: a cookie session needs no CSRF token; uploads do.
func TestProfileImageCookieSession(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, nil)
	u := s.CreateUser(t, false)
	c := s.Client()
	c.Header.Set("Cookie", "MMAUTHTOKEN="+u.Client.Token)
	if r := c.Do("GET", "/api/v4/users/me/image", nil); r.Status != 200 {
		t.Errorf("GET image with the cookie: %d", r.Status)
	}
	wantError(t, upload(t, c, "me", imagetest.PNG(t, imagetest.TwoTone(8, 8))), 401, "api.context.session_expired.app_error")
}
