import type { Translator } from '../../core/i18n.js';
import type { FormField, FormValues, QuestionReply, UserInput } from '../../core/types.js';

type FormInput = Extract<QuestionReply['input'], { type: 'form' }>;

/** What the terminal does with the next line while a form is being filled. */
export type FormStep = { kind: 'ask'; prompt: string } | { kind: 'send'; input: UserInput };

/**
 * A form in the terminal: one field at a time, numbered choices, Enter to
 * leave a field as it is, "skip" (first field) to go on without the form.
 * Only the answers go to the bot, in one form input at the end.
 */
export class TerminalForm {
  private readonly fields: FormField[];
  private readonly values: FormValues = {};
  private index = 0;

  constructor(
    private readonly step: string,
    private readonly form: FormInput,
    private readonly t: Translator,
  ) {
    this.fields = form.groups.flatMap((group) => group.fields);
    for (const field of this.fields) if (field.value !== undefined) this.values[field.id] = field.value;
  }

  /** The words before the first field. */
  intro(): string {
    return this.t('core.cli.formIntro', { skip: this.form.skip.label });
  }

  /** The field being asked; the form is sent before the index passes the last one. */
  private current(): FormField {
    const field = this.fields[this.index];
    if (!field) throw new Error('the form has no field left to ask');
    return field;
  }

  prompt(): string {
    const field = this.current();
    const lines = [
      `(${this.index + 1}/${this.fields.length}) ${field.label}${field.placeholder ? ` (${field.placeholder})` : ''}`,
    ];
    for (const [i, option] of (field.options ?? []).entries()) lines.push(`  ${i + 1}. ${option.label}`);
    const current = this.values[field.id];
    const shown = Array.isArray(current)
      ? current.map((id) => field.options?.find((o) => o.id === id)?.label ?? id).join(', ')
      : current;
    lines.push(
      `  ${this.t(field.type === 'choices' ? 'core.cli.formMany' : field.type === 'choice' ? 'core.cli.formOne' : 'core.cli.formText')}${
        shown ? ` ${this.t('core.cli.formKeep', { value: shown })}` : ''
      }`,
    );
    return lines.join('\n');
  }

  answer(line: string): FormStep {
    const typed = line.trim();
    if (this.index === 0 && /^skip$/i.test(typed)) {
      return { kind: 'send', input: { kind: 'choice', step: this.step, choice: this.form.skip.id } };
    }
    const field = this.current();
    if (typed === '-') delete this.values[field.id];
    else if (typed) {
      if (field.type === 'text' || field.type === 'multiline') this.values[field.id] = typed;
      else {
        const picked = typed
          .split(/[\s,]+/)
          .map((n) => field.options?.[Number(n) - 1]?.id)
          .filter((id): id is string => id !== undefined);
        const [first] = picked;
        if (first === undefined)
          return { kind: 'ask', prompt: `${this.t('core.cli.formPickNumber')}\n${this.prompt()}` };
        this.values[field.id] = field.type === 'choice' ? first : picked;
      }
    }
    this.index += 1;
    if (this.index < this.fields.length) return { kind: 'ask', prompt: this.prompt() };
    return { kind: 'send', input: { kind: 'form', step: this.step, values: this.values } };
  }
}
