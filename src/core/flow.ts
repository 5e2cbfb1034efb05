import type { Effect, Reply, UserInput } from './types.js';

/** What a flow step returns: the next state, what to say, and what the engine must do. */
export interface StepResult<S> {
  state: S;
  replies: Reply[];
  effects: Effect[];
}

/**
 * A conversation as pure functions over serializable state.
 * `C` is the flow's context (clock-derived today, knowledge, translator): steps do no I/O.
 */
export interface Flow<S, C> {
  id: string;
  /** Bumped when the state shape changes; `load` migrates older versions. */
  version: number;
  initial(ctx: C): S;
  /** Validate and migrate persisted JSON; `null` when it cannot be read. */
  load(raw: unknown): S | null;
  /** A new conversation: the greeting and first question (the input may be a command such as "forget me"). */
  start(state: S, input: UserInput, ctx: C): StepResult<S>;
  /**
   * Top-level state fields holding identifiers (names, member ids): the engine
   * keeps them under a key of their own with a shorter expiry, so they are deleted
   * from the session after that time even if the conversation is never touched again.
   */
  privateFields?: readonly string[];
  advance(state: S, input: UserInput, ctx: C): StepResult<S>;
  /**
   * Keep the session at least until this instant (ms since the epoch), beyond
   * the usual inactivity expiry: e.g. while reminders are pending. Null: the usual expiry.
   */
  keepUntil?(state: S): number | null;
  /** The conversation's language, when the flow remembers one (a catalog folder name). */
  locale?(state: S): string;
}

/** Runs an effect the flow asked for (e.g. build the letter) against the saved state. */
export type EffectRunner<S, C> = (effect: Effect, state: S, ctx: C) => Promise<Reply[]>;
