package images

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"

	"roster/internal/images/imagetest"
)

const testMaxPixels = 33177600

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("result is not a PNG: %v", err)
	}
	return img
}

// near reports whether c is within tol of want in each channel (lossy formats, resampling).
func near(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) bool { x := int(a) - int(b); return x <= tol && x >= -tol }
	return d(n.R, want.R) && d(n.G, want.G) && d(n.B, want.B) && d(n.A, want.A)
}

func TestProfilePictureFormats(t *testing.T) {
	t.Parallel()
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
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := ProfilePicture(tc.data, testMaxPixels)
			if err != nil {
				t.Fatalf("ProfilePicture: %v", err)
			}
			img := decodePNG(t, out)
			if b := img.Bounds(); b.Dx() != ProfileSize || b.Dy() != ProfileSize {
				t.Fatalf("size %v, want %dx%d", b, ProfileSize, ProfileSize)
			}
			// 300x200 → centre 200x200 square, scaled: left half red, right half blue.
			if c := img.At(20, 64); !near(c, imagetest.Red, tc.tol) {
				t.Errorf("left pixel %v, want red", c)
			}
			if c := img.At(108, 64); !near(c, imagetest.Blue, tc.tol) {
				t.Errorf("right pixel %v, want blue", c)
			}
		})
	}
}

func TestGIFFirstFrame(t *testing.T) {
	t.Parallel()
	first := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	second := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 40; x++ {
			first.SetNRGBA(x, y, imagetest.Red)
			second.SetNRGBA(x, y, imagetest.Blue)
		}
	}
	out, err := ProfilePicture(imagetest.GIF(t, first, second), testMaxPixels)
	if err != nil {
		t.Fatal(err)
	}
	if c := decodePNG(t, out).At(64, 64); !near(c, imagetest.Red, 0) {
		t.Errorf("pixel %v, want the first frame's red", c)
	}
}

func TestFillCropsCentre(t *testing.T) {
	t.Parallel()
	green := color.NRGBA{0, 255, 0, 255}
	stripes := func(w, h int, horizontal bool) *image.NRGBA {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				pos, n := x, w
				if !horizontal {
					pos, n = y, h
				}
				switch {
				case pos < n/3:
					img.SetNRGBA(x, y, imagetest.Red)
				case pos < 2*n/3:
					img.SetNRGBA(x, y, green)
				default:
					img.SetNRGBA(x, y, imagetest.Blue)
				}
			}
		}
		return img
	}
	for _, tc := range []struct {
		name string
		img  *image.NRGBA
	}{
		{"wide", stripes(300, 100, true)},
		{"tall", stripes(100, 300, false)},
		{"tiny upscaled", stripes(6, 2, true)},
	} {
		out := Fill(tc.img, ProfileSize)
		if out.Bounds() != image.Rect(0, 0, ProfileSize, ProfileSize) {
			t.Errorf("%s: bounds %v", tc.name, out.Bounds())
		}
		for _, p := range []image.Point{{0, 0}, {127, 0}, {0, 127}, {127, 127}, {64, 64}} {
			if c := out.At(p.X, p.Y); !near(c, green, 0) {
				t.Errorf("%s: pixel %v = %v, want the green centre only", tc.name, p, c)
			}
		}
	}
}

func TestOrient(t *testing.T) {
	t.Parallel()
	// Stored image 3 wide, 2 high: a b c / d e f, each a distinct grey level.
	px := func(v uint8) color.NRGBA { return color.NRGBA{v, v, v, 255} }
	a, b, c, d, e, f := px(10), px(20), px(30), px(40), px(50), px(60)
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i, p := range []color.NRGBA{a, b, c, d, e, f} {
		src.SetNRGBA(i%3, i/3, p)
	}
	tests := []struct {
		orientation int
		want        [][]color.NRGBA // rows of the upright image
	}{
		{1, [][]color.NRGBA{{a, b, c}, {d, e, f}}},
		{2, [][]color.NRGBA{{c, b, a}, {f, e, d}}},
		{3, [][]color.NRGBA{{f, e, d}, {c, b, a}}},
		{4, [][]color.NRGBA{{d, e, f}, {a, b, c}}},
		{5, [][]color.NRGBA{{a, d}, {b, e}, {c, f}}},
		{6, [][]color.NRGBA{{d, a}, {e, b}, {f, c}}},
		{7, [][]color.NRGBA{{f, c}, {e, b}, {d, a}}},
		{8, [][]color.NRGBA{{c, f}, {b, e}, {a, d}}},
		{9, [][]color.NRGBA{{a, b, c}, {d, e, f}}}, // invalid: left alone
	}
	for _, tc := range tests {
		got := Orient(src, tc.orientation)
		if got.Bounds().Dy() != len(tc.want) || got.Bounds().Dx() != len(tc.want[0]) {
			t.Errorf("orientation %d: bounds %v", tc.orientation, got.Bounds())
			continue
		}
		for y, row := range tc.want {
			for x, w := range row {
				if g := color.NRGBAModel.Convert(got.At(x, y)); g != w {
					t.Errorf("orientation %d: (%d,%d) = %v, want %v", tc.orientation, x, y, g, w)
				}
			}
		}
	}
}

func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	plain := imagetest.JPEG(t, imagetest.TwoTone(64, 32))
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"no exif", plain, 1},
		{"little endian 6", imagetest.WithEXIFOrientation(plain, 6, false), 6},
		{"big endian 8", imagetest.WithEXIFOrientation(plain, 8, true), 8},
		{"big endian 3", imagetest.WithEXIFOrientation(plain, 3, true), 3},
		{"out of range", imagetest.WithEXIFOrientation(plain, 42, false), 1},
		{"not a jpeg", []byte("hello world"), 1},
		{"truncated segment", imagetest.WithEXIFOrientation(plain, 6, false)[:12], 1},
	}
	for _, tc := range tests {
		if got := JPEGOrientation(tc.data); got != tc.want {
			t.Errorf("%s: orientation %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A landscape JPEG (left red, right blue) tagged "rotate 90° clockwise" must come out with
// red on top: the orientation is applied before cropping.
func TestProfilePictureAppliesEXIF(t *testing.T) {
	t.Parallel()
	jpg := imagetest.JPEG(t, imagetest.TwoTone(64, 32))
	out, err := ProfilePicture(imagetest.WithEXIFOrientation(jpg, OrientRotate90, false), testMaxPixels)
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, out)
	if c := img.At(100, 10); !near(c, imagetest.Red, 24) {
		t.Errorf("top right %v, want red", c)
	}
	if c := img.At(10, 118); !near(c, imagetest.Blue, 24) {
		t.Errorf("bottom left %v, want blue", c)
	}
	// Without the tag the same file keeps red on the left.
	out, err = ProfilePicture(jpg, testMaxPixels)
	if err != nil {
		t.Fatal(err)
	}
	if c := decodePNG(t, out).At(10, 118); !near(c, imagetest.Red, 24) {
		t.Errorf("untagged bottom left %v, want red", c)
	}
}

func TestDecodeRefusals(t *testing.T) {
	t.Parallel()
	good := imagetest.PNG(t, imagetest.TwoTone(200, 200))
	goodJPEG := imagetest.JPEG(t, imagetest.TwoTone(200, 200))
	tests := []struct {
		name      string
		data      []byte
		maxPixels int64
		check     func(error) bool
	}{
		{"not an image", []byte("GIF? no, just text"), testMaxPixels, func(err error) bool { return errors.Is(err, ErrUnknownFormat) }},
		{"empty", nil, testMaxPixels, func(err error) bool { return errors.Is(err, ErrUnknownFormat) }},
		{"decompression bomb", imagetest.PNGBomb(t, 60000, 60000), testMaxPixels, func(err error) bool {
			var le *LimitError
			return errors.As(err, &le) && le.Width == 60000 && le.Height == 60000
		}},
		{"over a lowered limit", good, 199 * 200, func(err error) bool { var le *LimitError; return errors.As(err, &le) }},
		{"truncated png", good[:len(good)/2], testMaxPixels, func(err error) bool { var de *DecodeError; return errors.As(err, &de) && de.Format == "png" }},
		{"truncated jpeg", goodJPEG[:len(goodJPEG)/2], testMaxPixels, func(err error) bool { var de *DecodeError; return errors.As(err, &de) && de.Format == "jpeg" }},
	}
	for _, tc := range tests {
		_, err := ProfilePicture(tc.data, tc.maxPixels)
		if err == nil || !tc.check(err) {
			t.Errorf("%s: error %v (%T)", tc.name, err, err)
		}
	}
	// Exactly at the limit is allowed.
	if _, err := ProfilePicture(good, 200*200); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestDefaultAvatar(t *testing.T) {
	t.Parallel()
	fnv1a := func(s string) uint32 {
		h := uint32(2166136261)
		for i := 0; i < len(s); i++ {
			h ^= uint32(s[i])
			h *= 16777619
		}
		return h
	}
	palette := map[uint32]color.NRGBA{0: {197, 8, 126, 255}, 1: {227, 207, 18, 255}, 2: {28, 181, 105, 255},
		3: {35, 188, 224, 255}, 4: {116, 49, 196, 255}, 6: {197, 19, 19, 255}, 7: {250, 134, 6, 255}, 9: {123, 201, 71, 255}}
	ids := []string{"ybndrfg8ejkmcpqxot1uwisza3", "9dq4ngyx5fn8ufzjq8jzj4j9yh", "hcx4pw6tjt8yxpxkqj3e1fh6ry",
		"x1w7ckgy4pb9jxzixohs3f5w7c", "a5s9oom3sbyzmmcgzfzfwqg1ew", "7q1gd4ybhff6ir1qtdbst9tjty"}
	seen := map[color.NRGBA]bool{}
	for _, id := range ids {
		data, err := DefaultAvatar(id, "alice")
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, data)
		if img.Bounds() != image.Rect(0, 0, 128, 128) {
			t.Fatalf("bounds %v", img.Bounds())
		}
		idx := fnv1a(id) % 26
		bg := color.NRGBAModel.Convert(img.At(2, 2)).(color.NRGBA)
		if want, ok := palette[idx]; ok && bg != want {
			t.Errorf("%s: background %v, want palette[%d] %v", id, bg, idx, want)
		}
		if bg != AvatarColor(id) {
			t.Errorf("%s: background %v, AvatarColor %v", id, bg, AvatarColor(id))
		}
		seen[bg] = true
		// The letter "A" is white, inside the box right of x=25 and above the baseline y=85.
		white := 0
		for y := 20; y < 85; y++ {
			for x := 25; x < 90; x++ {
				if near(img.At(x, y), color.NRGBA{255, 255, 255, 255}, 0) {
					white++
				}
			}
		}
		if white < 200 {
			t.Errorf("%s: only %d white pixels where the initial should be", id, white)
		}
		for _, p := range []image.Point{{5, 5}, {120, 120}, {10, 100}, {120, 10}} {
			if c := color.NRGBAModel.Convert(img.At(p.X, p.Y)); c != bg {
				t.Errorf("%s: %v is %v outside the letter", id, p, c)
			}
		}
	}
	if len(seen) < 2 {
		t.Errorf("all ids gave the same colour")
	}
	a, _ := DefaultAvatar(ids[0], "alice")
	a2, _ := DefaultAvatar(ids[0], "Alice")
	b, _ := DefaultAvatar(ids[0], "bob")
	if !bytes.Equal(a, a2) {
		t.Error("the initial is not upper-cased (alice and Alice differ)")
	}
	if bytes.Equal(a, b) {
		t.Error("different initials give the same image")
	}
}
