import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/**
 * Renders corpus letters the three ways people send them: a text PDF (what a
 * plan's portal gives), a scanned PDF (a page image inside a PDF) and a phone
 * photo (tilted, uneven light, a shadow, JPEG noise). Deterministic per seed.
 */
const PAGE = { width: 2550, height: 3300, margin: 190, fontPx: 40, lineGap: 1.32 };
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF'];
let fontsLoaded = false;

function loadFonts(): void {
  if (fontsLoaded) return;
  for (const dir of FONT_DIRS) GlobalFonts.loadFontsFromDir(dir);
  fontsLoaded = true;
}

/** A PDF drawn by `build`: by default a US Letter page as the corpus letters use. */
export function pdfBytes(
  build: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = { size: 'LETTER', margin: 54, info: { Title: 'Coverage decision' } },
): Promise<Uint8Array> {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  build(doc);
  doc.end();
  return done;
}

/** A text PDF: the letter in Helvetica, as a plan's portal would produce it. */
export function textPdf(text: string): Promise<Uint8Array> {
  return pdfBytes((doc) => {
    doc.font('Helvetica').fontSize(10.5);
    const [title, ...rest] = text.split('\n');
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(title ?? '');
    doc.font('Helvetica').fontSize(10.5).text(rest.join('\n'), { lineGap: 1.5 });
  });
}

/** Wraps a line to the page width with the canvas's own measurements. */
function wrap(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (ctx.measureText(next).width > width && current) {
      out.push(current);
      current = word;
    } else current = next;
  }
  out.push(current);
  return out;
}

/** The first page of the letter as a clean 300-dpi image (what a flatbed scanner gives). */
export async function pageImage(text: string): Promise<Uint8Array> {
  loadFonts();
  const canvas = createCanvas(PAGE.width, PAGE.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PAGE.width, PAGE.height);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = `${PAGE.fontPx}px DejaVu Sans`;
  const step = PAGE.fontPx * PAGE.lineGap;
  let y = PAGE.margin;
  for (const line of text.split('\n')) {
    for (const part of wrap(ctx, line, PAGE.width - 2 * PAGE.margin)) {
      if (y > PAGE.height - PAGE.margin) break;
      ctx.fillText(part, PAGE.margin, y);
      y += step;
    }
  }
  return new Uint8Array(await canvas.encode('png'));
}

/** A scanned PDF: the page image (greyed, as scanners do) inside a PDF with no text layer. */
export async function scannedPdf(page: Uint8Array): Promise<Uint8Array> {
  const jpeg = await sharp(page).grayscale().jpeg({ quality: 70 }).toBuffer();
  return pdfBytes((doc) => {
    doc.image(jpeg, 0, 0, { width: 612, height: 792 });
  });
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A phone photo of the page: tilted a few degrees, light falling off to one side, a hand's shadow, JPEG noise. */
export async function phonePhoto(page: Uint8Array, seed: number): Promise<Uint8Array> {
  const r = rng(seed);
  const angle = (r() < 0.5 ? -1 : 1) * (1.5 + r() * 2.5);
  const width = 2268;
  const height = 3024;
  const tilted = await sharp(page)
    .resize({ width: 2000 })
    .rotate(angle, { background: '#6b5b4b' })
    .toBuffer({ resolveWithObject: true });
  const left = Math.max(0, Math.round((width - tilted.info.width) / 2));
  const top = Math.max(0, Math.round((height - tilted.info.height) / 2));
  // Light and shadow are drawn small and scaled up, which also blurs their edges.
  const small = { width: Math.round(width / 16), height: Math.round(height / 16) };
  const light = r() < 0.5 ? ['0%', '100%'] : ['100%', '0%'];
  const shadowX = Math.round(small.width * (0.55 + r() * 0.3));
  const overlay = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${small.width}" height="${small.height}">
        <defs><linearGradient id="g" x1="${light[0]}" y1="0%" x2="${light[1]}" y2="100%">
          <stop offset="0%" stop-color="#ffffff"/><stop offset="100%" stop-color="#8c8478"/></linearGradient></defs>
        <rect width="100%" height="100%" fill="url(#g)"/>
        <ellipse cx="${shadowX}" cy="${Math.round(small.height * 0.8)}" rx="${Math.round(small.width * 0.3)}" ry="${Math.round(small.height * 0.3)}" fill="#6e6e6e"/>
      </svg>`,
    ),
  )
    .blur(4)
    .resize(width, height)
    .toBuffer();
  const noise = await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 14 } },
  })
    .png()
    .toBuffer();
  const photo = await sharp({ create: { width, height, channels: 3, background: '#6b5b4b' } })
    .composite([
      { input: tilted.data, left, top },
      { input: overlay, blend: 'multiply' },
      { input: noise, blend: 'overlay' },
    ])
    .jpeg({ quality: 62 })
    .toBuffer();
  return new Uint8Array(photo);
}
