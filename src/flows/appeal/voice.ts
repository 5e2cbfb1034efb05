import type { Translator } from '../../core/i18n.js';
import type { AppealContext } from './context.js';
import type { Voice } from './state.js';

/** Catalog section holding each voice's own wording (`appeal.voices.<section>.<key>`). */
const SECTION: Record<Voice, string | null> = { patient: null, helper: 'helper', 'care-team': 'careTeam' };

const cache = new WeakMap<Translator, Map<string, Translator>>();
/** Each voiced translator's plain one, so a change of voice never stacks voices. */
const plain = new WeakMap<Translator, Translator>();

/**
 * A translator that speaks in the user's voice: `appeal.x` reads
 * `appeal.voices.<voice>.x` when the catalog has it, else the plain sentence
 * (which addresses the patient). Memoized so word matchers keyed on the
 * translator stay cached between turns.
 */
export function voicedTranslator(translator: Translator, voice: Voice | undefined): Translator {
  const t = plain.get(translator) ?? translator;
  const section = voice ? SECTION[voice] : null;
  if (!section) return t;
  let perVoice = cache.get(t);
  if (!perVoice) cache.set(t, (perVoice = new Map()));
  let voiced = perVoice.get(section);
  if (!voiced) {
    voiced = (key, params) => {
      if (!key.startsWith('appeal.')) return t(key, params);
      const own = `appeal.voices.${section}.${key.slice('appeal.'.length)}`;
      const text = t(own, params);
      return text === own ? t(key, params) : text;
    };
    perVoice.set(section, voiced);
    plain.set(voiced, t);
  }
  return voiced;
}

export function withVoice(ctx: AppealContext, voice: Voice | undefined): AppealContext {
  const t = voicedTranslator(ctx.t, voice);
  return t === ctx.t ? ctx : { ...ctx, t };
}

/** Who signs the letter by default: the prescriber for a care team, otherwise the patient (or their representative). */
export function defaultAuthor(voice: Voice | undefined): 'patient' | 'care-team' {
  return voice === 'care-team' ? 'care-team' : 'patient';
}
