import type { Line, Seg } from './model.js';

/** A value for a `{name}` in a catalog sentence: plain text, or runs (a blank, a note mark…). */
export type TemplateValue = string | Seg[];
export type TemplateParams = Record<string, TemplateValue>;

/** `{name}` is a value; `[words]` is a blank for the user, which may itself hold `{name}`. */
const TOKEN = /\{(\w+)\}|\[([^\]]*)\]/g;
const PARAM = /\{(\w+)\}/g;

function value(name: string, params: TemplateParams, template: string): TemplateValue {
  const v = params[name];
  if (v === undefined) throw new Error(`letter template needs {${name}}: ${template}`);
  return v;
}

function flat(v: TemplateValue): string {
  return typeof v === 'string' ? v : v.map((s) => (s.kind === 'text' || s.kind === 'blank' ? s.text : '')).join('');
}

/**
 * Turns one catalog sentence into runs. The sentence comes from our catalog,
 * values are inserted as whole runs after parsing, so brackets or braces in a
 * user's words stay plain text and never become blanks or placeholders.
 */
export function fill(template: string, params: TemplateParams = {}): Line {
  const line: Seg[] = [];
  let last = 0;
  const text = (t: string) => {
    if (t) line.push({ kind: 'text', text: t });
  };
  for (const m of template.matchAll(TOKEN)) {
    text(template.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      const v = value(m[1], params, template);
      if (typeof v === 'string') text(v);
      else line.push(...v);
    } else {
      const inner = (m[2] ?? '').replace(PARAM, (_, name: string) => flat(value(name, params, template)));
      line.push({ kind: 'blank', text: inner });
    }
  }
  text(template.slice(last));
  return merge(line);
}

/** A multi-line catalog entry (an address, a signature), one line per `\n`. */
export function fillLines(template: string, params: TemplateParams = {}): Line[] {
  return template.split('\n').map((row) => fill(row, params));
}

/** Joins neighbouring plain runs of the same weight, so the document has fewer, longer runs. */
function merge(line: Seg[]): Line {
  const out: Seg[] = [];
  for (const seg of line) {
    const prev = out.at(-1);
    if (seg.kind === 'text' && prev?.kind === 'text' && !prev.bold === !seg.bold)
      out[out.length - 1] = { ...prev, text: prev.text + seg.text };
    else out.push(seg);
  }
  return out;
}

export function blank(text: string): Seg[] {
  return [{ kind: 'blank', text }];
}

export function plain(text: string): Line {
  return [{ kind: 'text', text }];
}
