import type { Translator } from '../../core/i18n.js';
import type { AppealContext } from './context.js';
import { VOICES, type Voice } from './state.js';

/** Catalog section holding each voice's own wording (`appeal.voices.<section>.<key>`). */
const SECTION: Record<Voice, string | null> = { patient: null, helper: 'helper', 'care-team': 'careTeam' };

/**
 * Catalog sections whose "your" is the patient's (their deadlines, plan, health),
 * as opposed to the user's own answers: read as "the patient's" by a helper or a care team.
 */
const ABOUT_THE_PATIENT = new Set([
  'deadline',
  'basis',
  'note',
  'warning',
  'next',
  'checklist',
  'summary',
  'plan',
  'stage',
  'denialDate',
  'urgency',
]);

/**
 * "your" → "the patient's", for sentences (and knowledge text) written to the patient. The words are the
 * catalog's (`appeal.voices.aboutThePatient`: "word=replacement|…"); a language whose "your" already reads
 * as anyone's (Spanish "su") leaves it empty.
 */
export function aboutThePatient(text: string, t: Translator): string {
  const pairs = t('appeal.voices.aboutThePatient')
    .split('|')
    .map((pair) => pair.split('='))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '');
  return pairs.reduce((out, [word, replacement]) => out.replace(new RegExp(`\\b${word}\\b`, 'g'), replacement), text);
}

const cache = new WeakMap<Translator, Map<string, Translator>>();
/** Each voiced translator's plain one, so a change of voice never stacks voices. */
const plain = new WeakMap<Translator, Translator>();
/** Each voiced translator's voice, so the same translator can be made again in a worker thread. */
const voices = new WeakMap<Translator, Voice>();

/** The voice a translator speaks in (none for a plain one). */
export function translatorVoice(t: Translator): Voice | undefined {
  return voices.get(t);
}

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
  const perVoice = cache.get(t) ?? new Map<string, Translator>();
  cache.set(t, perVoice);
  const known = perVoice.get(section);
  if (known) return known;
  const speak = (key: string, params?: Parameters<Translator>[1]): string => {
    if (!key.startsWith('appeal.')) return t(key, params);
    const rest = key.slice('appeal.'.length);
    const own = `appeal.voices.${section}.${rest}`;
    const text = t(own, params);
    if (text !== own) return text;
    const plainText = t(key, params);
    return ABOUT_THE_PATIENT.has(rest.split('.')[0] ?? '') ? aboutThePatient(plainText, t) : plainText;
  };
  const voiced: Translator = Object.assign(speak, {
    locale: t.locale,
    dateLocale: t.dateLocale,
    has: (key: string) => t.has(key),
  });
  perVoice.set(section, voiced);
  plain.set(voiced, t);
  if (voice) voices.set(voiced, voice);
  return voiced;
}

export function withVoice(ctx: AppealContext, voice: Voice | undefined): AppealContext {
  const t = voicedTranslator(ctx.t, voice);
  if (t === ctx.t && ctx.voice === voice) return ctx;
  const { voice: _old, ...rest } = ctx;
  return voice ? { ...rest, t, voice } : { ...rest, t };
}

export function isVoice(value: string): value is Voice {
  return VOICES.some((v) => v === value);
}

/** Who signs the letter by default: the prescriber for a care team, otherwise the patient (or their representative). */
export function defaultAuthor(voice: Voice | undefined): 'patient' | 'care-team' {
  return voice === 'care-team' ? 'care-team' : 'patient';
}
