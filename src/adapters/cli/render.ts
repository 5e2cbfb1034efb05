import type { Translator } from '../../core/i18n.js';
import type { QuestionReply, Reply, SummaryReply } from '../../core/types.js';

/** Plain-text rendering for the terminal: numbered choices, since a terminal has no buttons. */
function renderQuestion(q: QuestionReply, t: Translator): string {
  const lines = [q.text];
  if (q.hint) lines.push(q.hint);
  if (q.input.type === 'choices') {
    for (const [i, c] of q.input.choices.entries()) {
      lines.push(`  ${i + 1}. ${c.label}${c.description ? ` (${c.description})` : ''}`);
    }
  } else if (q.input.type === 'form') {
    return lines.join('\n');
  } else if (q.input.type === 'date') {
    lines.push(`  ${t('cli.dateExample')}`);
  }
  lines.push(`  [${q.nav.map((n) => n.label.toLowerCase()).join(' · ')}]`);
  return lines.join('\n');
}

function renderSummary(s: SummaryReply): string {
  const lines = [`== ${s.title} ==`];
  for (const f of s.facts) lines.push(`${f.label}: ${f.value}`);
  lines.push('', `-- ${s.deadlineHeading} --`);
  for (const d of s.deadlines) {
    lines.push(`* ${d.label}`, `    ${d.dateText} (${d.daysLeftText})`, `    ${d.rule}`);
    if (d.note) lines.push(`    ${d.note}`);
  }
  for (const section of s.sections) {
    lines.push('', `-- ${section.heading} --`);
    for (const [i, item] of section.items.entries()) {
      lines.push(section.style === 'numbered' ? `${i + 1}. ${item}` : `- ${item}`);
    }
  }
  return lines.join('\n');
}

/** `filePath` is where a file reply was written (the CLI saves files before rendering). */
export function renderCliReply(reply: Reply, t: Translator, filePath?: string): string {
  switch (reply.kind) {
    case 'text':
      return reply.from === 'user' ? `> ${reply.text}` : reply.text;
    case 'question':
      return renderQuestion(reply, t);
    case 'summary':
      return renderSummary(reply);
    case 'file':
      return `${reply.caption}\n${t('cli.saved', { path: filePath ?? reply.fileName })}`;
  }
}

/** Where a wrapped line's continuation starts: under the text of a list item, else under the line. */
function hangingIndent(line: string): string {
  const item = /^(\s*)(?:[-*]|\d+\.|\[)\s/.exec(line);
  if (item) return ' '.repeat(item[0].length);
  return /^\s*/.exec(line)?.[0] ?? '';
}

/**
 * Breaks lines longer than `width` at spaces, continuing under the text of a
 * list item, so a narrow terminal never splits a word. A word longer than
 * the width stays whole on its own line.
 */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      const indent = hangingIndent(line);
      const out: string[] = [];
      let current = '';
      for (const word of line.trimEnd().split(/(?<=\S)\s+(?=\S)/)) {
        if (current === '') current = word;
        else if (current.length + 1 + word.length <= width) current = `${current} ${word}`;
        else {
          out.push(current);
          current = `${indent}${word}`;
        }
      }
      out.push(current);
      return out;
    })
    .join('\n');
}
