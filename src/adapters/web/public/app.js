import { postMessage } from './api.js';
import { renderProblem, renderReply, renderUserMessage } from './render.js';

const strings = JSON.parse(document.getElementById('strings').textContent);
const log = document.getElementById('log');
const announcer = document.getElementById('announcer');
const working = document.getElementById('working');
const composer = document.getElementById('composer');
const composerInput = document.getElementById('composer-input');
const forgetButton = document.getElementById('forget');

/** Messages are sent one at a time, in order, so answers never overtake each other. */
let queue = Promise.resolve();

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

function scrollToEnd() {
  log.lastElementChild?.scrollIntoView({ block: 'end', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
}

function showReplies(replies) {
  const rendered = replies.map((reply) => renderReply(reply, { strings, answer })).filter(Boolean);
  if (rendered.some((r) => r.node.querySelector('button, select, input'))) retireOldControls();
  for (const r of rendered) log.append(r.node);
  announce(rendered.map((r) => r.announce));
  const lastQuestion = [...rendered].reverse().find((r) => r.node.classList.contains('question'));
  composerInput.placeholder = lastQuestion?.node.dataset.placeholder ?? '';
  scrollToEnd();
  return rendered;
}

/**
 * After a turn, keep the typist in the text box; otherwise go to the new
 * letter's download link, or else the new question's first control.
 */
function placeFocus(rendered, typed) {
  if (typed) return;
  const letter = rendered.find((r) => r.node.classList.contains('file'));
  const target = letter?.focus ?? [...rendered].reverse().find((r) => r.focus)?.focus;
  (target ?? composerInput).focus();
}

function send(input, echo, { typed = false } = {}) {
  queue = queue.then(async () => {
    if (echo) log.append(renderUserMessage(echo, strings));
    scrollToEnd();
    working.hidden = false;
    log.setAttribute('aria-busy', 'true');
    const result = await postMessage(input, strings);
    working.hidden = true;
    log.removeAttribute('aria-busy');
    if (!result.ok) {
      log.append(renderProblem(result.message, strings));
      announce([result.message]);
      scrollToEnd();
      return;
    }
    // "Forget me" also wipes what this page shows, for people on a shared computer.
    if (result.forgotten) log.replaceChildren();
    placeFocus(showReplies(result.replies), typed);
  });
  return queue;
}

function answer(input, echo) {
  void send(input, echo);
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = composerInput.value.trim();
  if (!text) {
    composerInput.focus();
    return;
  }
  composerInput.value = '';
  void send({ kind: 'text', text }, text, { typed: true });
});

forgetButton.addEventListener('click', () => {
  void send({ kind: 'command', command: 'forget' }, forgetButton.textContent ?? '');
});

// Opening (or reloading) the page resumes the conversation kept for this browser's session cookie.
void send({ kind: 'start' }, '', { typed: true });
