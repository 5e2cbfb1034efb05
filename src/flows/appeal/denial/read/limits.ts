/** What we agree to read, so one file can never hold up the bot or fill its memory. */
export const LETTER_LIMITS = {
  /** Bytes of one file (a phone photo is 2–6 MB; a scanned letter a few MB). */
  maxBytes: 15 * 1024 * 1024,
  /** PDF pages whose text we read; the fields sit on the first pages. */
  maxTextPages: 20,
  /** Scanned PDF pages we OCR (each takes about two seconds). */
  maxOcrPages: 4,
  /** Pixels in one image before we refuse it (a 50-megapixel photo is far more than a page needs). */
  maxPixels: 50_000_000,
  /** Longest side of the image given to OCR: about 240 dots per inch on a letter-size page. */
  ocrLongSide: 2600,
  /** Time for opening the file and preparing the pages. */
  prepareMs: 30_000,
  /** Time for reading one page image. */
  ocrPageMs: 45_000,
  /** Time for finding the fields in the text (about 20 ms). */
  fieldsMs: 10_000,
} as const;
