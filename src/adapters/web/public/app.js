import { messageId, postLetterFile, postMessage } from './api.js';
import { renderProblem, renderReply, renderUserMessage } from './render.js';

const strings = JSON.parse(document.getElementById('strings').textContent);
const scroller = document.getElementById('scroller');
const log = document.getElementById('log');
const announcer = document.getElementById('announcer');
const working = document.getElementById('working');
const composer = document.getElementById('composer');
const composerInput = document.getElementById('composer-input');
const forgetButton = document.getElementById('forget');
const confirmDialog = document.getElementById('confirm');
const letterInput = document.getElementById('letter-file');
const dropHint = document.getElementById('drop-hint');

/** Messages are sent one at a time, in order, so answers never overtake each other. */
let queue = Promise.resolve();
/** The step of the newest question shown: typed text is meant for it (a stale tab is told so). */
let currentStep;

function announce(texts) {
  // Replacing the live region's content makes screen readers read only what is new.
  announcer.replaceChildren(
    ...texts.filter(Boolean).map((text) => Object.assign(document.createElement('p'), { textContent: text })),
  );
}

/** Old questions stay readable but their controls stop working: the latest question is the one to answer. */
function retireOldControls() {
  for (const control of log.querySelectorAll('.msg.bot button, .msg.bot select, .msg.bot input, .msg.bot textarea'))
    control.disabled = true;
}

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

/**
 * Brings `node` into the conversation's box: its bottom at the box's bottom
 * when it fits, else its top at the top, so a question's text is never cut off.
 */
function reveal(node, { top = false } = {}) {
  if (!node) return;
  const fits = node.getBoundingClientRect().height <= scroller.clientHeight;
  node.scrollIntoView({ block: top || !fits ? 'start' : 'end', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
}

function showReplies(replies) {
  const rendered = replies.map((reply) => renderReply(reply, { strings, answer })).filter(Boolean);
  if (rendered.some((r) => r.node.querySelector('button, select, input'))) retireOldControls();
  for (const r of rendered) log.append(r.node);
  announce(rendered.map((r) => r.announce));
  const lastQuestion = [...rendered].reverse().find((r) => r.node.classList.contains('question'));
  if (lastQuestion) {
    composerInput.placeholder = lastQuestion.node.dataset.placeholder ?? '';
    currentStep = lastQuestion.node.dataset.step;
  }
  return rendered;
}

/**
 * Where the eye and the keyboard go after a turn. A new plan lands at its
 * top (its deadlines, then the question after it); a new letter's link
 * comes next; else the newest question. Someone typing stays in the text box.
 */
function placeView(rendered, { typed, resumed }) {
  const summary = resumed ? undefined : rendered.find((r) => r.node.classList.contains('summary'));
  const letter = rendered.find((r) => r.node.classList.contains('file'));
  const question = [...rendered].reverse().find((r) => r.node.classList.contains('question'));
  const target = summary ?? letter ?? question ?? rendered.at(-1);
  if (!typed) (target?.focus ?? composerInput).focus({ preventScroll: true });
  reveal(target?.node, { top: Boolean(summary) });
}

/**
 * Sends one input (or a function making it when its turn comes, after the replies
 * before it); on a failure the problem is shown with a button to send the same message again.
 * A `{kind: 'file', file}` input is the denial letter, sent as its own bytes.
 */
function send(input, echo, options = {}) {
  const id = messageId();
  queue = queue.then(() => attempt(typeof input === 'function' ? input() : input, echo, id, options));
  return queue;
}

async function attempt(input, echo, id, { typed = false, resumed = false, problem } = {}) {
  if (echo) {
    log.append(renderUserMessage(echo, strings));
    log.lastElementChild.scrollIntoView({ block: 'end' });
  }
  const file = input.kind === 'file' ? input.file : null;
  working.textContent = file ? strings.reading : strings.working;
  working.hidden = false;
  log.setAttribute('aria-busy', 'true');
  if (file) announce([strings.reading]);
  const result = file ? await postLetterFile(file, strings) : await postMessage(input, strings, id);
  working.hidden = true;
  log.removeAttribute('aria-busy');
  problem?.remove();
  if (!result.ok) {
    // Nothing typed is lost: the text goes back in the box unless something new was typed since.
    if (input.kind === 'text' && typed && !composerInput.value) composerInput.value = input.text;
    const retry = result.retry
      ? () => {
          queue = queue.then(() => attempt(input, '', id, { typed, resumed, problem: node }));
        }
      : undefined;
    const node = renderProblem(result.message, strings, retry);
    log.append(node);
    announce([result.message]);
    reveal(node);
    return;
  }
  // "Forget me" also wipes what this page shows, for people on a shared computer.
  if (result.forgotten) {
    log.replaceChildren();
    currentStep = undefined;
  }
  if (result.replies.length === 0) {
    // The server had already applied this message (its answer was lost on the way): show where we are.
    queue = queue.then(() => attempt({ kind: 'start' }, '', messageId(), { typed }));
    return;
  }
  placeView(showReplies(result.replies), { typed, resumed });
}

const CONFIRM = {
  forget: { title: 'confirm.forgetTitle', text: 'confirm.forgetText', ok: 'confirm.forgetOk' },
  restart: { title: 'confirm.restartTitle', text: 'confirm.restartText', ok: 'confirm.restartOk' },
};

/** Asks before a command that deletes answers; resolves true when the user confirms. */
function confirmed(command) {
  const words = CONFIRM[command];
  if (!words) return Promise.resolve(true);
  document.getElementById('confirm-title').textContent = strings[words.title];
  document.getElementById('confirm-text').textContent = strings[words.text];
  document.getElementById('confirm-ok').textContent = strings[words.ok];
  const opener = document.activeElement;
  return new Promise((resolve) => {
    confirmDialog.addEventListener(
      'close',
      () => {
        opener?.focus?.();
        resolve(confirmDialog.returnValue === 'ok');
      },
      { once: true },
    );
    confirmDialog.returnValue = '';
    confirmDialog.showModal();
    // The safe answer has focus, so Enter never deletes anything by surprise.
    document.getElementById('confirm-cancel').focus();
  });
}

function answer(input, echo) {
  if (input.kind !== 'command') {
    void send(input, echo);
    return;
  }
  void confirmed(input.command).then((ok) => {
    if (ok) void send(input, echo);
  });
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = composerInput.value.trim();
  if (!text) {
    composerInput.focus();
    return;
  }
  composerInput.value = '';
  // The step is read when the message's turn comes: a second answer typed before the first
  // one's reply arrived belongs to the question that reply brings.
  void send(() => ({ kind: 'text', text, ...(currentStep ? { step: currentStep } : {}) }), text, { typed: true });
});

/** The denial letter, picked (or photographed) or dropped: sent as it is, shown by its name only. */
function sendLetter(file) {
  if (!file) return;
  void send({ kind: 'file', file }, strings.sentFile.replace('{name}', file.name || 'letter'));
}

letterInput.addEventListener('change', () => {
  sendLetter(letterInput.files?.[0]);
  letterInput.value = '';
});

document.body.addEventListener('dragover', (event) => {
  if (![...(event.dataTransfer?.types ?? [])].includes('Files')) return;
  event.preventDefault();
  dropHint.hidden = false;
});
document.body.addEventListener('dragleave', (event) => {
  if (!document.body.contains(event.relatedTarget)) dropHint.hidden = true;
});
document.body.addEventListener('drop', (event) => {
  event.preventDefault();
  dropHint.hidden = true;
  sendLetter(event.dataTransfer?.files?.[0]);
});

forgetButton.addEventListener('click', () =>
  answer({ kind: 'command', command: 'forget' }, forgetButton.textContent ?? ''),
);

// Opening (or reloading) the page shows the conversation kept for this browser's session cookie, so far.
void send({ kind: 'start', history: true }, '', { typed: true, resumed: true });
