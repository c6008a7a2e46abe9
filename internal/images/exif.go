package images

import (
	"encoding/binary"
	"image"
)

// EXIF orientation values (TIFF tag 0x0112).
const (
	OrientNormal     = 1
	OrientFlipH      = 2
	OrientRotate180  = 3
	OrientFlipV      = 4
	OrientTranspose  = 5
	OrientRotate90   = 6 // rotate 90° clockwise to display
	OrientTransverse = 7
	OrientRotate270  = 8 // rotate 90° counter-clockwise to display
)

// JPEGOrientation returns the EXIF orientation of a JPEG (1 to 8), or 1 when the file has
// none or it cannot be read. Only the APP1 "Exif" segment's first IFD is looked at.
func JPEGOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return OrientNormal
	}
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return OrientNormal
		}
		marker := data[p+1]
		if marker == 0xFF { // fill byte
			p++
			continue
		}
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			p += 2 // markers without a length
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image: no more headers
			return OrientNormal
		}
		n := int(binary.BigEndian.Uint16(data[p+2 : p+4]))
		if n < 2 || p+2+n > len(data) {
			return OrientNormal
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
			return OrientNormal
		}
		p += 2 + n
	}
	return OrientNormal
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure; 0 when absent or invalid.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:4]) != 42 {
		return 0
	}
	ifd := int64(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 0
	}
	count := int(bo.Uint16(t[ifd : ifd+2]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + int64(i)*12
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:e+2]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(t[e+2:e+4]), bo.Uint32(t[e+4:e+8])
		if typ != 3 || n != 1 { // one SHORT, stored in the value field itself
			return 0
		}
		if v := int(bo.Uint16(t[e+8 : e+10])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// Orient returns img transformed so that it displays upright given its EXIF orientation.
func Orient(img image.Image, orientation int) image.Image {
	if orientation <= OrientNormal || orientation > OrientRotate270 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if orientation >= OrientTranspose {
		dw, dh = h, w
	}
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for dy := 0; dy < dh; dy++ {
		for dx := 0; dx < dw; dx++ {
			var sx, sy int
			switch orientation {
			case OrientFlipH:
				sx, sy = w-1-dx, dy
			case OrientRotate180:
				sx, sy = w-1-dx, h-1-dy
			case OrientFlipV:
				sx, sy = dx, h-1-dy
			case OrientTranspose:
				sx, sy = dy, dx
			case OrientRotate90:
				sx, sy = dy, h-1-dx
			case OrientTransverse:
				sx, sy = w-1-dy, h-1-dx
			case OrientRotate270:
				sx, sy = w-1-dy, dx
			}
			dst.Set(dx, dy, img.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return dst
}
