import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { LETTER_LIMITS, letterReader } from '../../src/flows/appeal/denial/read/index.js';
import { createWorkerPool } from '../../src/workers/pool.js';
import { corpusLetters } from './corpus/letters.js';
import { pageImage, pdfBytes, textPdf } from './corpus/render.js';

// Generous time limits: these tests check what is read, on a machine that may be busy.
const pool = createWorkerPool({ threads: 1 });
const reader = letterReader({
  runJob: pool.run,
  today: () => '2026-11-30',
  limits: { prepareMs: 300_000, ocrPageMs: 300_000, fieldsMs: 300_000 },
});
afterAll(() => pool.close());
const letter = corpusLetters()[15]!;

describe('reading a denial letter file', () => {
  it('reads a text PDF from its text layer, with the line each field came from', async () => {
    const read = await reader.read(await textPdf(letter.text), 'application/pdf');
    expect(read).toMatchObject({ ok: true, method: 'text', pagesRead: 1, totalPages: 1 });
    if (!read.ok) return;
    expect(read.reading.fields.insurer).toMatchObject({ id: 'cigna', value: 'Cigna Healthcare' });
    expect(read.reading.fields.drug).toMatchObject({ id: 'humira', source: expect.stringContaining('Humira') });
    expect(read.reading.fields.memberId?.value).toBe(letter.truth.memberId);
    expect(read.reading.fields.appealsAddress?.value).toBe(letter.truth.appealsAddress);
  }, 60_000);

  it('reads only the first pages of a 200-page PDF, and says how many there were', async () => {
    const bytes = await pdfBytes((doc) => {
      doc.text(letter.text);
      for (let i = 0; i < 199; i++) doc.addPage().text(`Page ${i + 2}: plan documents continue.`);
    }, {});
    const read = await reader.read(bytes);
    expect(read).toMatchObject({ ok: true, pagesRead: LETTER_LIMITS.maxTextPages });
    expect(read.ok && read.totalPages).toBeGreaterThanOrEqual(200);
    expect(read.ok && read.reading.fields.drug?.id).toBe('humira');
  }, 60_000);

  it('refuses what is not a letter file, kindly and by what the bytes are', async () => {
    const zipRenamedPdf = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]);
    expect(await reader.read(zipRenamedPdf, 'application/pdf')).toEqual({ ok: false, problem: 'zip' });
    expect(await reader.read(new Uint8Array(0))).toEqual({ ok: false, problem: 'empty-file' });
    expect(await reader.read(new Uint8Array(LETTER_LIMITS.maxBytes + 1))).toEqual({ ok: false, problem: 'too-big' });
    const gif = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;');
    expect(await reader.read(gif, 'image/gif')).toEqual({ ok: false, problem: 'unsupported' });
    const corrupt = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without end');
    expect(await reader.read(corrupt)).toEqual({ ok: false, problem: 'corrupt' });
  }, 60_000);

  it('says a password-protected PDF cannot be opened', async () => {
    const bytes = await pdfBytes((doc) => doc.text(letter.text), { userPassword: 'secret', ownerPassword: 'owner' });
    expect(await reader.read(bytes)).toEqual({ ok: false, problem: 'encrypted' });
  }, 60_000);

  it('refuses an image over 50 megapixels without decoding it', async () => {
    const huge = await sharp({ create: { width: 8000, height: 6500, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(await reader.read(new Uint8Array(huge), 'image/png')).toEqual({ ok: false, problem: 'too-many-pixels' });
  }, 60_000);

  it('reads a photo by OCR, reporting progress; an empty page has no text; a photo of something else is not a letter', async () => {
    const pages: number[] = [];
    const photo = await sharp(await pageImage(letter.text))
      .rotate(2.5, { background: '#ddd' })
      .jpeg({ quality: 70 })
      .toBuffer();
    const read = await reader.read(new Uint8Array(photo), 'image/jpeg', (p) => pages.push(p.page));
    expect(read).toMatchObject({ ok: true, method: 'ocr' });
    if (read.ok) {
      expect(read.reading.fields.insurer?.id).toBe('cigna');
      expect(read.reading.fields.drug?.id).toBe('humira');
      expect(read.reading.fields.noticeDate?.value).toBe(letter.truth.noticeDate);
    }
    expect(pages).toEqual([1]);
    const blank = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#fafafa' } })
      .jpeg()
      .toBuffer();
    expect(await reader.read(new Uint8Array(blank))).toEqual({ ok: false, problem: 'no-text' });
    const recipe = await pageImage(
      'Banana bread\n\n3 ripe bananas\n2 cups of flour\n1 cup of sugar\nBake at 350 degrees for one hour.',
    );
    expect(await reader.read(recipe, 'image/png')).toEqual({ ok: false, problem: 'not-a-letter' });
  }, 600_000);

  it('reads an iPhone HEIC photo (decoded by heic-decode, no system library)', async () => {
    // test/denial/fixtures/letter-photo.heic: corpus letter 25 (Ambetter, Jardiance), encoded with heif-enc (x265).
    const heic = new Uint8Array(readFileSync(new URL('./fixtures/letter-photo.heic', import.meta.url)));
    const read = await reader.read(heic, 'image/heic');
    expect(read).toMatchObject({ ok: true, method: 'ocr' });
    if (read.ok) {
      expect(read.reading.fields.insurer?.id).toBe('centene');
      expect(read.reading.fields.drug?.id).toBe('jardiance');
      expect(read.reading.fields.noticeDate?.value).toBe('2026-02-03');
    }
  }, 600_000);
});
