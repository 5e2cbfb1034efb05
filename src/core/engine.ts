import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { errorName, isOverturnError, OverturnError } from './errors.js';
import { isRecord } from './json.js';
import type { EffectRunner, Flow, StepResult } from './flow.js';
import { resolveLocale, translator, type Translator } from './i18n.js';
import type { JobStore } from './jobs/job-store.js';
import { silentLogger, type Logger } from './log.js';
import { OrderedQueue } from './ordered.js';
import { UnreadableSessionError, type SessionRecord, type SessionStore } from './session-store.js';
import type { Handoff, Inbound, Reply, TurnOutcome, UserInput } from './types.js';

/** How many delivery ids a session remembers to drop duplicates. */
const SEEN_EVENTS_KEPT = 50;
/** Inputs kept per conversation while the store is down, replayed once it is back. */
const PENDING_INPUTS_KEPT = 20;
/** A kept input older than this is dropped rather than applied out of the blue. */
const PENDING_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Conversations whose inputs are kept during an outage; past this the least recently kept go first. */
export const PENDING_CONVERSATIONS_KEPT = 10_000;
const MAX_WRITE_ATTEMPTS = 8;

const sessionEnvelope = z.object({
  flow: z.string(),
  state: z.unknown(),
  /** Ids of the turns applied lately: platform delivery ids, or ids the engine gave inputs without one. */
  seen: z.array(z.string()).default([]),
  meta: z.record(z.string(), z.unknown()).default({}),
  /** When the session was last written (ms), to tell whether a kept input is still current. */
  at: z.number().default(0),
  /** The last button or date answer applied: the same one again straight after is a double click. */
  lastAnswer: z.string().optional(),
});
type SessionEnvelope = z.infer<typeof sessionEnvelope>;

export interface EngineOptions<S, C> {
  store: SessionStore;
  flow: Flow<S, C>;
  /**
   * Builds the flow context for one turn (today's date, knowledge, translator) in
   * `locale`: the session's own language, or for a new one the platform's hint.
   */
  context: (inbound: Inbound, locale: string) => C;
  /** Runs effects such as building the letter, after the state is saved. */
  runEffect?: EffectRunner<S, C>;
  ttlSeconds: number;
  /** Expiry of the flow's private field, counted from when it last changed (default: `ttlSeconds`). */
  privateTtlSeconds?: number;
  logger?: Logger;
  /** Milliseconds since the epoch; stamps writes and kept inputs. */
  now?: () => number;
  /** Where `schedule` effects go (reminders); without it they are ignored. */
  jobs?: JobStore;
}

/** One input on its way through the engine. */
interface TurnInput {
  inbound: Inbound;
  /** Its delivery id, or one the engine made up; several when the user re-sent an input we kept. */
  ids: string[];
  receivedAt: number;
}

type Outcome =
  | {
      kind: 'done';
      replies: Reply[];
      version: number | null;
      isNew: boolean;
      duplicate: boolean;
      forgotten: boolean;
      locale: string;
      handoff?: Handoff;
    }
  /** A kept input that another replica has overtaken: dropped. */
  | { kind: 'stale' }
  | { kind: 'store-down' };

interface Loaded<S> {
  record: SessionRecord | null;
  envelope?: SessionEnvelope;
  state?: S;
  unreadable: boolean;
  /** The flow's private field as stored (its JSON and the record's version), when the flow has one. */
  private?: { json: string | undefined; version: number | null };
}

/** Where a conversation's private field lives: beside the session, under a key no platform key can end with. */
export function privateKey(conversation: string): string {
  return `${conversation}#private`;
}

/**
 * Runs one turn per inbound message: load the session, drop duplicate
 * deliveries, advance the flow, save with a version check, run effects.
 *
 * Turns of one conversation run one at a time in this process; across
 * processes the version check makes a losing writer re-read and re-apply,
 * so no answer is lost and each reply matches the state it produced.
 * When the store fails, the input is kept in memory and applied first on
 * the conversation's next turn, unless the conversation has moved on since.
 */
export class Engine<S, C> {
  private readonly queue = new OrderedQueue();
  private readonly pending = new LRUCache<string, TurnInput[]>({
    max: PENDING_CONVERSATIONS_KEPT,
    ttl: PENDING_MAX_AGE_MS,
  });
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions<S, C>) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    // "Forget me" through another process: inputs kept here for that conversation must not come back.
    options.store.onRemoteDelete?.((key) => this.pending.delete(key));
  }

  /** Handles one inbound message and returns the turn's outcome. Never throws for user input. */
  handle(inbound: Inbound): Promise<TurnOutcome> {
    return this.queue.run(inbound.conversation, () => this.turnWithReplay(inbound));
  }

  /** How many conversations have inputs kept until the store is back (bounded by PENDING_CONVERSATIONS_KEPT). */
  get keptConversations(): number {
    return this.pending.size;
  }

  /** Resolves when every turn in flight has finished (graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * The conversation's saved state and the flow context for it, to rebuild
   * something from the stored answers; null when there is no readable session.
   */
  async saved(conversation: string): Promise<{ state: S; ctx: C; meta: Record<string, unknown> } | null> {
    const loaded = await this.load(conversation);
    if (loaded === 'store-down' || !loaded.state) return null;
    const inbound: Inbound = { conversation, input: { kind: 'start' } };
    return {
      state: loaded.state,
      ctx: this.options.context(inbound, this.localeOf(loaded.state, inbound)),
      meta: loaded.envelope?.meta ?? {},
    };
  }

  private async turnWithReplay(inbound: Inbound): Promise<TurnOutcome> {
    if (inbound.input.kind === 'due') return this.dueTurn(inbound);
    const key = inbound.conversation;
    const current: TurnInput = { inbound, ids: [inbound.eventId ?? `turn:${randomUUID()}`], receivedAt: this.now() };
    let queued = (this.pending.get(key) ?? []).filter(
      (item) => current.receivedAt - item.receivedAt < PENDING_MAX_AGE_MS,
    );
    this.pending.delete(key);
    const last = queued.at(-1);
    if (last && sameInput(last.inbound.input, inbound.input)) {
      // The user sending again the answer we kept is one answer, not two.
      current.ids = [...last.ids, ...current.ids];
      queued = queued.slice(0, -1);
    }

    const replies: Reply[] = [];
    // The session (and so its language) cannot be read: the platform's hint says which words to use.
    const hinted = resolveLocale(inbound.locale);
    const storeDown = (): TurnOutcome => ({
      replies: [...replies, this.storeDownReply(hinted)],
      forgotten: false,
      isNew: false,
      duplicate: false,
      locale: hinted,
    });
    let ownVersion: number | null = null;
    let locale = hinted;
    for (const [index, item] of queued.entries()) {
      const outcome = await this.turn(item, { ownVersion });
      if (outcome.kind === 'store-down') {
        this.keep(key, [...queued.slice(index), current]);
        return storeDown();
      }
      if (outcome.kind === 'done') {
        replies.push(...outcome.replies);
        ownVersion = outcome.version ?? ownVersion;
        locale = outcome.locale;
      }
    }
    const outcome = await this.turn(current, null);
    if (outcome.kind === 'store-down') {
      this.keep(key, [current]);
      return storeDown();
    }
    if (outcome.kind === 'stale') return { replies, forgotten: false, isNew: false, duplicate: false, locale };
    return {
      replies: [...replies, ...outcome.replies],
      forgotten: outcome.forgotten,
      isNew: outcome.isNew,
      duplicate: outcome.duplicate && replies.length === 0,
      locale: outcome.locale,
      ...(outcome.handoff ? { handoff: outcome.handoff } : {}),
    };
  }

  /**
   * A scheduled job: no kept user inputs are replayed into it and it is never
   * kept itself. A store outage throws, so the scheduler retries it later
   * instead of sending the user a "try again".
   */
  private async dueTurn(inbound: Inbound): Promise<TurnOutcome> {
    const outcome = await this.turn({ inbound, ids: [`due:${randomUUID()}`], receivedAt: this.now() }, null);
    if (outcome.kind === 'store-down') throw new OverturnError('store_unavailable', 'session store unavailable');
    const replies = outcome.kind === 'done' ? outcome.replies : [];
    const locale = outcome.kind === 'done' ? outcome.locale : resolveLocale(inbound.locale);
    return { replies, forgotten: false, isNew: false, duplicate: false, locale };
  }

  private keep(key: string, items: TurnInput[]): void {
    const kept = items.filter((item) => item.inbound.input.kind !== 'start').slice(-PENDING_INPUTS_KEPT);
    if (kept.length > 0) this.pending.set(key, kept);
    this.logger.info({ code: 'input_kept', kept: kept.length }, 'input kept until the store is back');
  }

  private storeDownReply(locale: string): Reply {
    return { kind: 'text', tone: 'error', text: translator(locale)('core.storeDown') };
  }

  /** The session's language when the flow keeps one, else the platform's hint (a new or unreadable session). */
  private localeOf(state: S | undefined, inbound: Inbound): string {
    const own = state && this.options.flow.locale?.(state);
    return resolveLocale(own || inbound.locale);
  }

  /**
   * One attempt-loop for one input. `replay` is set for a kept input: it
   * carries the version this process wrote last, so our own replays are not
   * mistaken for another replica moving the conversation on.
   */
  private async turn(item: TurnInput, replay: { ownVersion: number | null } | null): Promise<Outcome> {
    const { store, flow } = this.options;
    const { inbound } = item;
    const key = inbound.conversation;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      const loaded = await this.load(key);
      if (loaded === 'store-down') return { kind: 'store-down' };
      const isNew = loaded.record === null;
      const locale = this.localeOf(loaded.state, inbound);
      const done = (
        replies: Reply[],
        more: { version?: number; duplicate?: boolean; forgotten?: boolean; locale?: string; handoff?: Handoff } = {},
      ): Outcome => ({
        kind: 'done',
        replies,
        version: null,
        isNew,
        duplicate: false,
        forgotten: false,
        locale,
        ...more,
      });
      if (inbound.onlyIfNew && !isNew) return done([]);
      const ctx = this.options.context(inbound, locale);
      const t = translator(locale);

      // A job that comes due after "forget me" or the session's expiry has nobody to speak to.
      if (inbound.input.kind === 'due' && (!loaded.state || loaded.unreadable)) return done([]);

      const seen = loaded.envelope?.seen ?? [];
      if (item.ids.some((id) => seen.includes(id))) {
        const again = this.alreadyApplied(item, loaded, ctx, replay !== null);
        return done(again, { duplicate: again.length === 0 });
      }
      const answer = answerKey(inbound.input);
      if (answer !== undefined && loaded.envelope?.lastAnswer === answer) {
        // A second click on a button just answered: the first click already said everything.
        this.logger.debug({ event: 'repeated_answer' }, 'same answer again; nothing new to say');
        return done([], { duplicate: true });
      }

      const greetingOnly = inbound.lazySession === true && !loaded.record && inbound.input.kind === 'start';
      const result = this.step(loaded, inbound.input, ctx, inbound.lazySession === true);
      if (!result) return done([textReply(t, 'error', 'core.internalError')]);
      const forgets = result.effects.some((e) => e.type === 'forget');
      if (replay && !forgets && this.overtaken(item, loaded, replay.ownVersion)) {
        this.logger.info({ code: 'kept_input_dropped' }, 'kept input dropped: the conversation moved on elsewhere');
        return { kind: 'stale' };
      }
      const notices = loaded.unreadable ? [textReply(t, 'warning', 'core.sessionUnreadable')] : [];
      // The turn may have switched the conversation's language: what follows speaks the new one.
      const after = this.localeOf(result.state, inbound);

      if (forgets) {
        const forgotten = await this.forget(key);
        return done([...notices, ...(forgotten ? result.replies : [textReply(t, 'error', 'core.forgetFailed')])], {
          forgotten,
        });
      }
      if (greetingOnly) return done(result.replies, { locale: after });

      const { shared, hidden } = this.split(result.state);
      const envelope: SessionEnvelope = {
        flow: flow.id,
        state: shared,
        seen: [...seen, ...item.ids].slice(-SEEN_EVENTS_KEPT),
        meta: { ...(loaded.envelope?.meta ?? {}), ...(inbound.meta ?? {}) },
        at: this.now(),
        // Only an answer that moved the conversation on: a refused one may be tried again and hear why again.
        ...(answer !== undefined && changed(loaded.state, result.state) ? { lastAnswer: answer } : {}),
      };
      let written: number | null;
      try {
        written = await store.put(key, envelope, loaded.record?.version ?? null, this.ttlFor(result.state));
      } catch (error) {
        this.logger.warn({ code: 'store_unavailable', op: 'put', err: errorName(error) }, 'session store unavailable');
        return { kind: 'store-down' };
      }
      if (written === null) {
        this.logger.debug({ code: 'store_conflict', attempt }, 'session changed underneath; re-applying');
        await backoff(attempt);
        continue;
      }
      try {
        await this.savePrivate(key, hidden, loaded.private);
      } catch (error) {
        this.logger.warn({ code: 'store_unavailable', op: 'put', err: errorName(error) }, 'session store unavailable');
        return { kind: 'store-down' };
      }
      const effectCtx = after === locale ? ctx : this.options.context(inbound, after);
      const effectReplies = await this.runEffects(key, result, effectCtx, translator(after));
      const handoff = result.effects.find((e) => e.type === 'handoff');
      return done([...notices, ...result.replies, ...effectReplies], {
        version: written,
        locale: after,
        // Only once the state is saved: the adapter posts it after this turn's replies.
        ...(handoff ? { handoff: handoff.summary ? { summary: handoff.summary } : {} } : {}),
      });
    }
    this.logger.error({ code: 'store_conflict' }, 'gave up after repeated write conflicts');
    return { kind: 'store-down' };
  }

  private async load(key: string): Promise<Loaded<S> | 'store-down'> {
    try {
      const fields = this.privateFields();
      const [record, hidden] = await Promise.all([
        this.options.store.get(key),
        fields.length > 0 ? this.loadPrivate(key) : Promise.resolve(undefined),
      ]);
      const loaded = this.decode(record, hidden?.json ? JSON.parse(hidden.json) : undefined);
      return hidden ? { ...loaded, private: hidden } : loaded;
    } catch (error) {
      if (error instanceof UnreadableSessionError) {
        this.logger.warn(
          { code: 'session_unreadable', reason: 'store', err: errorName(error) },
          'stored session could not be read; starting over',
        );
        return { record: { data: {}, version: error.version }, unreadable: true };
      }
      if (isOverturnError(error, 'config_invalid')) {
        // Our own message, naming key ids only: the operator needs it to fix the settings.
        this.logger.error({ code: 'config_invalid', op: 'get', reason: error.message }, 'session store misconfigured');
      } else {
        this.logger.warn({ code: 'store_unavailable', op: 'get', err: errorName(error) }, 'session store unavailable');
      }
      return 'store-down';
    }
  }

  private privateFields(): readonly string[] {
    return this.options.flow.privateFields ?? [];
  }

  /**
   * The private fields as stored: `value` is the first field's (the only one
   * records had before a flow could keep several apart), `fields` the others'.
   * Built in one order, so equal parts give equal JSON.
   */
  private storedPrivate(values: Record<string, unknown>): string | undefined {
    const [first, ...rest] = this.privateFields();
    const others = Object.fromEntries(rest.filter((f) => values[f] !== undefined).map((f) => [f, values[f]]));
    const value = first === undefined ? undefined : values[first];
    if (value === undefined && Object.keys(others).length === 0) return undefined;
    return JSON.stringify({
      ...(value === undefined ? {} : { value }),
      ...(Object.keys(others).length > 0 ? { fields: others } : {}),
    });
  }

  /** The stored private parts back as state fields. */
  private privateValues(stored: unknown): Record<string, unknown> {
    if (!isRecord(stored)) return {};
    const [first, ...rest] = this.privateFields();
    const fields = isRecord(stored.fields) ? stored.fields : {};
    return {
      ...(first !== undefined && stored.value !== undefined ? { [first]: stored.value } : {}),
      ...Object.fromEntries(rest.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]])),
    };
  }

  /** The private fields' record; one that cannot be read is treated as gone (it only fills blanks). */
  private async loadPrivate(key: string): Promise<{ json: string | undefined; version: number | null }> {
    try {
      const record = await this.options.store.get(privateKey(key));
      if (!record) return { json: undefined, version: null };
      return { json: this.storedPrivate(this.privateValues(record.data)), version: record.version };
    } catch (error) {
      if (!(error instanceof UnreadableSessionError)) throw error;
      this.logger.warn({ code: 'session_unreadable', reason: 'private' }, 'private session part unreadable; dropped');
      return { json: undefined, version: error.version };
    }
  }

  private decode(record: SessionRecord | null, hidden?: unknown): Loaded<S> {
    if (!record) return { record, unreadable: false };
    const parsed = sessionEnvelope.safeParse(record.data);
    if (!parsed.success) return this.unreadable(record, undefined, 'envelope');
    if (parsed.data.flow !== this.options.flow.id) return this.unreadable(record, parsed.data, 'other-flow');
    let state: S | null;
    try {
      const raw = parsed.data.state;
      const withPrivate = hidden !== undefined && isRecord(raw) ? { ...raw, ...this.privateValues(hidden) } : raw;
      state = this.options.flow.load(withPrivate);
    } catch (error) {
      this.logger.error({ code: 'flow_failed', op: 'load', err: errorName(error) }, 'flow failed to load a state');
      state = null;
    }
    if (state === null) return this.unreadable(record, parsed.data, 'state');
    return { record, envelope: parsed.data, state, unreadable: false };
  }

  /** Logged with the reason and version only: the stored content may be health data. */
  private unreadable(record: SessionRecord, envelope: SessionEnvelope | undefined, reason: string): Loaded<S> {
    this.logger.warn(
      { code: 'session_unreadable', reason, version: record.version },
      'stored session could not be read; starting over',
    );
    return { record, envelope, unreadable: true };
  }

  /** The flow's pure step, behind an error boundary: a bug in a step must not take the bot down. */
  private step(loaded: Loaded<S>, input: UserInput, ctx: C, lazySession = false): StepResult<S> | null {
    const { flow } = this.options;
    // A lazy session that was never saved sits at the first question, which its greeting showed.
    const state = loaded.state ?? (lazySession && !loaded.record && input.kind !== 'start' ? flow.initial(ctx) : null);
    try {
      return state ? flow.advance(state, input, ctx) : flow.start(flow.initial(ctx), input, ctx);
    } catch (error) {
      this.logger.error(
        { code: 'flow_failed', op: loaded.state ? 'advance' : 'start', err: errorName(error) },
        'flow step failed',
      );
      return null;
    }
  }

  /**
   * The input was applied before: a platform re-delivery (say nothing), a kept
   * input whose write did land (the next input speaks), or the user re-sending
   * such an input (show where they are, without changing anything).
   */
  private alreadyApplied(item: TurnInput, loaded: Loaded<S>, ctx: C, replaying: boolean): Reply[] {
    const redelivered =
      item.inbound.eventId !== undefined && (loaded.envelope?.seen ?? []).includes(item.inbound.eventId);
    this.logger.debug({ event: 'duplicate_delivery' }, 'input already applied');
    if (redelivered || replaying || !loaded.state) return [];
    return this.step(loaded, { kind: 'start' }, ctx)?.replies ?? [];
  }

  /** The conversation was written after this input arrived, by someone other than this replay. */
  private overtaken(item: TurnInput, loaded: Loaded<S>, ownVersion: number | null): boolean {
    if (!loaded.record || !loaded.envelope) return false;
    return loaded.envelope.at > item.receivedAt && loaded.record.version !== ownVersion;
  }

  /** The state without the flow's private fields, and those fields as stored (undefined when all are absent). */
  private split(state: S): { shared: unknown; hidden: string | undefined } {
    const fields = this.privateFields();
    if (fields.length === 0 || !isRecord(state)) return { shared: state, hidden: undefined };
    const shared = Object.fromEntries(Object.entries(state).filter(([name]) => !fields.includes(name)));
    return { shared, hidden: this.storedPrivate(state) };
  }

  /**
   * Writes the private field only when it changed, so its expiry counts from
   * when the user last gave it; an emptied field is deleted at once.
   */
  private async savePrivate(
    key: string,
    json: string | undefined,
    loaded: { json: string | undefined; version: number | null } | undefined,
  ): Promise<void> {
    if (this.privateFields().length === 0 || json === loaded?.json) return;
    const { store } = this.options;
    if (json === undefined) {
      await store.delete(privateKey(key));
      return;
    }
    const ttl = this.options.privateTtlSeconds ?? this.options.ttlSeconds;
    const data: unknown = JSON.parse(json);
    if (!isRecord(data)) return;
    // The session write above already won this turn; the private part follows it (last writer wins).
    if ((await store.put(privateKey(key), data, loaded?.version ?? null, ttl)) !== null) return;
    const current = await store.get(privateKey(key)).catch(() => null);
    await store.put(privateKey(key), data, current?.version ?? null, ttl);
  }

  /** Deletes the session and anything kept for it here; false when the store could not delete it. */
  private async forget(key: string): Promise<boolean> {
    try {
      await this.options.jobs?.replace(key, []);
      if (this.privateFields().length > 0) await this.options.store.delete(privateKey(key));
      await this.options.store.delete(key);
    } catch (error) {
      this.logger.warn({ code: 'store_unavailable', op: 'delete', err: errorName(error) }, 'forget failed');
      return false;
    }
    this.pending.delete(key);
    return true;
  }

  /** The usual inactivity expiry, or longer while the flow asks to keep the session (pending reminders). */
  private ttlFor(state: S): number {
    const until = this.options.flow.keepUntil?.(state) ?? null;
    if (until === null) return this.options.ttlSeconds;
    return Math.max(this.options.ttlSeconds, (until - this.now()) / 1000);
  }

  private async runEffects(key: string, result: StepResult<S>, ctx: C, t: Translator): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (const effect of result.effects) {
      try {
        if (effect.type === 'schedule') {
          await this.options.jobs?.replace(key, effect.jobs);
          continue;
        }
        // The adapter posts the hand-off notice from the turn's outcome.
        if (effect.type === 'handoff' || !this.options.runEffect) continue;
        replies.push(...(await this.options.runEffect(effect, result.state, ctx)));
      } catch (error) {
        this.logger.error({ code: 'effect_failed', effect: effect.type, err: errorName(error) }, 'effect failed');
        replies.push(textReply(t, 'error', 'core.effectFailed'));
      }
    }
    return replies;
  }
}

function textReply(t: Translator, tone: 'warning' | 'error', key: string): Reply {
  return { kind: 'text', tone, text: t(key) };
}

/** A button or date answer, as compared for double clicks; typed text and commands are never "the same click". */
function answerKey(input: UserInput): string | undefined {
  if (input.kind === 'choice' && input.step !== 'command') return `choice:${input.step}:${input.choice}`;
  if (input.kind === 'date') return `date:${input.step}:${input.date}`;
  return undefined;
}

function changed(before: unknown, after: unknown): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}

function sameInput(a: UserInput, b: UserInput): boolean {
  if (a.kind === 'text' && b.kind === 'text') return a.text.trim().toLowerCase() === b.text.trim().toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Spreads out replicas that keep colliding on one conversation. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
}
