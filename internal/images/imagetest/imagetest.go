// Package imagetest makes real test images in memory: PNG, JPEG, GIF, BMP, TIFF and WebP
// files, JPEGs carrying an EXIF orientation, and decompression bombs. Tests only.
package imagetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// Red and Blue are the two halves of TwoTone.
var (
	Red  = color.NRGBA{255, 0, 0, 255}
	Blue = color.NRGBA{0, 0, 255, 255}
)

// TwoTone is w×h, left half red, right half blue.
func TwoTone(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < w/2 {
				img.SetNRGBA(x, y, Red)
			} else {
				img.SetNRGBA(x, y, Blue)
			}
		}
	}
	return img
}

// PNG encodes img as PNG.
func PNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// JPEG encodes img as a quality-95 JPEG.
func JPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// GIF encodes the frames as an animated GIF (palette: red, blue, green).
func GIF(t testing.TB, frames ...image.Image) []byte {
	t.Helper()
	g := &gif.GIF{}
	for _, f := range frames {
		p := image.NewPaletted(f.Bounds(), []color.Color{Red, Blue, color.NRGBA{0, 255, 0, 255}})
		for y := f.Bounds().Min.Y; y < f.Bounds().Max.Y; y++ {
			for x := f.Bounds().Min.X; x < f.Bounds().Max.X; x++ {
				p.Set(x, y, f.At(x, y))
			}
		}
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// BMP encodes img as BMP.
func BMP(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := bmp.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TIFF encodes img as deflate-compressed TIFF.
func TIFF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tiff.Encode(&b, img, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bitWriter packs values least significant bit first, as VP8L reads them.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
	}
	return w.buf
}

// WebPTwoTone writes a lossless (VP8L) WebP of TwoTone(w, h). Go has no WebP encoder,
// but a two-colour image needs only "simple" prefix codes: green and alpha have one symbol
// (no bits per pixel), red and blue two symbols (one bit each).
func WebPTwoTone(w, h int) []byte {
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint64(w-1), 14)
	bw.write(uint64(h-1), 14)
	bw.write(0, 1)            // alpha is not used
	bw.write(0, 3)            // version
	bw.write(0, 1)            // no transform
	bw.write(0, 1)            // no colour cache
	bw.write(0, 1)            // no meta prefix codes
	one := func(sym uint64) { // simple code, one 8-bit symbol
		bw.write(1, 1)
		bw.write(0, 1)
		bw.write(1, 1)
		bw.write(sym, 8)
	}
	two := func(a, b uint64) { // simple code, two 8-bit symbols
		bw.write(1, 1)
		bw.write(1, 1)
		bw.write(1, 1)
		bw.write(a, 8)
		bw.write(b, 8)
	}
	one(0)      // green
	two(0, 255) // red: bit 0 → 0, bit 1 → 255
	two(0, 255) // blue
	one(255)    // alpha
	one(0)      // distance
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < w/2 {
				bw.write(1, 1) // red 255
				bw.write(0, 1) // blue 0
			} else {
				bw.write(0, 1)
				bw.write(1, 1)
			}
		}
	}
	data := bw.bytes()
	chunk := append([]byte("VP8L"), le32(uint32(len(data)))...)
	chunk = append(chunk, data...)
	if len(data)%2 == 1 {
		chunk = append(chunk, 0)
	}
	out := append([]byte("RIFF"), le32(uint32(4+len(chunk)))...)
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// WithEXIFOrientation inserts an APP1 Exif segment carrying the orientation right after a
// JPEG's SOI marker. bigEndian picks the TIFF byte order.
func WithEXIFOrientation(jpg []byte, orientation uint16, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiffHdr := []byte("II*\x00")
	if bigEndian {
		bo = binary.BigEndian
		tiffHdr = []byte("MM\x00*")
	}
	t := append([]byte{}, tiffHdr...)
	t = bo.AppendUint32(t, 8)      // IFD0 offset
	t = bo.AppendUint16(t, 2)      // two entries
	t = bo.AppendUint16(t, 0x010F) // Make, ASCII, 4 bytes inline: an entry to skip
	t = bo.AppendUint16(t, 2)
	t = bo.AppendUint32(t, 4)
	t = append(t, 'G', 'o', '!', 0)
	t = bo.AppendUint16(t, 0x0112) // Orientation, SHORT, 1
	t = bo.AppendUint16(t, 3)
	t = bo.AppendUint32(t, 1)
	t = bo.AppendUint16(t, orientation)
	t = bo.AppendUint16(t, 0)
	t = bo.AppendUint32(t, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), t...)
	app1 := []byte{0xFF, 0xE1}
	app1 = binary.BigEndian.AppendUint16(app1, uint16(len(seg)+2))
	app1 = append(app1, seg...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

// PNGBomb returns a tiny PNG whose header announces w×h pixels (its data is a 1×1 image's):
// a decoder that trusted the header would allocate w×h×4 bytes before noticing.
func PNGBomb(t testing.TB, w, h uint32) []byte {
	t.Helper()
	small := PNG(t, image.NewNRGBA(image.Rect(0, 0, 1, 1)))
	// IHDR starts after the 8-byte signature: length(4) "IHDR"(4) width(4) height(4) ...
	out := append([]byte{}, small...)
	binary.BigEndian.PutUint32(out[16:20], w)
	binary.BigEndian.PutUint32(out[20:24], h)
	crc := crc32.ChecksumIEEE(out[12:29])
	binary.BigEndian.PutUint32(out[29:33], crc)
	return out
}
