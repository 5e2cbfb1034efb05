import { expect } from 'vitest';

/** Helpers to read Adaptive Cards as Teams receives them, and the rules every card must keep. */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

type Json = Record<string, any>;

export function adaptiveCards(activity: { attachments?: Array<{ contentType: string; content?: any }> }): Json[] {
  return (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD).map((a) => a.content as Json);
}

/** Every element of a card body, depth first (ActionSets included). */
export function elements(card: Json): Json[] {
  const out: Json[] = [];
  const walk = (items: Json[] | undefined) => {
    for (const item of items ?? []) {
      out.push(item);
      walk(item.items);
    }
  };
  walk(card.body);
  return out;
}

export function actions(card: Json): Json[] {
  return [...(card.actions ?? []), ...elements(card).flatMap((e) => (e.type === 'ActionSet' ? e.actions : []))];
}

export function inputs(card: Json): Json[] {
  return elements(card).filter((e) => String(e.type).startsWith('Input.'));
}

export function texts(card: Json): string[] {
  return elements(card)
    .filter((e) => e.type === 'TextBlock')
    .map((e) => String(e.text));
}

/** The Submit button that carries `{ step }` (the "Continue" of a form). */
export function continueAction(card: Json): Json {
  const found = actions(card).find((a) => a.type === 'Action.Submit' && a.data?.step && !a.data.choice);
  expect(found, 'a Continue button carrying the step').toBeDefined();
  return found as Json;
}

/** Rules from the issue and platforms.md: version ≤ 1.5, labelled inputs with error messages, ids only in submit data. */
export function expectCardRules(card: Json): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(Number(card.version)).toBeLessThanOrEqual(1.5);
  for (const input of inputs(card)) {
    expect(input.label, `${input.type} has a label`).toEqual(expect.any(String));
    expect(input.label.length).toBeGreaterThan(0);
    expect(input.errorMessage, `${input.type} has an error message`).toEqual(expect.any(String));
  }
  const required = inputs(card).some((input) => input.isRequired);
  for (const action of actions(card)) {
    expect(action.title, 'buttons carry text').toEqual(expect.stringMatching(/\w/));
    if (action.type !== 'Action.Submit') continue;
    const keys = Object.keys(action.data).sort();
    expect([['choice', 'step'], ['step'], ['command'], ['form', 'step']]).toContainEqual(keys);
    // Real Teams (Adaptive Cards ≥ 1.3) validates every input before a default Submit: only the
    // button that submits the inputs ("Continue", "Save") may do so; any other would do nothing.
    const submitsInputs = keys.join() === 'step' || keys.join() === 'form,step';
    if (required && !submitsInputs)
      expect(action.associatedInputs, `"${action.title}" must work with the input empty`).toBe('none');
  }
  for (const input of inputs(card)) {
    if (input.type === 'Input.Text' && input.maxLength !== undefined) expect(input.maxLength).toBeGreaterThan(0);
    if (input.type === 'Input.ChoiceSet' && input.value !== undefined) {
      const values = new Set(input.choices.map((c: Json) => c.value));
      for (const v of String(input.value).split(','))
        expect(values.has(v), `${input.id} value ${v} is a choice`).toBe(true);
      if (!input.isMultiSelect) expect(String(input.value)).not.toContain(',');
    }
  }
  expect(new Set(inputs(card).map((i) => i.id)).size, 'input ids are unique').toBe(inputs(card).length);
  for (const set of elements(card).filter((e) => e.type === 'ActionSet'))
    expect(set.actions.length).toBeLessThanOrEqual(6);
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
}

/** What a person reads in a reply: a plain message's text, or the text blocks of its cards. */
export function visibleText(activity: {
  text?: string;
  attachments?: Array<{ contentType: string; content?: any }>;
}): string {
  return [activity.text ?? '', ...adaptiveCards(activity).flatMap(texts)].filter(Boolean).join('\n');
}
