import { readFile, stat } from 'node:fs/promises';
import type { Translator } from '../../core/i18n.js';
import type { LetterRead } from '../../flows/appeal/denial/read/index.js';
import { LETTER_LIMITS } from '../../flows/appeal/denial/read/limits.js';
import { DENIAL_FIELDS } from '../../flows/appeal/denial/types.js';

/** Reads a denial letter from a file on disk (`overturn read-denial`, `overturn draft --denial-letter`, the chat). */
export async function readLetterFile(
  path: string,
  today: string,
  onProgress?: (page: number, pages: number) => void,
): Promise<LetterRead> {
  const size = (await stat(path)).size;
  if (size > LETTER_LIMITS.maxBytes) return { ok: false, problem: 'too-big' };
  // Loaded only here: the other commands start without pdf.js, sharp and Tesseract.
  const { letterReader } = await import('../../flows/appeal/denial/read/index.js');
  const { createWorkerPool } = await import('../../workers/pool.js');
  // A thread of its own, as in the server: the time limits can stop a file that never ends.
  const pool = createWorkerPool({ threads: 1 });
  const reader = letterReader({ runJob: pool.run, today: () => today });
  try {
    // Loading pdf.js and the knowledge in a new thread takes seconds on a busy machine: not the letter's time.
    await pool.warm(['denial.warm']);
    return await reader.read(new Uint8Array(await readFile(path)), undefined, (p) => onProgress?.(p.page, p.pages));
  } finally {
    await pool.close();
  }
}

/** The words for a problem, with the limits filled in. */
export function problemText(t: Translator, read: Extract<LetterRead, { ok: false }>, size?: number): string {
  return t(`reading.problem.${read.problem}`, {
    size: size === undefined ? '?' : (size / 1024 / 1024).toFixed(1),
    limit: Math.round(LETTER_LIMITS.maxBytes / 1024 / 1024),
    megapixels: Math.round(LETTER_LIMITS.maxPixels / 1_000_000),
  });
}

/** The `read-denial --json` object: every field found, with its confidence and source line. */
export function readingJson(read: Extract<LetterRead, { ok: true }>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of DENIAL_FIELDS) {
    const f = read.reading.fields[name];
    fields[name] = f
      ? { value: f.value, ...(f.id ? { id: f.id } : {}), confidence: f.confidence, source: f.source }
      : null;
  }
  return {
    method: read.method,
    pagesRead: read.pagesRead,
    totalPages: read.totalPages,
    fields,
    ...(read.reading.drugChoices ? { drugChoices: read.reading.drugChoices } : {}),
  };
}

/** The same, as lines for a person. */
export function readingText(t: Translator, read: Extract<LetterRead, { ok: true }>): string {
  const lines = DENIAL_FIELDS.flatMap((name) => {
    const f = read.reading.fields[name];
    if (!f) return [];
    const value = name === 'stage' ? t(`reading.stage.${f.value}`) : f.value;
    return [`${t(`reading.labels.${name}`)}: ${value}  (${Math.round(f.confidence * 100)}%; “${f.source}”)`];
  });
  return lines.join('\n');
}
