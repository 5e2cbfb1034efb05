import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/adapters/slack/blocks.js';
import { translator } from '../../../src/core/i18n.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { CHANNEL, DM, PATIENT, startHarness, type Harness } from './harness.js';

const t = translator('en');

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: Array<{ value: string; text: { text: string } }>;
  initial_date?: string;
  accessibility_label?: string;
}
interface BlockJson {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Element[];
}

function blocksOf(call: SlackApiCall): BlockJson[] {
  return (call.params.blocks as BlockJson[] | undefined) ?? [];
}

/**
 * Drives the seed scenario through the real Bolt app: signed requests in,
 * Web API calls out to the loopback fake. Each step waits for the turn's
 * messages to reach the fake before reading them.
 */
describe('Slack: a whole appeal from /appeal in a channel to the letter in the DM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const posted = (): SlackApiCall[] => h.api.callsTo('chat.postMessage');

  /** The newest DM message that asks question `step` (any step when omitted), and its answer elements. */
  function question(step?: string): { call: SlackApiCall; step: string; blockId: string; elements: Element[] } {
    for (const call of [...posted()].reverse()) {
      const block = blocksOf(call).find((b) => b.type === 'actions' && b.block_id?.startsWith(`ovq|${step ?? ''}`));
      if (block)
        return { call, step: block.block_id!.split('|')[1]!, blockId: block.block_id!, elements: block.elements ?? [] };
    }
    throw new Error(`no question for step ${step ?? '(any)'} was posted`);
  }

  async function settle(response: Response): Promise<void> {
    expect(response.status).toBe(200);
    await h.slack.settled();
  }

  /** Clicks an element of the newest question, as Slack reports it: with the clicked message attached. */
  async function click(step: string | undefined, action: Record<string, unknown>): Promise<void> {
    const { call, blockId } = question(step);
    const message = { ts: `${posted().indexOf(call)}.000100`, blocks: blocksOf(call) };
    await settle(await h.sender.action(PATIENT, { ...action, block_id: blockId }, DM, { message }));
    const update = h.api.callsTo('chat.update').find((c) => c.params.ts === message.ts);
    // The answered question loses its inputs, so it cannot be answered twice by accident.
    expect(update?.params.channel).toBe(DM);
    expect(blocksOf(update!).some((b) => b.block_id?.startsWith('ovq|'))).toBe(false);
    expect(JSON.stringify(blocksOf(update!))).toContain(t('slack.answered'));
  }

  async function pick(step: string, choice: string): Promise<void> {
    const { elements } = question(step);
    const button = elements.find((e) => e.type === 'button' && e.value === choice);
    const select = elements.find((e) => e.type === 'static_select' && e.options?.some((o) => o.value === choice));
    if (button) {
      await click(step, { type: 'button', action_id: button.action_id, value: choice });
    } else if (select) {
      const option = select.options!.find((o) => o.value === choice)!;
      await click(step, { type: 'static_select', action_id: select.action_id, selected_option: option });
    } else {
      throw new Error(`step ${step} offers no choice ${choice}`);
    }
  }

  const newCalls = (from: number): SlackApiCall[] => h.api.calls.slice(from);

  it('answers ephemerally in the channel and asks the first question in the DM', async () => {
    await settle(await h.sender.command(PATIENT, '/appeal', CHANNEL, h.api.responseUrl('cmd-1')));

    expect(h.api.responses).toEqual([
      {
        path: '/respond/cmd-1',
        body: expect.objectContaining({ response_type: 'ephemeral', text: t('slack.movedToDm') }),
      },
    ]);
    expect(h.api.callsTo('conversations.open')[0]?.params.users).toBe(PATIENT.userId);
    expect(posted().every((call) => call.params.channel === DM)).toBe(true);
    expect(posted()[0]?.token).toBe('xoxb-test');

    // The first question asks who the user is; skipping it leads to the insurer.
    expect(question('voice').elements.map((e) => e.value)).toEqual(['patient', 'helper', 'care-team', 'skip']);
    await pick('voice', 'skip');
    const insurer = question('insurer');
    expect(insurer.call.params.text).toBe(t('slack.questionFallback'));
    expect(insurer.elements.map((e) => e.type)).toEqual(['static_select']);
    expect(insurer.elements[0]!.options!.map((o) => o.value)).toContain('cigna');
    const nav = blocksOf(insurer.call).find((b) => b.block_id?.startsWith('ovnav|'));
    // Before any answer the row is short: nothing to change or start over yet.
    expect(nav?.elements?.map((e) => e.value)).toEqual(['help', 'forget']);
    for (const element of nav?.elements ?? []) expect(element.accessibility_label).toBeTruthy();
  });

  it('takes a menu choice, typed text and a fuzzy-match confirmation', async () => {
    await pick('insurer', 'cigna');
    const before = h.api.calls.length;
    // A misspelt drug name is confirmed with buttons before it is taken.
    await settle(await h.sender.dm(PATIENT, 'ocrevs'));
    const [confirm] = newCalls(before).filter((c) => c.method === 'chat.postMessage');
    expect(confirm?.params.text).toBe(t('slack.questionFallback'));
    expect(blocksOf(confirm!)[0]?.text?.text).toMatch(/Ocrevus/);
    const { elements } = question('drug');
    expect(elements.every((e) => e.type === 'button' && e.accessibility_label)).toBe(true);
    expect(elements.map((e) => e.value)).toContain('none');
    const yes = elements.find((e) => e.value !== 'none')!;
    await pick('drug', yes.value!);
    expect(question().step).toBe('reason');
  });

  it('offers reason, plan type and stage as native elements and accepts clicks', async () => {
    const reason = question('reason');
    expect(reason.elements.flatMap((e) => e.options?.map((o) => o.value) ?? e.value)).toContain('medical-necessity');
    await pick('reason', 'medical-necessity');
    await pick('plan', 'employer');
    const stage = question('stage');
    expect(stage.elements.map((e) => e.type)).toEqual(['button', 'button']);
    await pick('stage', 'first');
  });

  it('asks the denial date with an empty date picker and urgency with two buttons', async () => {
    const { step, elements } = question();
    expect(elements).toHaveLength(1);
    expect(elements[0]).toMatchObject({ type: 'datepicker' });
    expect(elements[0]!.initial_date).toBeUndefined();
    await click(step, { type: 'datepicker', action_id: elements[0]!.action_id, selected_date: '2026-03-03' });

    const urgent = question();
    expect(urgent.step).not.toBe(question('stage').step);
    expect(urgent.elements.map((e) => [e.type, e.value])).toEqual([
      ['button', 'yes'],
      ['button', 'no'],
    ]);
    const before = h.api.calls.length;
    await pick(urgent.step, 'no');

    const summary = newCalls(before).filter(
      (c) => c.method === 'chat.postMessage' && blocksOf(c).some((b) => b.type === 'header'),
    );
    expect(summary.length).toBeGreaterThan(0);
    const blocks = summary.flatMap(blocksOf);
    const everything = JSON.stringify(blocks);
    for (const call of summary) {
      expect(blocksOf(call).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(call.params.text).toMatch(/^Your appeal plan/);
      expect(String(call.params.text)).not.toMatch(/cigna|ocrevus|2026/i);
    }
    expect(summary[0]!.params.text).toBe(t('slack.summaryFallback'));
    // Deadlines: written-out date, days left and the rule with its citation.
    expect(everything).toMatch(/\*[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, 2026\* \(\d+ days left\)/);
    expect(everything).toMatch(/Rule: [^"]*(CFR|U\.S\.C\.|§)/);
    // The label is said once: "Rule: 29 CFR …", never "Rule: Rule: 29 CFR …".
    expect(everything).not.toContain('Rule: Rule:');
    expect(blocks.some((b) => b.type === 'section' && /\n1\. /.test(b.text?.text ?? ''))).toBe(true);
  });

  it('opens the letter details in a modal and delivers the letter as a .docx and a PDF in the DM', async () => {
    const author = question();
    expect(author.elements.map((e) => e.value)).toContain('patient');
    await pick(author.step, 'patient');

    // The details question: "Add details" opens a modal (views.open with the click's trigger id), "Skip" answers.
    const details = question('details');
    const open = details.elements.find((e) => e.action_id.startsWith('ov_form'))!;
    expect(open.value).toBe('open');
    expect(details.elements.map((e) => e.value)).toContain('skip');
    const message = { ts: `${posted().indexOf(details.call)}.000100`, blocks: blocksOf(details.call) };
    await settle(
      await h.sender.action(
        PATIENT,
        { type: 'button', action_id: open.action_id, value: 'open', block_id: details.blockId },
        DM,
        { message },
      ),
    );
    const [opened] = h.api.callsTo('views.open');
    expect(opened?.params.trigger_id).toMatch(/^trigger-/);
    const view = opened!.params.view as Record<string, any>;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'ov_form', private_metadata: 'details' });
    const inputs = (view.blocks as Array<Record<string, any>>).filter((b) => b.type === 'input');
    expect(inputs.every((b) => b.optional === true)).toBe(true);
    expect(inputs.map((b) => b.block_id)).toContain('f|patientName');
    const tried = inputs.find((b) => b.block_id === 'f|tried')!.element;
    expect(tried.type).toBe('multi_static_select');
    const kesimpta = tried.options.find((o: any) => /Kesimpta/.test(o.text.text));

    // Submitted: the modal closes, the answer is taken, the letter comes to the DM.
    await settle(
      await h.sender.viewSubmission(PATIENT, view, {
        'f|patientName': { v: { type: 'plain_text_input', value: 'Jordan Rivera' } },
        'f|memberId': { v: { type: 'plain_text_input', value: 'U8812345601' } },
        'f|groupNumber': { v: { type: 'plain_text_input', value: null } },
        'f|tried': { v: { type: 'multi_static_select', selected_options: [kesimpta] } },
      }),
    );
    // One message in the DM: the letter and its PDF, then the deadlines as a calendar file with nothing
    // about the drug or insurer in it, under the three captions (one notification, no health details).
    expect(h.api.shares).toHaveLength(1);
    const [share] = h.api.shares;
    expect(share?.channel).toBe(DM);
    expect(share?.comment).toMatch(/^Here's your draft appeal letter\.[\s\S]*PDF[\s\S]*calendar/);
    expect(String(share?.comment)).not.toMatch(/cigna|ocrevus|rivera/i);
    const files = share!.files;
    expect(files.map((f) => f.filename)).toEqual([
      expect.stringMatching(/\.docx$/),
      expect.stringMatching(/\.pdf$/),
      'appeal-deadlines.ics',
    ]);
    const calendar = Buffer.from(files[2]!.bytes).toString('utf8');
    expect(calendar).toMatch(/^BEGIN:VCALENDAR/);
    expect(calendar).toContain('SUMMARY:Appeal deadline');
    expect(calendar).not.toMatch(/cigna|ocrevus/i);
    const { value: letter } = await mammoth.extractRawText({ buffer: files[0]!.bytes });
    expect(letter).toMatch(/Ocrevus|ocrelizumab/);
    expect(letter).toContain('Member ID: U8812345601');
    expect(letter).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab)');
    expect(files[1]!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('switches cases from a menu and keeps their answers apart', async () => {
    const dmText = (from: number): string =>
      newCalls(from)
        .filter((c) => c.method === 'chat.postMessage')
        .map((c) => `${String(c.params.text)} ${JSON.stringify(c.params.blocks ?? '')}`)
        .join('\n');
    await settle(await h.sender.dm(PATIENT, 'new case'));
    expect(question().step).toBe('insurer');
    await settle(await h.sender.dm(PATIENT, 'aetna'));
    await settle(await h.sender.dm(PATIENT, 'cases'));
    const menu = question('cases').elements;
    expect(menu.map((e) => e.type)).toEqual(['static_select']);
    expect(menu[0]!.options!.map((o) => [o.value, o.text.text])).toEqual([
      ['case-1', 'Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3'],
      ['case-2', 'Case 2 · Aetna (CVS Health) (now)'],
      ['new', 'Start a new case'],
    ]);
    let before = h.api.calls.length;
    await pick('cases', 'case-1');
    expect(dmText(before)).toMatch(/Now working on:\\nCase 1 · Ocrevus · Cigna Healthcare · notice of Mar 3/);
    before = h.api.calls.length;
    await settle(await h.sender.dm(PATIENT, 'status'));
    expect(dmText(before)).toMatch(/Ocrevus/);
    before = h.api.calls.length;
    await settle(await h.sender.dm(PATIENT, 'case 2'));
    expect(dmText(before)).toMatch(/Now working on:\\nCase 2 · Aetna[\s\S]*Which drug was denied/);
    before = h.api.calls.length;
    await settle(await h.sender.dm(PATIENT, 'status'));
    expect(dmText(before)).toMatch(/- insurer: Aetna \(CVS Health\)\\n- drug: not answered yet/);
  });

  it('never posts an answer anywhere but the DM', () => {
    const outsideDm = h.api.calls.filter((c) => c.params.channel !== undefined && c.params.channel !== DM);
    const seen = JSON.stringify([...outsideDm.map((c) => c.params), ...h.api.responses.map((r) => r.body)]);
    for (const answer of [
      /cigna/i,
      /ocrevus/i,
      /ocrelizumab/i,
      /medic/i,
      /employer/i,
      /2026-03-03|March 3/,
      /Rivera|U88/,
    ])
      expect(seen).not.toMatch(answer);
    // Button values and ids carry choice ids only: no typed text ever reaches an element.
    const elements = JSON.stringify(
      posted()
        .flatMap(blocksOf)
        .flatMap((b) => b.elements ?? [])
        .map((e) => [e.action_id, e.value]),
    );
    expect(elements).not.toMatch(/ocrevus/i);
  });
});
