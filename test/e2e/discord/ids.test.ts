import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/core/types.js';
import {
  choiceId,
  commandId,
  modalId,
  parseCustomId,
  selectId,
  typeButtonId,
} from '../../../src/adapters/discord/ids.js';

const idPart = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/);

describe('component custom ids', () => {
  it('round-trip a step and a choice id', () => {
    fc.assert(
      fc.property(idPart, idPart, (step, choice) => {
        expect(parseCustomId(choiceId(step, choice))).toEqual({
          kind: 'input',
          input: { kind: 'choice', step, choice },
        });
        expect(parseCustomId(selectId(step), [choice])).toEqual({
          kind: 'input',
          input: { kind: 'choice', step, choice },
        });
        expect(parseCustomId(typeButtonId(step, 'date'))).toEqual({ kind: 'open-modal', step, answer: 'date' });
        expect(parseCustomId(modalId(step, 'text'))).toEqual({ kind: 'modal', step, answer: 'text' });
      }),
    );
  });

  it('round-trip every command', () => {
    for (const command of COMMANDS)
      expect(parseCustomId(commandId(command))).toEqual({ kind: 'input', input: { kind: 'command', command } });
  });

  it('keep a choice id that itself contains a colon', () => {
    expect(parseCustomId('c:plan:a:b')).toEqual({
      kind: 'input',
      input: { kind: 'choice', step: 'plan', choice: 'a:b' },
    });
  });

  it('read unknown or damaged ids as nothing', () => {
    for (const id of ['', 'x:1', 'c:step', 'c:step:', 's:step', 'cmd:explode', 't:step', 't:step:colour', 'm:step:'])
      expect(parseCustomId(id)).toBeNull();
  });

  it('refuse an id Discord would reject (over 100 characters)', () => {
    expect(() => choiceId('step', 'x'.repeat(100))).toThrow(RangeError);
  });
});
