import { availableLocales, localeNamedBy, translator, type Translator } from '../core/i18n.js';
import { COMMANDS, type CommandId, type NavAction } from '../core/types.js';

/**
 * The global commands every flow understands. Their words live in the catalog
 * (`commands.words.*`, `|`-separated) so another language is data only.
 */
export interface ParsedCommand {
  command: CommandId;
  /** What follows the command word, e.g. "the date" in "change the date". */
  arg?: string;
}

/** Each translator's command words, worked out once: the catalogs do not change while the process runs, and every turn asks. */
const phrasesByTranslator = new WeakMap<Translator, Map<CommandId, string[]>>();

/** A command's words in the conversation's language first, then in every other catalog ("olvídame" works in English too). */
function phrases(t: Translator, command: CommandId): string[] {
  let known = phrasesByTranslator.get(t);
  if (!known) {
    known = new Map();
    phrasesByTranslator.set(t, known);
  }
  const cached = known.get(command);
  if (cached) return cached;
  const others = availableLocales()
    .filter((locale) => locale !== t.locale)
    .map((locale) => translator(locale));
  const words = (words: Translator) =>
    words(`commands.words.${command}`)
      .split('|')
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
  const found = [...new Set([t, ...others].flatMap(words))];
  known.set(command, found);
  return found;
}

/**
 * Reads a typed global command. Only `change` takes words after it; the others must stand alone.
 * A language's own name ("español", "English", from each catalog's `core.locale.words`) switches to it.
 */
export function parseCommand(text: string, t: Translator): ParsedCommand | null {
  const locale = localeNamedBy(text);
  if (locale) return { command: 'language', arg: locale };
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if (cleaned.length === 0 || cleaned.length > 80) return null;
  // A whole phrase first, so "cambiar idioma" is the language command, not "change" + "idioma".
  const exact = COMMANDS.find((command) => phrases(t, command).includes(cleaned));
  if (exact) return { command: exact };
  const change = phrases(t, 'change').find((phrase) => cleaned.startsWith(`${phrase} `));
  return change ? { command: 'change', arg: cleaned.slice(change.length + 1).trim() } : null;
}

export function navActions(t: Translator, commands: CommandId[]): NavAction[] {
  return commands.map((command) => ({ command, label: t(`commands.labels.${command}`) }));
}
