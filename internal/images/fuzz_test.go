package images

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"testing"

	"roster/internal/images/imagetest"
)

// FuzzProfilePicture: whatever the bytes, ProfilePicture returns a typed refusal or a
// 128×128 PNG, and never panics or decodes more pixels than allowed. Run with
// go test -fuzz=FuzzProfilePicture ./internal/images/ ; as a plain test it runs the seeds.
func FuzzProfilePicture(f *testing.F) {
	src := imagetest.TwoTone(24, 16)
	seeds := [][]byte{
		imagetest.PNG(f, src), imagetest.JPEG(f, src), imagetest.GIF(f, src), imagetest.BMP(f, src), imagetest.TIFF(f, src),
		imagetest.WebPTwoTone(24, 16), imagetest.WithEXIFOrientation(imagetest.JPEG(f, src), 6, true), imagetest.PNGBomb(f, 60000, 60000),
		[]byte("not an image"), {},
	}
	for _, s := range seeds {
		f.Add(s)
		if len(s) > 8 {
			f.Add(s[:len(s)/2])
		}
	}
	const maxPixels = 1 << 16
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ProfilePicture(data, maxPixels)
		if err != nil {
			var le *LimitError
			var de *DecodeError
			if !errors.Is(err, ErrUnknownFormat) && !errors.As(err, &le) && !errors.As(err, &de) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("output is not a PNG: %v", err)
		}
		if img.Bounds() != image.Rect(0, 0, ProfileSize, ProfileSize) {
			t.Fatalf("output bounds %v", img.Bounds())
		}
	})
}

// FuzzJPEGOrientation: the EXIF reader never panics and answers 1 to 8.
func FuzzJPEGOrientation(f *testing.F) {
	jpg := imagetest.JPEG(f, imagetest.TwoTone(8, 8))
	f.Add(jpg)
	f.Add(imagetest.WithEXIFOrientation(jpg, 6, false))
	f.Add(imagetest.WithEXIFOrientation(jpg, 8, true))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := JPEGOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
