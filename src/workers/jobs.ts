import type { FieldsRequest } from '../flows/appeal/denial/read/fields.js';
import type { PageText } from '../flows/appeal/denial/read/ocr.js';
import type { Prepared, PrepareRequest } from '../flows/appeal/denial/read/prepare.js';
import type { DenialReading } from '../flows/appeal/denial/types.js';
import type { CalendarEntries } from '../flows/appeal/calendar-file.js';
import type { LetterFormat, PortableLetterRequest } from '../flows/appeal/letter/index.js';

/**
 * Every CPU-heavy job a worker thread can run, by name. Payloads and results
 * cross threads by structured clone: plain values, typed arrays, no functions.
 * Each job imports its module on first use, so a worker loads only what it runs.
 */
export const jobs = {
  /** Loads the letter renderers (docx, pdfkit and its fonts) and the calendar's, so the first letter does not pay for them. */
  'letter.warm': async (_payload: Record<string, never>): Promise<true> => {
    const [letter] = await Promise.all([
      import('../flows/appeal/letter/index.js'),
      import('../flows/appeal/calendar-file.js'),
    ]);
    await letter.loadLetterRenderers();
    return true;
  },
  /** Loads what reading a denial letter needs (pdf.js, the knowledge), so its time limits time the reading alone. */
  'denial.warm': async (_payload: Record<string, never>): Promise<true> => {
    const [prepare, fields] = await Promise.all([
      import('../flows/appeal/denial/read/prepare.js'),
      import('../flows/appeal/denial/read/fields.js'),
    ]);
    await prepare.loadDocumentReaders();
    fields.loadFieldKnowledge();
    return true;
  },
  /**
   * A letter request → its document's .docx bytes, composed and packed here, stamped with its day (composing
   * about a millisecond, the docx library and the zip about 16 ms: none of it on the event loop).
   */
  'letter.docx': async ({ request }: { request: PortableLetterRequest }): Promise<Uint8Array> =>
    buildDocumentHere(request, 'docx'),
  /** The same document as a PDF (pdfkit with the bundled DejaVu fonts). */
  'letter.pdf': async ({ request }: { request: PortableLetterRequest }): Promise<Uint8Array> =>
    buildDocumentHere(request, 'pdf'),
  /** A case's deadlines, worked out in words and dates → its .ics file (ical-generator: about a millisecond). */
  'calendar.ics': async (entries: CalendarEntries): Promise<string> =>
    (await import('../flows/appeal/calendar-file.js')).icsText(entries),
  /** A denial letter's bytes → the text of its PDF pages, or its page images cleaned up for OCR (pdf.js, sharp). */
  'denial.prepare': async (request: PrepareRequest): Promise<Prepared> =>
    (await import('../flows/appeal/denial/read/prepare.js')).prepareDocument(request),
  /** One page image → its text, by Tesseract (about 2 s a page). */
  'denial.ocr': async ({ image }: { image: Uint8Array }): Promise<PageText> =>
    (await import('../flows/appeal/denial/read/ocr.js')).readPageImage(image),
  /** A letter's text → its fields, matched against the knowledge (about 20 ms: off the event loop too). */
  'denial.fields': async (request: FieldsRequest): Promise<DenialReading> =>
    (await import('../flows/appeal/denial/read/fields.js')).fieldsFromText(request),
};

async function buildDocumentHere(request: PortableLetterRequest, format: LetterFormat): Promise<Uint8Array> {
  const letter = await import('../flows/appeal/letter/index.js');
  const here = letter.letterRequestFrom(request);
  return letter.packLetter(letter.composeDocument(here), here.today, format);
}

export type JobName = keyof typeof jobs;

/** One job to run: its name and its payload, checked against each other. */
export type JobRequest = { [N in JobName]: { name: N; payload: Parameters<(typeof jobs)[N]>[0] } }[JobName];

/**
 * Runs one job: in this thread (tests, the CLI) or in the worker pool (the
 * server). The result crossed a thread, so callers check its shape.
 */
export type RunJob = (request: JobRequest, options?: RunOptions) => Promise<unknown>;

export interface RunOptions {
  /**
   * Aborting it cancels the job: a waiting job leaves the queue, a running one
   * ends with its thread (the pool starts a fresh one). In process it only
   * stops the caller from waiting.
   */
  signal?: AbortSignal;
}

/** Looks the job up and runs it here; used in process and inside each worker. */
export function runJobHere(request: JobRequest): Promise<unknown> {
  const name: string = request.name;
  switch (request.name) {
    case 'letter.warm':
      return jobs['letter.warm'](request.payload);
    case 'denial.warm':
      return jobs['denial.warm'](request.payload);
    case 'letter.docx':
      return jobs['letter.docx'](request.payload);
    case 'letter.pdf':
      return jobs['letter.pdf'](request.payload);
    case 'calendar.ics':
      return jobs['calendar.ics'](request.payload);
    case 'denial.prepare':
      return jobs['denial.prepare'](request.payload);
    case 'denial.ocr':
      return jobs['denial.ocr'](request.payload);
    case 'denial.fields':
      return jobs['denial.fields'](request.payload);
    default:
      return Promise.reject(new Error(`unknown worker job ${name}`));
  }
}

/** The default runner: the job in the calling thread. */
export const runJobInProcess: RunJob = (request, options) => {
  const signal = options?.signal;
  if (!signal) return runJobHere(request);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    runJobHere(request)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
};
