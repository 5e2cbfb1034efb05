import JSZip from 'jszip';
import mammoth from 'mammoth';
import { translator } from '../../src/core/i18n.js';
import { appealCase, type AppealAnswers, type AppealCase } from '../../src/flows/appeal/domain/appeal-case.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import {
  buildAppealLetter,
  composeLetter,
  letterText,
  type LetterAuthor,
} from '../../src/flows/appeal/letter/index.js';

export const TODAY = '2026-04-01';
export const knowledge = loadKnowledge();
export const t = translator('en');

export const seed: AppealAnswers = {
  insurerId: 'cigna',
  drugId: 'ocrevus',
  reasonId: 'medical-necessity',
  planTypeId: 'employer',
  stage: 'first',
  denialDate: '2026-03-03',
  urgent: false,
};

export function caseOf(changes: Partial<AppealAnswers> = {}): AppealCase {
  return appealCase({ ...seed, ...changes }, knowledge, TODAY);
}

export function modelText(changes: Partial<AppealAnswers> = {}, author: LetterAuthor = 'patient'): string {
  return letterText(composeLetter({ appeal: caseOf(changes), author, t, today: TODAY }));
}

export async function letterBytes(
  changes: Partial<AppealAnswers> = {},
  author: LetterAuthor = 'patient',
): Promise<{ fileName: string; bytes: Uint8Array }> {
  return buildAppealLetter({ appeal: caseOf(changes), author, t, today: TODAY });
}

/** The text a .docx reader finds (body, tables, footnotes). */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return value;
}

/** The raw XML parts of the package, by path. */
export async function docxParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
    parts.set(name, await zip.file(name)!.async('string'));
  }
  return parts;
}

/** Words no finished letter may show: placeholders, catalog keys, leaked values. */
export const TEMPLATE_LEFTOVERS = [
  /\{\w*\}/,
  /\[\[|\]\]/,
  /\bletter\.[a-z]/i,
  /\bappeal\.(deadline|summary)\./,
  /undefined|NaN|\[object /,
  /=>/,
];
