import { el, format, uid } from './dom.js';

/**
 * Neutral `Reply` values (the same ones Slack, Discord and Teams render) as
 * chat bubbles. Each renderer returns the element, the plain text for the
 * screen-reader live region, and the control to focus next, if any.
 *
 * @typedef {{ strings: Record<string, string>, answer: (input: object, echo: string) => void }} RenderContext
 * @typedef {{ node: HTMLElement, announce: string, focus?: HTMLElement }} Rendered
 */

function bubble(extraClass, children, attributes = {}) {
  return el('div', { class: `msg bot ${extraClass}`.trim(), ...attributes }, children);
}

function sender(strings) {
  return el('span', { class: 'visually-hidden' }, [`${strings.botName}: `]);
}

function button(label, onClick, attributes = {}) {
  const node = el('button', { type: 'button', ...attributes }, [label]);
  node.addEventListener('click', onClick);
  return node;
}

/** "Forget me" lives in the page header, so the row under each question stays short. */
const HEADER_COMMANDS = new Set(['forget']);

function navRow(nav, ctx) {
  const shown = (nav ?? []).filter((action) => !HEADER_COMMANDS.has(action.command));
  if (shown.length === 0) return null;
  return el(
    'div',
    { class: 'nav', role: 'group', 'aria-label': ctx.strings.moreActions },
    shown.map((action) =>
      button(action.label, () => ctx.answer({ kind: 'command', command: action.command }, action.label), {
        class: 'quiet',
      }),
    ),
  );
}

/** @returns {Rendered} */
function renderText(reply, ctx) {
  // An earlier answer of the user's, replayed after a reload.
  if (reply.from === 'user') return { node: renderUserMessage(reply.text, ctx.strings), announce: '' };
  const node = bubble(reply.tone ? `tone-${reply.tone}` : '', [
    el('p', { class: 'text' }, [sender(ctx.strings), reply.text]),
  ]);
  return { node, announce: reply.text };
}

function choiceButtons(question, input, ctx, labelId) {
  const group = el('div', { class: `choices choices-${input.style}`, role: 'group', 'aria-labelledby': labelId });
  for (const choice of input.choices) {
    const content = choice.description
      ? [
          el('span', { class: 'choice-label' }, [choice.label]),
          el('span', { class: 'choice-description' }, [choice.description]),
        ]
      : [choice.label];
    const node = el('button', { type: 'button', class: 'choice' }, content);
    node.addEventListener('click', () =>
      ctx.answer({ kind: 'choice', step: question.step, choice: choice.id }, choice.label),
    );
    group.append(node);
  }
  return group;
}

function choiceSelect(question, input, ctx) {
  const selectId = uid('select');
  const select = el('select', { id: selectId, required: true }, [
    el('option', { value: '' }, [ctx.strings.choosePlaceholder]),
    ...input.choices.map((choice) => el('option', { value: choice.id }, [choice.label])),
  ]);
  const form = el('form', { class: 'pick' }, [
    el('label', { for: selectId }, [ctx.strings.chooseLabel]),
    el('div', { class: 'row' }, [select, el('button', { type: 'submit' }, [ctx.strings.choose])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = input.choices.find((c) => c.id === select.value);
    if (!choice) {
      select.focus();
      return;
    }
    ctx.answer({ kind: 'choice', step: question.step, choice: choice.id }, choice.label);
  });
  return form;
}

function dateForm(question, input, ctx, labelId) {
  const inputId = uid('date');
  const field = el('input', {
    id: inputId,
    type: 'date',
    required: true,
    max: input.max,
    min: input.min,
    'aria-describedby': labelId,
  });
  const form = el('form', { class: 'pick' }, [
    el('label', { for: inputId }, [ctx.strings.dateLabel]),
    el('div', { class: 'row' }, [field, el('button', { type: 'submit' }, [ctx.strings.dateSubmit])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!field.reportValidity()) return;
    const echo = new Date(`${field.value}T12:00:00`).toLocaleDateString(document.documentElement.lang, {
      dateStyle: 'long',
    });
    ctx.answer({ kind: 'date', step: question.step, date: field.value }, echo);
  });
  return form;
}

/** One form field as a labelled native control, prefilled with what the user gave before. */
function formField(field) {
  const inputId = uid('field');
  const label = el('label', { for: inputId }, [field.label]);
  if (field.type === 'text' || field.type === 'multiline') {
    const control = el(field.type === 'multiline' ? 'textarea' : 'input', {
      id: inputId,
      name: field.id,
      maxlength: field.maxLength ? String(field.maxLength) : undefined,
      placeholder: field.placeholder,
      autocomplete: 'off',
      rows: field.type === 'multiline' ? '3' : undefined,
    });
    if (typeof field.value === 'string') control.value = field.value;
    return el('div', { class: 'field' }, [label, control]);
  }
  if (field.type === 'choice') {
    const select = el('select', { id: inputId, name: field.id }, [
      el('option', { value: '' }, ['—']),
      ...field.options.map((option) =>
        el('option', { value: option.id, selected: field.value === option.id }, [option.label]),
      ),
    ]);
    return el('div', { class: 'field' }, [label, select]);
  }
  const picked = Array.isArray(field.value) ? field.value : [];
  const boxes = field.options.map((option) => {
    const boxId = uid('option');
    return el('div', { class: 'option' }, [
      el('input', {
        type: 'checkbox',
        id: boxId,
        name: field.id,
        value: option.id,
        checked: picked.includes(option.id),
      }),
      el('label', { for: boxId }, [option.label]),
    ]);
  });
  return el('fieldset', { class: 'field options' }, [el('legend', {}, [field.label]), ...boxes]);
}

/** The whole form, hidden until "Add details" is pressed; only field ids and values are sent. */
function detailsForm(question, input, ctx) {
  const form = el('form', { class: 'details', hidden: true }, [
    ...input.groups.map((group) =>
      el('fieldset', {}, [el('legend', {}, [group.title]), ...group.fields.map(formField)]),
    ),
    el('div', { class: 'row' }, [el('button', { type: 'submit' }, [input.submitLabel])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = {};
    for (const field of input.groups.flatMap((group) => group.fields)) {
      const controls = [...form.elements].filter((control) => control.name === field.id);
      if (field.type === 'choices') values[field.id] = controls.filter((box) => box.checked).map((box) => box.value);
      else values[field.id] = controls[0]?.value ?? '';
    }
    // The echo names no detail: the bubble says only that the form was sent.
    ctx.answer({ kind: 'form', step: question.step, values }, input.submitLabel);
  });
  const open = button(
    input.openLabel,
    () => {
      form.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      form.querySelector('input, textarea, select')?.focus();
    },
    { 'aria-expanded': 'false', class: 'choice' },
  );
  const skip = button(
    input.skip.label,
    () => ctx.answer({ kind: 'choice', step: question.step, choice: input.skip.id }, input.skip.label),
    {
      class: 'choice',
    },
  );
  return el('div', { class: 'form-question' }, [el('div', { class: 'choices choices-short' }, [open, skip]), form]);
}

/** @returns {Rendered} */
function renderQuestion(reply, ctx) {
  const labelId = uid('question');
  const input = reply.input;
  let control = null;
  if (input.type === 'choices') {
    control = input.style === 'search' ? choiceSelect(reply, input, ctx) : choiceButtons(reply, input, ctx, labelId);
  } else if (input.type === 'date') {
    control = dateForm(reply, input, ctx, labelId);
  } else if (input.type === 'form') {
    control = detailsForm(reply, input, ctx);
  }
  const node = bubble('question', [
    el('p', { class: 'text', id: labelId }, [sender(ctx.strings), reply.text]),
    reply.hint ? el('p', { class: 'hint' }, [reply.hint]) : null,
    control,
    navRow(reply.nav, ctx),
  ]);
  node.dataset.placeholder = input.placeholder ?? '';
  node.dataset.step = reply.step;
  const focus = control ? (control.querySelector('button, select, input') ?? undefined) : undefined;
  return { node, announce: [reply.text, reply.hint].filter(Boolean).join(' '), focus };
}

function deadlineItem(deadline, strings) {
  return el('li', { class: `deadline status-${deadline.status}` }, [
    el('p', { class: 'deadline-label' }, [deadline.label]),
    el('p', { class: 'deadline-due' }, [
      el('span', { class: 'visually-hidden' }, [`${strings.deadlineDue}: `]),
      el('strong', {}, [deadline.dateText]),
      ' · ',
      deadline.daysLeftText,
    ]),
    el('p', { class: 'deadline-rule' }, [deadline.rule]),
    deadline.note ? el('p', { class: 'deadline-note' }, [deadline.note]) : null,
  ]);
}

/** @returns {Rendered} */
function renderSummary(reply, ctx) {
  const titleId = uid('summary');
  const facts = el(
    'dl',
    { class: 'facts' },
    reply.facts.map((fact) => el('div', {}, [el('dt', {}, [fact.label]), el('dd', {}, [fact.value])])),
  );
  const sections = reply.sections.flatMap((section) => [
    el('h3', {}, [section.heading]),
    el(
      section.style === 'numbered' ? 'ol' : 'ul',
      { class: 'items' },
      section.items.map((item) => el('li', {}, [item])),
    ),
  ]);
  // The plan lands at its top: its heading takes focus, so reading starts at the first deadline.
  const heading = el('h2', { id: titleId, tabindex: '-1' }, [reply.title]);
  const node = el('section', { class: 'msg bot summary', 'aria-labelledby': titleId }, [
    heading,
    facts,
    el('h3', {}, [reply.deadlineHeading]),
    el(
      'ol',
      { class: 'deadlines' },
      reply.deadlines.map((d) => deadlineItem(d, ctx.strings)),
    ),
    ...sections,
    // No action row here: the question that follows the plan carries it.
  ]);
  const first = reply.deadlines[0];
  const announce = [reply.title, first ? `${first.label}: ${first.dateText}` : ''].filter(Boolean).join('. ');
  return { node, announce, focus: heading };
}

/** @returns {Rendered} */
function renderFile(reply, ctx) {
  const link = el('a', { class: 'download', href: reply.url, download: reply.fileName }, [
    format(ctx.strings.download, { fileName: reply.fileName }),
  ]);
  const size = Math.max(1, Math.round(reply.size / 1024));
  const node = bubble('file', [
    el('p', { class: 'text' }, [sender(ctx.strings), reply.caption]),
    el('p', {}, [link]),
    el('p', { class: 'hint' }, [format(ctx.strings.fileSize, { size })]),
  ]);
  return { node, announce: reply.caption, focus: link };
}

const renderers = { text: renderText, question: renderQuestion, summary: renderSummary, file: renderFile };

/** @returns {Rendered | null} null for a reply kind this page does not know (a newer server). */
export function renderReply(reply, ctx) {
  const render = renderers[reply.kind];
  return render ? render(reply, ctx) : null;
}

/** What the user said or clicked, as their own bubble. */
export function renderUserMessage(text, strings) {
  return el('div', { class: 'msg user' }, [
    el('p', { class: 'text' }, [el('span', { class: 'visually-hidden' }, [`${strings.userName}: `]), text]),
  ]);
}

/**
 * A problem talking to the server, shown in the conversation; with `retry`,
 * a button that sends the same message again.
 */
export function renderProblem(message, strings, retry) {
  const again = retry ? button(strings['errors.retry'], retry, { class: 'quiet' }) : null;
  return bubble('problem tone-error', [
    el('p', { class: 'text' }, [sender(strings), message]),
    again ? el('div', { class: 'row' }, [again]) : null,
  ]);
}
