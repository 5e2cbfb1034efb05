import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeLetter, letterText } from '../../src/flows/appeal/letter/index.js';
import { MAX_USER_TEXT, userText } from '../../src/flows/appeal/letter/sanitize.js';
import { FORBIDDEN_IN_XML, HOSTILE } from './hostile.js';
import { caseOf, docxParts, docxText, letterBytes, letterFiles, t, TODAY } from './support.js';

const unknownNames = (text: string) => ({ insurerId: undefined, insurerText: text, drugId: undefined, drugText: text });

async function expectValidPackage(bytes: Uint8Array): Promise<string> {
  const parts = await docxParts(bytes);
  for (const [name, xml] of parts) {
    expect(xml, name).not.toMatch(FORBIDDEN_IN_XML);
    expect(xml, name).not.toContain('<![CDATA[');
  }
  // One body, closed once: the user's markup was escaped, not spliced in.
  const doc = parts.get('word/document.xml')!;
  expect(doc.match(/<\/w:body>/g)).toHaveLength(1);
  expect(doc.match(/<\/w:document>/g)).toHaveLength(1);
  return docxText(bytes);
}

describe('hostile names typed by the user', () => {
  it.each(Object.entries(HOSTILE))('%s: still a valid document a reader opens', async (_, text) => {
    for (const author of ['patient', 'care-team'] as const) {
      const { bytes, fileName } = await letterBytes(unknownNames(text), author);
      expect(fileName).toMatch(/^appeal-[a-z0-9-]+-[a-z0-9-]+-2026-03-03\.docx$/);
      const read = await expectValidPackage(bytes);
      expect(read).toContain('Dear ');
      expect(read).toContain(userText(text));
    }
  });

  it('keeps what can be printed: markup as text, right-to-left words, emoji', async () => {
    const xml = await docxText((await letterBytes(unknownNames(HOSTILE.xml!))).bytes);
    expect(xml).toContain(`Acme <w:t>&amp; "Health" 'Plan'</w:t></w:body> & < > </w:document>`);
    const rtl = await docxText((await letterBytes(unknownNames(HOSTILE.rtl!))).bytes);
    expect(rtl).toContain('ביטוח בריאות שלום تأمين صحي');
    const emoji = await docxText((await letterBytes(unknownNames(HOSTILE.emoji!))).bytes);
    expect(emoji).toContain('Acme 💊🩺👩🏽‍⚕️ Health');
  });

  it('drops control characters and direction overrides, and cuts a 10,000-character name', async () => {
    expect(userText(HOSTILE.control)).toBe('Acme Health Plan');
    expect(userText(HOSTILE.bidi)).toBe('Acme evil Health');
    const long = userText(HOSTILE.long);
    expect(Array.from(long).length).toBeLessThanOrEqual(MAX_USER_TEXT + 1);
    expect(long.endsWith('…')).toBe(true);
    const read = await docxText((await letterBytes(unknownNames(HOSTILE.long!))).bytes);
    expect(read).not.toContain('Health Insurance Company '.repeat(10));
  });

  it("never turns the user's brackets or braces into blanks or placeholders", () => {
    const segments = (name: string) => {
      const model = composeLetter({ appeal: caseOf(unknownNames(name)), author: 'patient', t, today: TODAY });
      return model.sections
        .flatMap((s) => s.blocks)
        .flatMap((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? b.content : []));
    };
    const typed = segments(HOSTILE.template!);
    expect(typed.some((s) => s.kind === 'text' && s.text.includes('{insurer} [Member ID] letter.title {{x}}'))).toBe(
      true,
    );
    // As many blanks as with a harmless name: the typed "[Member ID]" is not one of them.
    const blanks = (segs: typeof typed) => segs.filter((s) => s.kind === 'blank').length;
    expect(blanks(typed)).toBe(blanks(segments('Acme')));
  });

  it('an empty or all-invisible name becomes a blank to fill', () => {
    const text = letterText(
      composeLetter({ appeal: caseOf(unknownNames('\u0000\u202E \t')), author: 'patient', t, today: TODAY }),
    );
    expect(text).toContain('[Insurer name, as on the denial letter]');
    expect(text).toContain('[drug name] ([generic name])');
  });

  it('any string at all still packs into a document without forbidden characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        async (insurer, drug) => {
          const { bytes } = await letterBytes({
            insurerId: undefined,
            insurerText: insurer,
            drugId: undefined,
            drugText: drug,
          });
          const parts = await docxParts(bytes);
          for (const xml of parts.values()) expect(xml).not.toMatch(FORBIDDEN_IN_XML);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('any string at all still gives a PDF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 120 }), async (name) => {
        const { pdf } = await letterFiles({ insurerId: undefined, insurerText: name }, 'patient', {
          patientName: name,
        });
        expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      }),
      { numRuns: 6 },
    );
  });
});
