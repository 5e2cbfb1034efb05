import { translator, type Translator } from '../../../core/i18n.js';
import type { Voice } from '../state.js';
import { translatorVoice, voicedTranslator } from '../voice.js';
import type { LetterRequest } from './writer.js';

/** A translator by name: its catalog's locale and the voice it speaks in. */
export interface TranslatorName {
  locale: string;
  voice?: Voice;
}

/**
 * A letter request that can cross to a worker thread (structured clone carries no functions): the same
 * request with each translator named instead, so the worker composes the letter too, off the event loop.
 */
export interface PortableLetterRequest extends Omit<LetterRequest, 't' | 'notes'> {
  t: TranslatorName;
  notes?: { t: TranslatorName; insurerNote?: string };
}

function nameOf(t: Translator): TranslatorName {
  const voice = translatorVoice(t);
  return voice ? { locale: t.locale, voice } : { locale: t.locale };
}

function named({ locale, voice }: TranslatorName): Translator {
  return voicedTranslator(translator(locale), voice);
}

export function portableLetterRequest(request: LetterRequest): PortableLetterRequest {
  const { t, notes, ...rest } = request;
  return { ...rest, t: nameOf(t), ...(notes ? { notes: { ...notes, t: nameOf(notes.t) } } : {}) };
}

/** The request again, with its translators made from their names (in the worker thread). */
export function letterRequestFrom(portable: PortableLetterRequest): LetterRequest {
  const { t, notes, ...rest } = portable;
  return { ...rest, t: named(t), ...(notes ? { notes: { ...notes, t: named(notes.t) } } : {}) };
}
