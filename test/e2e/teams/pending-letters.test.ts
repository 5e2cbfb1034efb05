import { describe, expect, it } from 'vitest';
import { PendingLetters } from '../../../src/adapters/teams/pending-letters.js';
import type { FileReply } from '../../../src/core/types.js';

const letter: FileReply = {
  kind: 'file',
  fileName: 'appeal-letter.docx',
  mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  bytes: new Uint8Array([1, 2, 3]),
  caption: 'Your appeal letter',
};

describe('PendingLetters', () => {
  it('gives an opaque id that finds the letter only in its own conversation', () => {
    const letters = new PendingLetters(60, () => 0);
    const id = letters.put('teams:t:alice', letter);
    expect(id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(id).not.toContain('appeal');
    expect(letters.get(id, 'teams:t:alice')?.file.bytes).toEqual(letter.bytes);
    expect(letters.get(id, 'teams:t:mallory')).toBeUndefined();
    letters.delete(id, 'teams:t:mallory');
    expect(letters.get(id, 'teams:t:alice')).toBeDefined();
  });

  it('forgets a letter once it expires', () => {
    let now = 0;
    const letters = new PendingLetters(60, () => now);
    const id = letters.put('teams:t:alice', letter);
    now = 59_999;
    expect(letters.get(id, 'teams:t:alice')).toBeDefined();
    now = 60_000;
    expect(letters.get(id, 'teams:t:alice')).toBeUndefined();
    expect(letters.size).toBe(0);
  });

  it('"forget me" drops every letter of that conversation and no other', () => {
    const letters = new PendingLetters(60, () => 0);
    const first = letters.put('teams:t:alice', letter);
    const second = letters.put('teams:t:alice', letter);
    const other = letters.put('teams:t:bob', letter);
    letters.forget('teams:t:alice');
    expect(letters.get(first, 'teams:t:alice')).toBeUndefined();
    expect(letters.get(second, 'teams:t:alice')).toBeUndefined();
    expect(letters.get(other, 'teams:t:bob')).toBeDefined();
  });
});
