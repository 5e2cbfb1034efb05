import sharp, { type Metadata, type Sharp } from 'sharp';
import { LETTER_LIMITS } from './limits.js';
import type { FileFormat } from './sniff.js';

/**
 * Turns a file into what the reader needs: the text of a PDF's pages, or page
 * images cleaned up for OCR. CPU-heavy (pdf.js, image decoding): runs in a
 * worker thread, never on the event loop that answers the platforms.
 */
export type Prepared =
  | { kind: 'text'; pages: string[]; totalPages: number }
  | { kind: 'images'; images: Uint8Array[]; totalPages: number }
  | { kind: 'problem'; problem: 'encrypted' | 'corrupt' | 'too-many-pixels' | 'unsupported' };

export interface PrepareRequest {
  bytes: Uint8Array;
  format: FileFormat;
}

// pdf.js 5 calls ArrayBuffer.prototype.transferToFixedLength (Node 21+); Node 20 lacks it.
function transferToFixedLength(this: ArrayBuffer, length?: number): ArrayBuffer {
  const moved: ArrayBuffer = structuredClone(this, { transfer: [this] });
  if (length === undefined || length === moved.byteLength) return moved;
  const out = new ArrayBuffer(length);
  new Uint8Array(out).set(new Uint8Array(moved, 0, Math.min(length, moved.byteLength)));
  return out;
}
if (!('transferToFixedLength' in ArrayBuffer.prototype)) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: transferToFixedLength,
  });
}

/** Fewer letters than this per page means the PDF is a scan (or has only a few stray words). */
const TEXT_PER_PAGE = 40;

/**
 * A page image made easier to read: upright, grey, about 250 dpi, and with the
 * light evened out (each pixel divided by a blurred copy of the page, so a shadow
 * or a dim corner turns back to white paper). Cheap next to adaptive equalisation.
 */
async function forOcr(image: Sharp): Promise<Uint8Array> {
  const long = LETTER_LIMITS.ocrLongSide;
  const { data, info } = await image
    .rotate()
    .grayscale()
    .resize({ width: long, height: long, fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: 1 as const };
  const small = { width: Math.max(1, Math.round(info.width / 24)), height: Math.max(1, Math.round(info.height / 24)) };
  // The paper's light without the ink: shrink (ink vanishes), blur, grow back; inverted for colour-dodge (a / (1 - b)).
  const paper = await sharp(data, { raw })
    .resize(small.width, small.height, { kernel: 'cubic' })
    .blur(2)
    .raw()
    .toBuffer();
  const light = await sharp(paper, { raw: { ...small, channels: 1 } })
    .resize(info.width, info.height)
    .negate()
    .raw()
    .toBuffer();
  const out = await sharp(data, { raw })
    .composite([{ input: light, raw, blend: 'colour-dodge' }])
    .grayscale()
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(out);
}

async function prepareImage(bytes: Uint8Array, format: FileFormat): Promise<Prepared> {
  if (format === 'heic') {
    const decode = (await import('heic-decode')).default;
    const { width, height, data } = await decode({ buffer: bytes });
    if (width * height > LETTER_LIMITS.maxPixels) return { kind: 'problem', problem: 'too-many-pixels' };
    const image = sharp(data, { raw: { width, height, channels: 4 } });
    return { kind: 'images', images: [await forOcr(image)], totalPages: 1 };
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { kind: 'problem', problem: 'corrupt' };
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > LETTER_LIMITS.maxPixels)
    return { kind: 'problem', problem: 'too-many-pixels' };
  try {
    const image = sharp(bytes, { limitInputPixels: LETTER_LIMITS.maxPixels, failOn: 'error', pages: 1 });
    return { kind: 'images', images: [await forOcr(image)], totalPages: 1 };
  } catch {
    return { kind: 'problem', problem: 'corrupt' };
  }
}

async function preparePdf(bytes: Uint8Array): Promise<Prepared> {
  const { getDocumentProxy, renderPageAsImage } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes.slice(), { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    const encrypted = error instanceof Error && error.name === 'PasswordException';
    return { kind: 'problem', problem: encrypted ? 'encrypted' : 'corrupt' };
  }
  try {
    const totalPages = pdf.numPages;
    const pages: string[] = [];
    for (let n = 1; n <= Math.min(totalPages, LETTER_LIMITS.maxTextPages); n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    const letters = pages.join('').replace(/\s/g, '').length;
    if (letters >= TEXT_PER_PAGE * Math.max(1, Math.min(pages.length, 2))) return { kind: 'text', pages, totalPages };
    const images: Uint8Array[] = [];
    for (let n = 1; n <= Math.min(totalPages, LETTER_LIMITS.maxOcrPages); n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      // Draw the page at about the size OCR wants (never past the pixel limit).
      const scale = Math.min(
        LETTER_LIMITS.ocrLongSide / Math.max(viewport.width, viewport.height),
        Math.sqrt(LETTER_LIMITS.maxPixels / (viewport.width * viewport.height)),
      );
      const png = await renderPageAsImage(pdf, n, { canvasImport: () => import('@napi-rs/canvas'), scale });
      images.push(await forOcr(sharp(new Uint8Array(png))));
    }
    return { kind: 'images', images, totalPages };
  } catch {
    return { kind: 'problem', problem: 'corrupt' };
  } finally {
    await pdf.destroy();
  }
}

/** Loads pdf.js (the slowest part of a first reading, seconds on a busy machine) before a letter's clock starts. */
export async function loadDocumentReaders(): Promise<void> {
  await (await import('unpdf')).getResolvedPDFJS();
}

export async function prepareDocument({ bytes, format }: PrepareRequest): Promise<Prepared> {
  if (format === 'pdf') return preparePdf(bytes);
  if (format === 'jpeg' || format === 'png' || format === 'webp' || format === 'tiff' || format === 'heic')
    return prepareImage(bytes, format);
  return { kind: 'problem', problem: 'unsupported' };
}
