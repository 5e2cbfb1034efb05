import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { AppealCase } from '../domain/appeal-case.js';

/** What the letter builder needs beyond the case: who signs, and the words for dates and deadlines. */
export interface LetterRequest {
  appeal: AppealCase;
  author: 'patient' | 'care-team';
  /** Deadline lines already worded for the reader. */
  deadlineLines: string[];
}

export interface BuiltLetter {
  fileName: string;
  bytes: Uint8Array;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30) || 'unknown';
}

export function letterFileName(appeal: AppealCase): string {
  const drug = appeal.drug?.id ?? slug(appeal.answers.drugText ?? 'drug');
  const insurer = appeal.insurer?.id ?? slug(appeal.answers.insurerText ?? 'insurer');
  return `appeal-${drug}-${insurer}-${appeal.answers.denialDate}.docx`;
}

export async function buildAppealLetter(request: LetterRequest): Promise<BuiltLetter> {
  const { appeal } = request;
  const drug = appeal.drug ? `${appeal.drug.brand} (${appeal.drug.generic})` : (appeal.answers.drugText ?? '[Drug name]');
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Appeal of a coverage denial', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun({ text: `RE: ${drug}`, bold: true })], alignment: AlignmentType.LEFT }),
          ...request.deadlineLines.map((line) => new Paragraph({ text: line, bullet: { level: 0 } })),
        ],
      },
    ],
  });
  return { fileName: letterFileName(appeal), bytes: new Uint8Array(await Packer.toBuffer(doc)) };
}
