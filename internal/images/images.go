// Package images turns uploaded pictures into profile images and draws the default
// (initial-letter) avatar, as Mattermost does: decode PNG, JPEG, GIF (first frame), BMP,
// TIFF or WebP; refuse images with too many pixels before decoding them; apply the JPEG's
// EXIF orientation; scale and centre-crop to fill a square; encode PNG.
package images

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"

	_ "image/gif"  // registers GIF with image.Decode (first frame)
	_ "image/jpeg" // registers JPEG
	_ "image/png"  // registers PNG

	_ "golang.org/x/image/bmp"  // registers BMP
	_ "golang.org/x/image/tiff" // registers TIFF
	_ "golang.org/x/image/webp" // registers WebP

	"golang.org/x/image/draw"
)

// ProfileSize is the side of a profile image in pixels (Mattermost's profile dimensions).
const ProfileSize = 128

// ErrUnknownFormat is returned when the header is not one of the supported formats, or is
// too damaged to give the image's dimensions.
var ErrUnknownFormat = errors.New("images: not a supported image")

// LimitError reports an image whose header announces more pixels than allowed. It is
// returned before any pixel data is decoded.
type LimitError struct {
	Width, Height int
	Max           int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("images: %dx%d is %d pixels, more than the %d allowed", e.Width, e.Height,
		int64(e.Width)*int64(e.Height), e.Max)
}

// DecodeError reports an image whose header is valid but whose data cannot be decoded
// (truncated or corrupt).
type DecodeError struct {
	Format string
	Err    error
}

func (e *DecodeError) Error() string { return fmt.Sprintf("images: decode %s: %v", e.Format, e.Err) }
func (e *DecodeError) Unwrap() error { return e.Err }

// Config reads only the image header: format and dimensions.
func Config(data []byte) (image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return image.Config{}, "", fmt.Errorf("%w: %v", ErrUnknownFormat, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, "", fmt.Errorf("%w: empty %s image (%dx%d)", ErrUnknownFormat, format, cfg.Width, cfg.Height)
	}
	return cfg, format, nil
}

// Decode decodes data after checking, from the header alone, that width×height does not
// exceed maxPixels: a small file announcing a huge image (a decompression bomb) is refused
// before any pixel memory is allocated. A JPEG's EXIF orientation is applied.
func Decode(data []byte, maxPixels int64) (image.Image, string, error) {
	img, format, orientation, err := decode(data, maxPixels)
	if err != nil {
		return nil, format, err
	}
	return Orient(img, orientation), format, nil
}

// decode is Decode without applying the orientation, which it returns instead.
func decode(data []byte, maxPixels int64) (image.Image, string, int, error) {
	cfg, format, err := Config(data)
	if err != nil {
		return nil, "", 0, err
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, format, 0, &LimitError{Width: cfg.Width, Height: cfg.Height, Max: maxPixels}
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, format, 0, &DecodeError{Format: format, Err: err}
	}
	// A decoder must not hand back more than its header announced; check anyway, cheaply.
	b := img.Bounds()
	if b.Empty() {
		return nil, format, 0, &DecodeError{Format: format, Err: errors.New("no pixels")}
	}
	if int64(b.Dx())*int64(b.Dy()) > maxPixels {
		return nil, format, 0, &LimitError{Width: b.Dx(), Height: b.Dy(), Max: maxPixels}
	}
	orientation := OrientNormal
	if format == "jpeg" {
		orientation = JPEGOrientation(data)
	}
	return img, format, orientation, nil
}

// Fill scales img so that it covers size×size and crops the centre (Mattermost's
// FillCenter), with Catmull-Rom resampling.
func Fill(img image.Image, size int) *image.NRGBA {
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	src := image.Rect(0, 0, side, side).Add(image.Pt(b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2))
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, src, draw.Src, nil)
	return dst
}

// EncodePNG encodes with the best compression, as Mattermost stores profile images.
func EncodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("images: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// ProfilePicture turns an uploaded file into the stored profile image: a ProfileSize
// square PNG. Errors are ErrUnknownFormat (wrapped), *LimitError or *DecodeError for bad
// input; anything else is an encoding failure.
func ProfilePicture(data []byte, maxPixels int64) ([]byte, error) {
	img, _, orientation, err := decode(data, maxPixels)
	if err != nil {
		return nil, err
	}
	// The centred square of the upright image is the upright centred square of the stored
	// one, so cropping first and turning the small result is the same and much cheaper.
	return EncodePNG(Orient(Fill(img, ProfileSize), orientation))
}
