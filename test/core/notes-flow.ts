import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { Engine, type EngineOptions } from '../../src/core/engine.js';
import type { Flow, StepResult } from '../../src/core/flow.js';
import type { SessionStore } from '../../src/core/session-store.js';
import type { Reply, TurnOutcome, TextReply, UserInput } from '../../src/core/types.js';

/**
 * A tiny flow for engine tests: every text is a note appended to a list, and
 * each reply is `#n:text`, so a test can tell which state produced which reply.
 * State v2 is `{ v: 2, notes }`; v1 was `{ v: 1, items }` and is migrated.
 */
export interface NotesState {
  v: 2;
  notes: string[];
}

const v2 = z.object({ v: z.literal(2), notes: z.array(z.string()) });
const v1 = z.object({ v: z.literal(1), items: z.array(z.string()) });

function say(text: string): TextReply {
  return { kind: 'text', text };
}

function advance(state: NotesState, input: UserInput): StepResult<NotesState> {
  if (input.kind === 'start') return { state, replies: [say(`at ${state.notes.length}`)], effects: [] };
  if (
    (input.kind === 'text' && input.text === 'forget me') ||
    (input.kind === 'command' && input.command === 'forget')
  ) {
    return {
      state: { v: 2, notes: [] },
      replies: [say('Forgotten: I deleted everything.')],
      effects: [{ type: 'forget' }],
    };
  }
  if (input.kind === 'text' && input.text.startsWith('boom')) throw new Error(`flow bug while handling ${input.text}`);
  if (input.kind === 'text' && input.text === 'letter')
    return { state, replies: [say('building')], effects: [{ type: 'build-letter' }] };
  const note = input.kind === 'text' ? input.text : input.kind === 'choice' ? input.choice : input.kind;
  const notes = [...state.notes, note];
  return { state: { v: 2, notes }, replies: [say(`#${notes.length}:${note}`)], effects: [] };
}

export const notesFlow: Flow<NotesState, null> = {
  id: 'notes',
  version: 2,
  initial: () => ({ v: 2, notes: [] }),
  load(raw) {
    const current = v2.safeParse(raw);
    if (current.success) return current.data;
    const old = v1.safeParse(raw);
    return old.success ? { v: 2, notes: old.data.items } : null;
  },
  start: (state, input) => advance(state, input),
  advance: (state, input) => advance(state, input),
};

export function notesEngine(
  store: SessionStore,
  options: Partial<EngineOptions<NotesState, null>> = {},
): Engine<NotesState, null> {
  return new Engine<NotesState, null>({
    store,
    flow: notesFlow,
    context: () => null,
    ttlSeconds: 3600,
    ...options,
  });
}

export function text(conversation: string, words: string, eventId?: string) {
  return { conversation, input: { kind: 'text' as const, text: words }, ...(eventId ? { eventId } : {}) };
}

export function textsOf(result: Reply[] | TurnOutcome): string[] {
  const replies = Array.isArray(result) ? result : result.replies;
  return replies.map((r) => (r.kind === 'text' ? r.text : r.kind));
}

/** A pino logger whose output the test can read, to prove what is (not) logged. */
export function capturedLogger(): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => chunks.join('') };
}
