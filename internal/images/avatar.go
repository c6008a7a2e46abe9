package images

import (
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// avatarPalette is Mattermost's background palette for generated profile images, indexed by
// the FNV-1a hash of the user id modulo its length.
var avatarPalette = [26]color.NRGBA{
	{197, 8, 126, 255}, {227, 207, 18, 255}, {28, 181, 105, 255}, {35, 188, 224, 255},
	{116, 49, 196, 255}, {197, 8, 126, 255}, {197, 19, 19, 255}, {250, 134, 6, 255},
	{227, 207, 18, 255}, {123, 201, 71, 255}, {28, 181, 105, 255}, {35, 188, 224, 255},
	{116, 49, 196, 255}, {197, 8, 126, 255}, {197, 19, 19, 255}, {250, 134, 6, 255},
	{227, 207, 18, 255}, {123, 201, 71, 255}, {28, 181, 105, 255}, {35, 188, 224, 255},
	{116, 49, 196, 255}, {197, 8, 126, 255}, {197, 19, 19, 255}, {250, 134, 6, 255},
	{227, 207, 18, 255}, {123, 201, 71, 255},
}

var (
	fontOnce sync.Once
	fontBold *opentype.Font
	fontErr  error
)

func initialFont() (*opentype.Font, error) {
	fontOnce.Do(func() {
		fontBold, fontErr = opentype.Parse(gobold.TTF)
		if fontErr != nil {
			fontErr = fmt.Errorf("images: parse Go Bold: %w", fontErr)
		}
	})
	return fontBold, fontErr
}

// AvatarColor is the background colour of userID's generated image.
func AvatarColor(userID string) color.NRGBA {
	h := fnv.New32a()
	h.Write([]byte(userID)) // a hash.Hash never fails to write
	return avatarPalette[h.Sum32()%uint32(len(avatarPalette))]
}

// DefaultAvatar draws Mattermost's generated profile image: ProfileSize square, the
// background from AvatarColor, the first character of the upper-cased username in white,
// 64 px bold, its baseline origin at (25, 85). Go Bold stands in for Nunito Bold.
func DefaultAvatar(userID, username string) ([]byte, error) {
	f, err := initialFont()
	if err != nil {
		return nil, err
	}
	const size = ProfileSize
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), image.NewUniform(AvatarColor(userID)), image.Point{}, draw.Src)
	if initial := strings.ToUpper(username); initial != "" {
		// A face keeps per-glyph buffers and is not safe for concurrent use: one per image.
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size / 2, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("images: font face: %w", err)
		}
		defer face.Close()
		d := font.Drawer{Dst: img, Src: image.White, Face: face, Dot: fixed.P(size/5, size*2/3)}
		d.DrawString(initial[:1])
	}
	return EncodePNG(img)
}
