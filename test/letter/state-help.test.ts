import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { FileReply } from '../../src/core/types.js';
import { appealHelp } from '../../src/flows/appeal/domain/where-to-get-help.js';
import { composeLetter, letterText } from '../../src/flows/appeal/letter/index.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';
import { caseOf, knowledge, t, TEMPLATE_LEFTOVERS, TODAY } from './support.js';

function notesPage(stateCode: string | undefined, plan = 'employer'): string {
  const appeal = caseOf({ planTypeId: plan });
  const stateHelp = appealHelp(appeal, stateCode, knowledge).state;
  const text = letterText(
    composeLetter({ appeal, author: 'patient', t, today: TODAY, ...(stateHelp ? { stateHelp } : {}) }),
  );
  return text.slice(text.indexOf('Before you send this letter'));
}

describe("the notes page says who can help in the user's state", () => {
  it('with a state: its consumer assistance program, insurance department and external review', () => {
    const notes = notesPage('NY');
    expect(notes).toMatch(/Help in New York/);
    expect(notes).toMatch(/Free help with health insurance appeals: Community Health Advocates.*888-614-5400/);
    expect(notes).toMatch(/Department of Financial Services, 800-342-3736/);
    expect(notes).toMatch(/New York runs its own external review/);
    for (const leftover of TEMPLATE_LEFTOVERS) expect(notes).not.toMatch(leftover);
  });

  it('a Medicaid plan gets the fair hearing office, not the insurance department', () => {
    const notes = notesPage('OH', 'medicaid');
    expect(notes).toMatch(
      /Medicaid fair hearings in Ohio: Ohio Department of Job and Family Services, Bureau of State Hearings, 866-635-3748/,
    );
    expect(notes).not.toMatch(/Ohio Department of Insurance/);
  });

  it('without a state: where anyone can look, and how to see their own state there', () => {
    const notes = notesPage(undefined);
    expect(notes).toMatch(/Help in your state/);
    expect(notes).toMatch(/content\.naic\.org\/state-insurance-departments/);
    expect(notes).toMatch(/--state/);
  });

  it('the letter from the chat carries the state the user gave', async () => {
    const c = new Conversation();
    await typeScenario(c, SEED_ANSWERS);
    await c.send('state OH');
    await c.choose('Me (patient or representative)');
    // The details form comes first; skipping it still gives the letter with its notes page.
    const turn = await c.choose('Skip');
    const letter = turn.find((r): r is FileReply => r.kind === 'file' && r.fileName.endsWith('.docx'));
    expect(letter).toBeDefined();
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(letter!.bytes) })).value;
    expect(text).toMatch(/Help in Ohio/);
    expect(text).toMatch(/Ohio Department of Insurance, Consumer Services Division, 800-686-1526/);

    // The PDF beside it is built from the same model, so it says the same (when pdftotext is here to read it).
    const pdf = turn.find((r): r is FileReply => r.kind === 'file' && r.fileName.endsWith('.pdf'));
    expect(pdf).toBeDefined();
    if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status !== 0) return;
    const dir = mkdtempSync(join(tmpdir(), 'overturn-state-help-'));
    try {
      const file = join(dir, 'letter.pdf');
      writeFileSync(file, pdf!.bytes);
      const read = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(read.status, read.stderr).toBe(0);
      const pdfText = read.stdout.replace(/\s+/g, ' ');
      expect(pdfText).toMatch(/Help in Ohio/);
      expect(pdfText).toMatch(/800-686-1526/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
