/**
 * Draws the two icons the Teams app package needs, with no image library:
 * `color.png` (192×192, full colour) and `outline.png` (32×32, white on
 * transparent, as Teams requires). Run: `npx tsx manifests/teams/make-icons.ts`.
 * The picture: a letter page with a check mark (an appeal, done).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** Coverage of a shape at one point: 1 inside, 0 outside. */
type Shape = (x: number, y: number) => boolean;

const ACCENT: Rgba = [31, 95, 173, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const LINE: Rgba = [196, 210, 228, 255];
const CHECK: Rgba = [22, 140, 90, 255];
const SUPERSAMPLE = 4;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

/** A page with its top-right corner folded off. */
function page(x0: number, y0: number, x1: number, y1: number, r: number, fold: number): Shape {
  const body = roundedRect(x0, y0, x1, y1, r);
  return (x, y) => body(x, y) && x - x1 + fold <= y - y0;
}

function segment(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2;
  };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((shape) => shape(x, y));
}

function outlineOf(outer: Shape, inner: Shape): Shape {
  return (x, y) => outer(x, y) && !inner(x, y);
}

/** Paints layers back to front with anti-aliased edges. */
function paint(size: number, layers: Array<[Shape, Rgba]>): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, color] of layers) {
        let hits = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
          for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
            if (shape(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE)) hits += 1;
          }
        }
        const cover = (hits / SUPERSAMPLE ** 2) * (color[3] / 255);
        const outA = cover + a * (1 - cover);
        if (outA > 0) {
          r = (color[0] * cover + r * a * (1 - cover)) / outA;
          g = (color[1] * cover + g * a * (1 - cover)) / outA;
          b = (color[2] * cover + b * a * (1 - cover)) / outA;
        }
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGBA PNG. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function colorIcon(): Buffer {
  const size = 192;
  const layers: Array<[Shape, Rgba]> = [
    [roundedRect(0, 0, size, size, 36), ACCENT],
    [page(52, 30, 140, 162, 8, 26), WHITE],
    [union(roundedRect(68, 56, 112, 64, 4), roundedRect(68, 74, 124, 82, 4), roundedRect(68, 92, 100, 100, 4)), LINE],
    [union(segment(76, 128, 96, 146, 14), segment(96, 146, 140, 102, 14)), CHECK],
  ];
  return encodePng(size, paint(size, layers));
}

function outlineIcon(): Buffer {
  const size = 32;
  const outerPage = page(7, 3, 25, 29, 2, 6);
  const innerPage = page(8.75, 4.75, 23.25, 27.25, 1, 5);
  const layers: Array<[Shape, Rgba]> = [
    [outlineOf(outerPage, innerPage), WHITE],
    [union(segment(12, 19, 15, 22.5, 2.4), segment(15, 22.5, 21, 14.5, 2.4)), WHITE],
  ];
  return encodePng(size, paint(size, layers));
}

const here = fileURLToPath(new URL('.', import.meta.url));
writeFileSync(`${here}color.png`, colorIcon());
writeFileSync(`${here}outline.png`, outlineIcon());
console.log('wrote color.png (192x192) and outline.png (32x32)');
