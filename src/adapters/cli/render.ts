import type { QuestionReply, Reply, SummaryReply } from '../../core/types.js';

/** Plain-text rendering for the terminal: numbered choices, since a terminal has no buttons. */
function renderQuestion(q: QuestionReply): string {
  const lines = [q.text];
  if (q.hint) lines.push(q.hint);
  if (q.input.type === 'choices') {
    for (const [i, c] of q.input.choices.entries()) {
      lines.push(`  ${i + 1}. ${c.label}${c.description ? ` (${c.description})` : ''}`);
    }
  } else if (q.input.type === 'date') {
    lines.push(`  (a date, for example 2026-03-03 or March 3, 2026)`);
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
export function renderCliReply(reply: Reply, filePath?: string): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'question':
      return renderQuestion(reply);
    case 'summary':
      return renderSummary(reply);
    case 'file':
      return `${reply.caption}\nSaved: ${filePath ?? reply.fileName}`;
  }
}
