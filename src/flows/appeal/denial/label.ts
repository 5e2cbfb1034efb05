import { normalize } from '../domain/match.js';

/**
 * Finds `label: value` on a line (or a label ending the line, its value on the next):
 * the labels are matched as whole words at the start of a clause, longest first.
 */
export interface Labeled {
  label: string;
  /** The text after the label (and its colon, dash or number sign), maybe empty. */
  rest: string;
}

export function labelMatcher(labels: readonly string[]): (text: string) => Labeled | null {
  const sorted = [...new Set(labels)].sort((a, b) => b.length - a.length);
  const pattern = sorted
    .map((l) =>
      l
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/ /g, '\\s*')
        .replace(/#/g, '(?:#|no\\.?|number)'),
    )
    .join('|');
  const re = new RegExp(`(?:^|[\\s(,;|])(${pattern})[\\s:#.\\-–]*(.*)$`, 'i');
  return (text) => {
    const m = re.exec(text);
    if (!m) return null;
    return { label: normalize(m[1] ?? ''), rest: (m[2] ?? '').trim() };
  };
}
