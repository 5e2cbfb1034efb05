import { fixedClock, systemClock, type Clock } from './core/clock.js';
import { Engine } from './core/engine.js';
import { translator, type Translator } from './core/i18n.js';
import { silentLogger, type Logger } from './core/log.js';
import { MemorySessionStore, type SessionStore } from './core/session-store.js';
import type { Inbound, Reply, TextReply } from './core/types.js';
import { letterReader, LETTER_LIMITS, type LetterReader } from './flows/appeal/denial/read/index.js';
import { documentOutcome } from './flows/appeal/denial/read/outcome.js';
import { appealFlow } from './flows/appeal/flow.js';
import type { AppealContext } from './flows/appeal/context.js';
import { runAppealEffect } from './flows/appeal/effects.js';
import type { AppealState } from './flows/appeal/state.js';
import { loadKnowledge, type Knowledge } from './flows/appeal/domain/knowledge.js';

export interface BotOptions {
  store?: SessionStore;
  clock?: Clock;
  locale?: string;
  /** Inactivity expiry of a session. */
  ttlSeconds?: number;
  logger?: Logger;
  knowledge?: Knowledge;
  /** Called after "forget me" (adapters drop letters and caches they keep). */
  onForget?: (conversation: string) => Promise<void> | void;
  /** Reads denial letters (default: PDF text and OCR in threads of their own). */
  letterReader?: LetterReader;
}

/** A file a user sent: its declared size (checked before download) and how to fetch its bytes. */
export interface IncomingFile {
  /** Bytes, as the platform reports them; a file over the limit is never downloaded. */
  size?: number;
  mimeType?: string;
  download: () => Promise<Uint8Array>;
}

export interface FileTurn {
  conversation: string;
  eventId?: string;
  meta?: Record<string, unknown>;
  /** Posts a message at once ("Reading your letter…", "Reading page 2 of 3…") while the file is read. */
  notify?: (reply: TextReply) => Promise<void> | void;
}

export const DEFAULT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The product, assembled: the appeal flow on the engine, ready for any adapter. */
export interface Bot {
  handle(inbound: Inbound): Promise<Reply[]>;
  /** Translator for adapter chrome (DM notices, button labels). */
  t: Translator;
  clock: Clock;
  knowledge: Knowledge;
  engine: Engine<AppealState, AppealContext>;
  /** Registers another "forget me" listener (e.g. an adapter's letter cache). */
  onForget(listener: (conversation: string) => Promise<void> | void): void;
  /** Waits for turns in flight (graceful shutdown). */
  idle(): Promise<void>;
  /**
   * A file the user sent (the denial letter): read off the event loop, then handed
   * to the flow as one turn. The bytes and the text are never stored or logged.
   */
  handleFile(turn: FileTurn, file: IncomingFile): Promise<Reply[]>;
  /** Stops the letter-reading threads. */
  close(): Promise<void>;
}

export function createBot(options: BotOptions = {}): Bot {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const clock = options.clock ?? systemClock();
  const knowledge = options.knowledge ?? loadKnowledge();
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const retentionDays = Math.max(1, Math.round(ttlSeconds / 86_400));
  const forgetListeners: Array<(conversation: string) => Promise<void> | void> = [];
  if (options.onForget) forgetListeners.push(options.onForget);
  const engine = new Engine<AppealState, AppealContext>({
    store: options.store ?? new MemorySessionStore(),
    flow: appealFlow,
    context: () => ({ today: clock.today(), knowledge, t, locale, retentionDays }),
    runEffect: runAppealEffect,
    ttlSeconds,
    t,
    logger: options.logger ?? silentLogger,
    onForget: async (conversation) => {
      for (const listener of forgetListeners) await listener(conversation);
    },
  });
  let reader = options.letterReader;
  const letters = () => {
    reader ??= letterReader({ knowledge, today: () => clock.today() });
    return reader;
  };
  /** What the file says, or why it cannot be read; the bytes are dropped as soon as they are read. */
  async function readFile(file: IncomingFile, notify: (text: string) => Promise<void>) {
    if (file.size !== undefined && file.size > LETTER_LIMITS.maxBytes)
      return documentOutcome({ ok: false, problem: 'too-big' }, file.size);
    await notify(t('reading.reading'));
    const bytes = await file.download().catch(() => null);
    if (!bytes) return documentOutcome({ ok: false, problem: 'download-failed' });
    const progress: Array<Promise<void>> = [];
    const read = await letters().read(bytes, file.mimeType, ({ page, pages }) => {
      if (pages > 1) progress.push(notify(t('reading.progress', { page, pages })));
    });
    await Promise.all(progress);
    return documentOutcome(read, bytes.length);
  }
  async function handleFile(turn: FileTurn, file: IncomingFile): Promise<Reply[]> {
    const outcome = await readFile(file, async (text) => {
      await turn.notify?.({ kind: 'text', text, tone: 'info' });
    });
    return engine.handle({
      conversation: turn.conversation,
      ...(turn.eventId ? { eventId: turn.eventId } : {}),
      ...(turn.meta ? { meta: turn.meta } : {}),
      input: { kind: 'document', outcome },
    });
  }
  return {
    handleFile,
    close: async () => {
      await reader?.close();
    },
    handle: (inbound) => engine.handle(inbound),
    t,
    clock,
    knowledge,
    engine,
    onForget: (listener) => forgetListeners.push(listener),
    idle: () => engine.idle(),
  };
}

export { fixedClock };
