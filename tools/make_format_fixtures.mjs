// Writes the small files e2e/formats.spec.ts uploads: images a browser cannot read (TIFF, SVG, HEIC),
// a fully transparent PNG, and a PNG whose pixel data is damaged. Run: node tools/make_format_fixtures.mjs
import sharp from 'sharp';
import { writeFile, mkdir } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import path from 'node:path';

const OUT = path.resolve('e2e/fixtures');
await mkdir(OUT, { recursive: true });

// A 24×16 colour gradient, the content of the valid files.
const [W, H] = [24, 16];
const rgb = Buffer.alloc(W * H * 3);
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) rgb.set([(x * 255) / (W - 1), (y * 255) / (H - 1), 128], (y * W + x) * 3);
}
const raw = { raw: { width: W, height: H, channels: 3 } };

// TIFF ("II*\0"): Chromium, Firefox and Edge do not decode it.
await writeFile(path.join(OUT, 'photo.tiff'), await sharp(rgb, raw).tiff({ compression: 'lzw' }).toBuffer());

// SVG: a drawing, refused by the app.
await writeFile(
  path.join(OUT, 'drawing.svg'),
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16"><rect width="24" height="16" fill="#c33"/></svg>\n',
);

// HEIC: only the start of the file, its ftyp box (major brand "heic"), which is what the app sniffs;
// a real HEIC needs an HEVC encoder that sharp's prebuilt libvips does not have.
const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')]);
await writeFile(path.join(OUT, 'photo.heic'), Buffer.concat([ftyp, Buffer.from([0, 0, 0, 0x08]), Buffer.from('meta')]));

// A fully transparent 64×48 PNG whose colour channels are black: it shows black if alpha is dropped.
await writeFile(
  path.join(OUT, 'transparent.png'),
  await sharp(Buffer.alloc(64 * 48 * 4), { raw: { width: 64, height: 48, channels: 4 } }).png().toBuffer(),
);

// A PNG with a valid signature, header and checksums, but an IDAT that is not a zlib stream.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0);
ihdr.writeUInt32BE(H, 4);
ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
const scanlines = Buffer.concat(Array.from({ length: H }, (_, y) => Buffer.concat([Buffer.from([0]), rgb.subarray(y * W * 3, (y + 1) * W * 3)])));
const idat = deflateSync(scanlines);
idat.fill(0xa5, 0, 24); // the zlib header and the start of the stream
await writeFile(
  path.join(OUT, 'damaged.png'),
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
console.log(`Wrote photo.tiff, drawing.svg, photo.heic, transparent.png, damaged.png to ${OUT}`);
