import { localeNamedBy, type Translator } from '../core/i18n.js';
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

function phrases(t: Translator, command: CommandId): string[] {
  return t(`commands.words.${command}`)
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
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
  for (const command of COMMANDS) {
    for (const phrase of phrases(t, command)) {
      if (cleaned === phrase) return { command };
      if (command === 'change' && cleaned.startsWith(`${phrase} `)) {
        return { command, arg: cleaned.slice(phrase.length + 1).trim() };
      }
    }
  }
  return null;
}

export function navActions(t: Translator, commands: CommandId[]): NavAction[] {
  return commands.map((command) => ({ command, label: t(`commands.labels.${command}`) }));
}
