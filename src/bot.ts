import { fixedClock, systemClock, type Clock } from './core/clock.js';
import { parseConversationKey } from './core/conversation.js';
import { Engine } from './core/engine.js';
import { errorName } from './core/errors.js';
import type { ClaimedJob, JobStore } from './core/jobs/job-store.js';
import { Scheduler } from './core/jobs/scheduler.js';
import { resolveLocale, translator, type Translator } from './core/i18n.js';
import { silentLogger, type Logger } from './core/log.js';
import { MemorySessionStore, type SessionStore } from './core/session-store.js';
import type { Organisation } from './core/organisation.js';
import type { ConversationKey, FileReply, Inbound, Reply, TextReply, TurnOutcome } from './core/types.js';
import type { LetterReader } from './flows/appeal/denial/read/index.js';
import type { WorkerPool } from './workers/pool.js';
import { LETTER_LIMITS } from './flows/appeal/denial/read/limits.js';
import { documentOutcome } from './flows/appeal/denial/read/outcome.js';
import { appealFlow } from './flows/appeal/flow.js';
import type { AppealContext } from './flows/appeal/context.js';
import { appealEffectRunner, rebuildAppealFile } from './flows/appeal/effects.js';
import { writeCalendarHere, type CalendarWriter } from './flows/appeal/calendar-file.js';
import { buildLetterFile, LETTER_LOCALE, type LetterBuilder } from './flows/appeal/letter/index.js';
import type { AppealState } from './flows/appeal/state.js';
import { loadKnowledge, localizeKnowledge, type Knowledge } from './flows/appeal/domain/knowledge.js';

export interface BotOptions {
  store?: SessionStore;
  clock?: Clock;
  locale?: string;
  /** Inactivity expiry of a session. */
  ttlSeconds?: number;
  /** How long the letter details (names, member ID…) are kept after the user last gave them. */
  detailsTtlSeconds?: number;
  logger?: Logger;
  knowledge?: Knowledge;
  /** The organisation running the bot, named in the greeting, help, plan and letter notes. */
  organisation?: Organisation;
  /** Builds letters (in turns and on delivery); in process by default, in the worker pool in the server. */
  buildLetter?: LetterBuilder;
  /** Writes calendar files (in turns and on delivery); in process by default, in the worker pool in the server. */
  writeCalendar?: CalendarWriter;
  /** Where reminders wait (the sessions' store). Without it no platform offers push reminders. */
  jobs?: JobStore;
  /** Reminder polling interval (ms); 0 leaves polling to `reminders.tick()` (tests). */
  reminderPollMs?: number;
  /**
   * The worker pool denial letters are read in (the server's shared pool).
   * Without it the bot starts a one-thread pool of its own with the first file.
   */
  pool?: Pick<WorkerPool, 'run' | 'threads'>;
}

/**
 * Sends replies to a conversation on the platform's own initiative (a DM, a
 * proactive message). `meta` is what the adapter kept with the session (e.g.
 * a Teams conversation reference); `locale` is the conversation's language, for
 * the adapter's own words. Throwing means "try again later".
 */
export type PushDelivery = (
  conversation: string,
  replies: Reply[],
  meta: Record<string, unknown>,
  locale: string,
) => Promise<void>;

/** Reminders: who can deliver them, and the scheduler that fires them. */
export interface Reminders {
  /** A platform that can message a user unprompted registers how (by the platform part of the conversation key). */
  deliverVia(platform: string, deliver: PushDelivery): void;
  /** A platform without push shows due reminders when the user comes back. */
  showOnReturn(platform: string): void;
  /** Starts polling for due reminders. */
  start(): void;
  stop(): Promise<void>;
  /** Fires every reminder due now; returns how many ran. */
  tick(): Promise<number>;
}

/** A file a user sent: its declared size (checked before download) and how to fetch its bytes. */
export interface IncomingFile {
  /** Bytes, as the platform reports them; a file over the limit is never downloaded. */
  size?: number;
  mimeType?: string;
  download: () => Promise<Uint8Array>;
}

export interface FileTurn {
  conversation: ConversationKey;
  eventId?: string;
  meta?: Record<string, unknown>;
  /** Posts a message at once ("Reading your letter…", "Reading page 2 of 3…") while the file is read. */
  notify?: (reply: TextReply) => Promise<void> | void;
  /** The platform's language for the user (see Inbound.locale): a new conversation starts in it. */
  locale?: string;
}

export const DEFAULT_TTL_SECONDS = 30 * 24 * 60 * 60;
export const DEFAULT_DETAILS_TTL_SECONDS = 24 * 60 * 60;

/** Identifiers never outlive the session they belong to. */
function detailsTtl(options: { ttlSeconds: number; detailsTtlSeconds?: number | undefined }): number {
  return Math.min(options.detailsTtlSeconds ?? DEFAULT_DETAILS_TTL_SECONDS, options.ttlSeconds);
}

/** The product, assembled: the appeal flow on the engine, ready for any adapter. */
export interface Bot {
  /** One turn: the replies and what else happened (forgotten, new, duplicate). */
  handle(inbound: Inbound): Promise<TurnOutcome>;
  /**
   * A file offered in an earlier turn (its `ref`), made again from the stored
   * answers: any replica can serve it. Null when the conversation no longer has one.
   */
  file(conversation: ConversationKey, ref: string): Promise<FileReply | null>;
  /** Translator for adapter chrome (DM notices, button labels). */
  t: Translator;
  clock: Clock;
  /** Waits for turns in flight (graceful shutdown). */
  idle(): Promise<void>;
  reminders: Reminders;
  /** A platform with a hand-off channel registers here, so "talk to a person" offers to notify the volunteers. */
  handoffFrom(platform: string): void;
  /**
   * A file the user sent (the denial letter): read off the event loop, then handed
   * to the flow as one turn. The bytes and the text are never stored or logged.
   */
  handleFile(turn: FileTurn, file: IncomingFile): Promise<TurnOutcome>;
  /** Stops the letter-reading pool the bot started (a pool passed in is its owner's to close). */
  close(): Promise<void>;
}

/** The flow context a turn sees: today's date from the clock, the knowledge and the words in the conversation's language. */
export function appealContext(options: {
  clock: Clock;
  knowledge: Knowledge;
  /** The language when the turn names none. */
  locale: string;
  ttlSeconds: number;
  organisation?: Organisation;
  detailsTtlSeconds?: number | undefined;
  /** How the conversation's surface can remind (see AppealContext); none when left out. */
  reminders?: (conversation: ConversationKey) => AppealContext['reminders'];
  /** Whether the conversation's surface posts hand-off notices; none when left out. */
  handoff?: (conversation: ConversationKey) => boolean;
}): (inbound?: Pick<Inbound, 'conversation'>, locale?: string) => AppealContext {
  const retentionDays = Math.max(1, Math.round(options.ttlSeconds / 86_400));
  const detailsHours = Math.max(1, Math.round(detailsTtl(options) / 3600));
  const letter = { t: translator(LETTER_LOCALE), knowledge: options.knowledge };
  return (inbound, locale = options.locale) => {
    const today = options.clock.today();
    const reminders = (inbound && options.reminders?.(inbound.conversation)) ?? 'none';
    const handoff = inbound && options.handoff?.(inbound.conversation) ? { handoff: true } : {};
    const organisation = options.organisation ? { organisation: options.organisation } : {};
    const inLocale = (code: string): AppealContext => {
      const t = translator(code);
      return {
        today,
        knowledge: localizeKnowledge(options.knowledge, t.locale),
        t,
        locale: t.locale,
        retentionDays,
        reminders,
        ...handoff,
        ...organisation,
        detailsHours,
        letter,
        inLocale,
      };
    };
    return inLocale(locale);
  };
}

export function createBot(options: BotOptions = {}): Bot {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const clock = options.clock ?? systemClock();
  const knowledge = options.knowledge ?? loadKnowledge();
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const logger = options.logger ?? silentLogger;
  const pushers = new Map<string, PushDelivery>();
  const onReturn = new Set<string>();
  const reminders = (conversation: ConversationKey): AppealContext['reminders'] => {
    const platform = parseConversationKey(conversation)?.platform ?? '';
    if (options.jobs && pushers.has(platform)) return 'push';
    return onReturn.has(platform) ? 'on-return' : 'none';
  };
  const handoffPlatforms = new Set<string>();
  const handoff = (conversation: ConversationKey): boolean =>
    handoffPlatforms.has(parseConversationKey(conversation)?.platform ?? '');
  const buildLetter = options.buildLetter ?? buildLetterFile;
  const writeCalendar = options.writeCalendar ?? writeCalendarHere;
  const engine = new Engine<AppealState, AppealContext>({
    store: options.store ?? new MemorySessionStore(),
    flow: appealFlow,
    context: appealContext({
      clock,
      knowledge,
      locale,
      ttlSeconds,
      detailsTtlSeconds: options.detailsTtlSeconds,
      reminders,
      handoff,
      ...(options.organisation ? { organisation: options.organisation } : {}),
    }),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    runEffect: appealEffectRunner(buildLetter, writeCalendar),
    ttlSeconds,
    privateTtlSeconds: detailsTtl({ ttlSeconds, detailsTtlSeconds: options.detailsTtlSeconds }),
    logger,
  });
  /** One reminder: the flow says what it is from the session; the platform delivers it. */
  const fire = async (job: ClaimedJob): Promise<void> => {
    const deliver = pushers.get(parseConversationKey(job.conversation)?.platform ?? '');
    if (!deliver) {
      logger.warn({ code: 'job_no_platform' }, 'reminder for a platform that is not running here; dropped');
      return;
    }
    const due = await engine.handle({ conversation: job.conversation, input: { kind: 'due', job: job.id } });
    if (due.replies.length === 0) return;
    await deliver(job.conversation, due.replies, (await engine.saved(job.conversation))?.meta ?? {}, due.locale);
  };
  const scheduler = options.jobs
    ? new Scheduler({
        jobs: options.jobs,
        run: fire,
        now: () => clock.now().getTime(),
        logger,
        pollMs: options.reminderPollMs ?? 60_000,
      })
    : null;
  let reader: Promise<LetterReader> | undefined;
  let ownPool: WorkerPool | undefined;
  // Loaded with the first file: pdf.js, sharp and Tesseract stay out of start-up.
  const startReader = async (): Promise<LetterReader> => {
    let pool = options.pool;
    if (!pool) {
      ownPool = (await import('./workers/pool.js')).createWorkerPool({ threads: 1 });
      // A new thread loads pdf.js and the knowledge before the first letter's time limits start.
      await ownPool.warm(['denial.warm']);
      pool = ownPool;
    }
    return (await import('./flows/appeal/denial/read/index.js')).letterReader({
      runJob: pool.run,
      today: () => clock.today(),
      // One thread is kept for the letters being built, when there are two or more.
      concurrency: Math.max(1, pool.threads - 1),
    });
  };
  const letters = () => {
    reader ??= startReader();
    return reader;
  };
  /** What the file says, or why it cannot be read; the bytes are dropped as soon as they are read. */
  async function readFile(file: IncomingFile, t: Translator, notify: (text: string) => Promise<void>) {
    if (file.size !== undefined && file.size > LETTER_LIMITS.maxBytes)
      return documentOutcome({ ok: false, problem: 'too-big' }, file.size);
    await notify(t('reading.reading'));
    const bytes = await file.download().catch(() => null);
    if (!bytes) return documentOutcome({ ok: false, problem: 'download-failed' });
    const progress: Array<Promise<void>> = [];
    const read = await (await letters()).read(bytes, file.mimeType, ({ page, pages }) => {
      if (pages > 1) progress.push(notify(t('reading.progress', { page, pages })));
    });
    await Promise.all(progress);
    return documentOutcome(read, bytes.length);
  }
  async function handleFile(turn: FileTurn, file: IncomingFile): Promise<TurnOutcome> {
    // "Reading your letter…" is said before the turn: in the conversation's language, else the platform's.
    const saved = await engine.saved(turn.conversation);
    const words = translator(saved?.ctx.locale ?? resolveLocale(turn.locale));
    const outcome = await readFile(file, words, async (text) => {
      await turn.notify?.({ kind: 'text', text, tone: 'info' });
    });
    return engine.handle({
      conversation: turn.conversation,
      ...(turn.locale ? { locale: turn.locale } : {}),
      ...(turn.eventId ? { eventId: turn.eventId } : {}),
      ...(turn.meta ? { meta: turn.meta } : {}),
      input: { kind: 'document', outcome },
    });
  }
  return {
    handleFile,
    close: async () => {
      await ownPool?.close();
    },
    handle: (inbound) => engine.handle(inbound),
    file: async (conversation, ref) => {
      try {
        const saved = await engine.saved(conversation);
        return saved ? await rebuildAppealFile(ref, saved.state, saved.ctx, buildLetter, writeCalendar) : null;
      } catch (error) {
        logger.error({ code: 'letter_failed', err: errorName(error) }, 'could not rebuild a file');
        return null;
      }
    },
    t,
    clock,
    idle: () => engine.idle(),
    reminders: {
      deliverVia: (platform, deliver) => void pushers.set(platform, deliver),
      showOnReturn: (platform) => void onReturn.add(platform),
      start: () => scheduler?.start(),
      stop: async () => scheduler?.stop(),
      tick: async () => (scheduler ? scheduler.tick() : 0),
    },
    handoffFrom: (platform) => void handoffPlatforms.add(platform),
  };
}

export { fixedClock };
