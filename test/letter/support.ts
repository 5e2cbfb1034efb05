import JSZip from 'jszip';
import { renderDocx } from '../../src/flows/appeal/letter/docx.js';
import mammoth from 'mammoth';
import { translator } from '../../src/core/i18n.js';
import { appealCase, type AppealAnswers, type AppealCase } from '../../src/flows/appeal/domain/appeal-case.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import type { LetterDetails } from '../../src/flows/appeal/letter/details.js';
import {
  buildAppealLetter,
  composeLetter,
  letterFileName,
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

/** Every detail a patient can give, as someone fills the form in (addresses on two lines). */
export const everyDetail: LetterDetails = {
  patientName: 'Jordan A. Rivera',
  dateOfBirth: 'May 4, 1984',
  patientAddress: '12 Elm Street, Apt 3\nSpringfield, IL 62704',
  patientPhone: '(217) 555-0142',
  patientEmail: 'jordan@example.org',
  memberId: 'U8812345601',
  groupNumber: '3340021',
  claimNumber: 'PA-2026-0045521',
  policyNumber: 'Coverage Policy 1234, revised January 15, 2026',
  prescriberName: 'Dr. Dana Lee',
  practiceName: 'Lakeside Neurology',
  practiceAddress: '400 Lake Ave, Suite 210\nSpringfield, IL 62701',
  practicePhone: '(217) 555-0190',
  practiceFax: '(217) 555-0191',
  appealsAddress: 'Cigna National Appeals Unit\nPO Box 188011\nChattanooga, TN 37422',
  approvedUse: 1,
  tried: ['Tecfidera (dimethyl fumarate)', 'Kesimpta (ofatumumab)'],
  triedWhen: 'Tecfidera 2019 to 2022, Kesimpta 2022 to 2025',
  triedWhy: 'new lesions on Tecfidera; repeated infections on Kesimpta',
};

export function modelText(
  changes: Partial<AppealAnswers> = {},
  author: LetterAuthor = 'patient',
  details?: LetterDetails,
): string {
  return letterText(composeLetter({ appeal: caseOf(changes), author, t, today: TODAY, details }));
}

export async function letterBytes(
  changes: Partial<AppealAnswers> = {},
  author: LetterAuthor = 'patient',
  details?: LetterDetails,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const appeal = caseOf(changes);
  const bytes = await renderDocx(composeLetter({ appeal, author, t, today: TODAY, details }), TODAY);
  return { fileName: letterFileName(appeal), bytes };
}

export async function letterFiles(
  changes: Partial<AppealAnswers> = {},
  author: LetterAuthor = 'patient',
  details?: LetterDetails,
) {
  return buildAppealLetter({ appeal: caseOf(changes), author, t, today: TODAY, details });
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
