// A tiny PNG encoder and decoder (8-bit greyscale, RGB, RGBA and palette images, no
// interlacing) written with node:zlib, plus a 24-bit BMP encoder: real image files for the
// profile-image tests without any image library.

import zlib from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        t[n] = c >>> 0;
    }
    return t;
})();

export function crc32(buf) {
    let c = 0xffffffff;
    for (const b of buf) {
        c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
}

// encodePng(width, height, pixel(x, y) → [r, g, b, a]) returns an RGBA PNG (colour type 6).
export function encodePng(width, height, pixel) {
    const stride = width * 4 + 1;
    const raw = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        raw[y * stride] = 0; // filter: none
        for (let x = 0; x < width; x++) {
            const [r, g, b, a = 255] = pixel(x, y);
            raw.set([r, g, b, a], y * stride + 1 + x * 4);
        }
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    ihdr[10] = 0;
    ihdr[11] = 0;
    ihdr[12] = 0;
    return Buffer.concat([
        PNG_SIGNATURE,
        chunk('IHDR', ihdr),
        chunk('IDAT', zlib.deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

// solidPng: a width×height PNG of one colour.
export function solidPng(width, height, rgba) {
    return encodePng(width, height, () => rgba);
}

// encodeBmp(width, height, pixel) returns a 24-bit uncompressed BMP (bottom-up rows).
export function encodeBmp(width, height, pixel) {
    const rowSize = Math.ceil((width * 3) / 4) * 4;
    const size = 54 + rowSize * height;
    const b = Buffer.alloc(size);
    b.write('BM', 0, 'latin1');
    b.writeUInt32LE(size, 2);
    b.writeUInt32LE(54, 10);
    b.writeUInt32LE(40, 14); // BITMAPINFOHEADER
    b.writeInt32LE(width, 18);
    b.writeInt32LE(height, 22);
    b.writeUInt16LE(1, 26);
    b.writeUInt16LE(24, 28);
    b.writeUInt32LE(0, 30);
    b.writeUInt32LE(rowSize * height, 34);
    b.writeInt32LE(2835, 38);
    b.writeInt32LE(2835, 42);
    for (let y = 0; y < height; y++) {
        const row = 54 + (height - 1 - y) * rowSize;
        for (let x = 0; x < width; x++) {
            const [r, g, bl] = pixel(x, y);
            b[row + x * 3] = bl;
            b[row + x * 3 + 1] = g;
            b[row + x * 3 + 2] = r;
        }
    }
    return b;
}

function paeth(a, b, c) {
    const p = a + b - c;
    const pa = Math.abs(p - a);
    const pb = Math.abs(p - b);
    const pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
        return a;
    }
    return pb <= pc ? b : c;
}

// decodePng returns { width, height, colorType, pixel(x, y) → [r, g, b, a] } for 8-bit,
// non-interlaced PNGs (what Go's image/png writes). It checks the signature and every CRC.
export function decodePng(buf) {
    if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) {
        throw new Error('not a PNG: bad signature');
    }
    let off = 8;
    let ihdr = null;
    let palette = null;
    let trns = null;
    const idat = [];
    let ended = false;
    while (off < buf.length) {
        const len = buf.readUInt32BE(off);
        const type = buf.subarray(off + 4, off + 8).toString('latin1');
        const data = buf.subarray(off + 8, off + 8 + len);
        const crc = buf.readUInt32BE(off + 8 + len);
        if (crc32(buf.subarray(off + 4, off + 8 + len)) !== crc) {
            throw new Error(`PNG chunk ${type}: bad CRC`);
        }
        off += 12 + len;
        if (type === 'IHDR') {
            ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], colorType: data[9], interlace: data[12] };
        } else if (type === 'PLTE') {
            palette = data;
        } else if (type === 'tRNS') {
            trns = data;
        } else if (type === 'IDAT') {
            idat.push(data);
        } else if (type === 'IEND') {
            ended = true;
            break;
        }
    }
    if (!ihdr || !ended) {
        throw new Error('PNG without IHDR or IEND');
    }
    const { width, height, depth, colorType, interlace } = ihdr;
    if (depth !== 8 || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, interlace ${interlace}`);
    }
    const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
    if (!channels) {
        throw new Error(`unsupported PNG colour type ${colorType}`);
    }
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = width * channels;
    const out = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let i = 0; i < stride; i++) {
            const a = i >= channels ? out[y * stride + i - channels] : 0;
            const b = y > 0 ? out[(y - 1) * stride + i] : 0;
            const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels] : 0;
            let v = line[i];
            switch (filter) {
                case 0: break;
                case 1: v += a; break;
                case 2: v += b; break;
                case 3: v += (a + b) >> 1; break;
                case 4: v += paeth(a, b, c); break;
                default: throw new Error(`bad PNG filter ${filter}`);
            }
            out[y * stride + i] = v & 0xff;
        }
    }
    const pixel = (x, y) => {
        const p = y * stride + x * channels;
        switch (colorType) {
            case 0: return [out[p], out[p], out[p], 255];
            case 2: return [out[p], out[p + 1], out[p + 2], 255];
            case 3: {
                const i = out[p];
                return [palette[i * 3], palette[i * 3 + 1], palette[i * 3 + 2], trns && i < trns.length ? trns[i] : 255];
            }
            case 4: return [out[p], out[p], out[p], out[p + 1]];
            default: return [out[p], out[p + 1], out[p + 2], out[p + 3]];
        }
    };
    return { width, height, colorType, pixel };
}
