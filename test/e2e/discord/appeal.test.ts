import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, type FakeMessage } from '../../fakes/discord.js';
import { EMBED_LIMITS, embedLength } from '../../../src/adapters/discord/embeds.js';
import { choice, customIds, docxText, GUILD, question, startHarness, type Harness } from './harness.js';

/**
 * The seed scenario end to end through a real discord.js Client: `/appeal` in
 * a server (ephemeral answer), then the DM — typed text, a select, buttons, a
 * date modal, the summary embeds and the .docx letter as an attachment.
 */
describe('Discord: an appeal from a server command to the letter in the DM', () => {
  let h: Harness;
  let dmChannel: string;

  beforeAll(async () => {
    h = await startHarness();
    dmChannel = h.fake.dmChannelOf(h.user);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Clicks a component and returns the turn's messages; checks the interaction was answered exactly once. */
  async function click(message: FakeMessage, target: [string, string[] | undefined]): Promise<FakeMessage[]> {
    let interactionId = '';
    const messages = await h.turn(() => {
      interactionId = h.fake.click(h.user, message, target[0], target[1]).id;
    });
    const record = [...h.fake.interactions.values()].find((i) => i.id === interactionId);
    expect(record?.callbacks).toHaveLength(1);
    return messages;
  }

  it('walks the whole flow', async () => {
    // 1. /appeal in a server: one ephemeral pointer there, the flow itself in the DM.
    let command = '';
    const start = await h.turn(() => {
      command = h.fake.slashCommand(h.user, 'appeal', { guildId: GUILD.id }).id;
    });
    // The pointer is the interaction's answer, sent once the DM is known to be open.
    await h.fake.waitForMessage((m) => m.interactionId === command);
    const inServer = h.fake.outbox.filter((m) => m.channelId === GUILD.channelId);
    expect(inServer).toHaveLength(1);
    expect(inServer[0]).toMatchObject({ via: 'reply', ephemeral: true });
    expect(inServer[0]!.content).toContain('so your health details stay private');
    expect(inServer[0]!.content).toContain(`https://discord.com/channels/@me/${dmChannel}`);
    const greeting = start.filter((m) => m.channelId === dmChannel);
    expect(greeting.every((m) => m.via === 'channel' && !m.ephemeral)).toBe(true);
    expect(greeting[0]!.content).toMatch(/not legal or medical advice/);

    // Insurer: a string select of the known insurers, a "Type a name" modal button, then navigation.
    // The first question asks who the user is (buttons); skipping it leads to the insurer.
    const voice = question(start);
    expect(voice.content).toMatch(/are you the patient, helping someone, or on the care team/);
    const insurer = question(await click(voice, choice(voice, 'Skip')));
    expect(insurer.content).toMatch(/insurance company/i);
    const [select, ...rest] = componentsOf(insurer);
    expect(select).toMatchObject({ type: 3, custom_id: 's:insurer', min_values: 1, max_values: 1 });
    expect(select!.options.length).toBeLessThanOrEqual(25);
    expect(select!.options.map((o: { value: string }) => o.value)).toContain('cigna');
    // A longer list than a select holds is never cut silently: the message says how to reach the rest.
    if (select!.options.length === 25)
      expect(insurer.content).toMatch(/first 25 of \d+\. If yours isn't there, type its name here/);
    // Nothing to change or start over before the first answer.
    expect(rest.map((c) => c.custom_id)).toEqual(['t:insurer:other', 'cmd:help', 'cmd:forget']);

    // 2. Pick Cigna in the select.
    const afterInsurer = await click(insurer, choice(insurer, 'Cigna'));
    expect(afterInsurer.every((m) => m.channelId === dmChannel && !m.ephemeral)).toBe(true);
    expect(afterInsurer[0]!.content).toContain('Cigna');
    const drug = question(afterInsurer);
    expect(drug.content).toMatch(/Which drug/);
    expect(customIds(drug)[0]).toBe('t:drug:text');
    expect(drug.content).toContain('Type your answer here');

    // 3. Type the drug in the DM.
    const afterDrug = await h.turn(() => h.fake.dmMessage(h.user, 'ocrevus'));
    expect(afterDrug.map((m) => m.content).join('\n')).toMatch(/Ocrevus/);
    const reason = question(afterDrug);
    expect(
      componentsOf(reason)
        .filter((c) => c.type === 2 && c.custom_id.startsWith('c:reason:'))
        .map((c) => c.custom_id),
    ).toContain('c:reason:medical-necessity');

    // 4–6. Buttons: reason, plan type, stage.
    const plan = question(await click(reason, ['c:reason:medical-necessity', undefined]));
    // The answered question is greyed out with the choice highlighted; only the newest question stays live.
    expect(reason.edited).toBe(true);
    expect(componentsOf(reason).every((c) => c.disabled === true)).toBe(true);
    expect(
      componentsOf(reason)
        .filter((c) => c.style === 3)
        .map((c) => c.custom_id),
    ).toEqual(['c:reason:medical-necessity']);
    expect(componentsOf(insurer)[0]).toMatchObject({
      disabled: true,
      options: expect.arrayContaining([expect.objectContaining({ value: 'cigna', default: true })]),
    });
    expect(plan.content).toMatch(/kind of plan/);
    expect(customIds(plan)).toContain('c:plan:employer');
    const stage = question(await click(plan, ['c:plan:employer', undefined]));
    expect(customIds(stage)).toContain('c:stage:first');
    const date = question(await click(stage, ['c:stage:first', undefined]));

    // 7. The date: no date picker on Discord, so a button opens a modal with one text input.
    expect(date.content).toMatch(/date is printed on the denial letter/);
    const [dateButton] = componentsOf(date);
    expect(dateButton).toMatchObject({ type: 2, label: 'Enter the date' });
    const opened = h.fake.click(h.user, date, dateButton!.custom_id);
    await h.fake.waitForRequest((r) => r.path === `/interactions/${opened.id}/${opened.token}/callback`);
    expect(opened.callbacks).toEqual([9]);
    expect(opened.modal).toMatchObject({
      custom_id: `m:${dateButton!.custom_id.split(':')[1]}:date`,
      components: [{ type: 18, label: 'Date', component: { type: 4, custom_id: 'answer', required: true } }],
    });
    const afterDate = await h.turn(() => h.fake.submitModal(h.user, opened, 'March 3, 2026', date));
    const confirmDate = question(afterDate);
    expect(confirmDate.content).toContain('Tuesday, March 3, 2026');

    // 8. Confirm the parsed date, then 9. not urgent.
    const urgent = question(await click(confirmDate, choice(confirmDate, 'Yes')));
    const notUrgent = customIds(urgent).find((id) => /^c:[^:]+:no$/.test(id));
    expect(notUrgent).toBeDefined();
    const summaryTurn = await click(urgent, [notUrgent!, undefined]);

    // The summary: embeds within Discord's limits, a neutral first line for notification previews.
    const summaryMessages = summaryTurn.filter((m) => m.embeds.length > 0);
    expect(summaryMessages.length).toBeGreaterThan(0);
    expect(summaryMessages[0]!.content).toBe('Here is your appeal summary.');
    for (const message of summaryMessages) {
      expect(message.embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.perMessage);
      expect(message.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    }
    const embeds = summaryMessages.flatMap((m) => m.embeds);
    const facts = embeds[0]!.fields!.map((f: { name: string; value: string }) => `${f.name}: ${f.value}`);
    expect(facts.join('\n')).toMatch(/Cigna/);
    expect(facts.join('\n')).toMatch(/Ocrevus/);
    const deadlineText = JSON.stringify(embeds);
    expect(deadlineText).toMatch(/CFR|U\.S\.C\.|§/);
    expect(deadlineText).toMatch(/2026/);

    // 10. Who signs, then the letter details in modals of at most five fields, page by page.
    const author = question(summaryTurn);
    const details = question(await click(author, choice(author, /patient|myself|^I /i)));
    expect(customIds(details)).toEqual(expect.arrayContaining(['f:details:0', 'c:details:skip']));
    const page1 = h.fake.click(h.user, details, 'f:details:0');
    await h.fake.waitForRequest((r) => r.path === `/interactions/${page1.id}/${page1.token}/callback`);
    expect(page1.callbacks).toEqual([9]);
    expect(page1.modal!.title).toBe('Letter details (1/5)');
    expect(page1.modal!.components.map((c: any) => c.component.custom_id)).toEqual([
      'patientName',
      'dateOfBirth',
      'patientAddress',
      'patientPhone',
      'patientEmail',
    ]);
    const saved = question(
      await h.turn(() => h.fake.submitModalValues(h.user, page1, { patientName: 'Jordan Rivera' }, details)),
    );
    expect(saved.content).toContain('Saved page 1 of 5');
    const page2 = h.fake.click(h.user, saved, 'f:details:1');
    await h.fake.waitForRequest((r) => r.path === `/interactions/${page2.id}/${page2.token}/callback`);
    expect(page2.modal!.title).toBe('Letter details (2/5)');
    const saved2 = question(
      await h.turn(() => h.fake.submitModalValues(h.user, page2, { memberId: 'U8812345601' }, saved)),
    );
    // "Make the letter now" ends the form with what was given.
    const letterTurn = await click(saved2, ['fd:details', undefined]);
    const letter = letterTurn.find((m) => m.attachments.length > 0)!;
    expect(letter).toMatchObject({ channelId: dmChannel, ephemeral: false });
    expect(letter.attachments[0]!.name).toMatch(/\.docx$/);
    // Uploaded as a Word document, not as the zip its bytes look like.
    expect(letter.attachments[0]!.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const text = await docxText(letter.attachments[0]!.bytes);
    expect(text).toMatch(/Ocrevus|ocrelizumab/i);
    expect(text).toContain('Jordan Rivera');
    expect(text).toContain('Member ID: U8812345601');
    // One message: the letter, its PDF, then the deadlines as a calendar file with nothing about the drug or insurer in it.
    expect(letter.attachments.map((a) => a.name)).toEqual([
      expect.stringMatching(/\.docx$/),
      expect.stringMatching(/\.pdf$/),
      'appeal-deadlines.ics',
    ]);
    expect(Buffer.from(letter.attachments[1]!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(letter.attachments[2]!.bytes).toString('utf8')).not.toMatch(/ocrevus|cigna/i);
    expect(letter.content).toMatch(/^Here's your draft appeal letter\.[\s\S]*PDF[\s\S]*calendar/);
    // 180 days from the March 3 denial: the internal-appeal deadline the summary showed.
    expect(text).toMatch(/August 30, 2026/);
    expect(deadlineText).toMatch(/August 30, 2026/);

    // Privacy: answers echoed back ("Drug: Ocrevus") never show on a lock screen: every DM message is @silent
    // except the one with the letter's files, whose captions are written to be previewed.
    const inDm = h.fake.outbox.filter((m) => m.channelId === dmChannel);
    expect(inDm.filter((m) => !m.silent)).toEqual([letter]);
    expect(letter.content).not.toMatch(/ocrevus|cigna|rivera/i);
    // Custom ids carry step and choice ids only; nothing reached the server channel but the ephemeral pointer.
    const allIds = h.fake.outbox.flatMap(customIds);
    expect(allIds.every((id) => id.length <= 100 && !/ocrevus|march|rivera|U88/i.test(id))).toBe(true);
    expect(h.fake.outbox.filter((m) => m.channelId === GUILD.channelId)).toHaveLength(1);
    // Every interaction got exactly one initial response.
    expect([...h.fake.interactions.values()].every((i) => i.callbacks.length === 1)).toBe(true);
  });

  it('switches cases from a select and keeps their answers apart', async () => {
    const say = (text: string) => h.turn(() => h.fake.dmMessage(h.user, text));
    const text = (messages: FakeMessage[]) => messages.map((m) => m.content).join('\n');
    expect(text(await say('new case'))).toMatch(/Case 2 is open/);
    await say('aetna');
    const list = question(await say('cases'));
    const select = componentsOf(list).find((c) => c.type === 3);
    const options = (select?.options ?? []) as Array<{ label: string; value: string }>;
    expect(options.map((o) => [o.value, o.label])).toEqual([
      ['case-1', 'Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3'],
      ['case-2', 'Case 2 · Aetna (CVS Health) (now)'],
      ['new', 'Start a new case'],
    ]);
    const back = await click(list, choice(list, 'Case 1'));
    expect(text(back)).toMatch(/Now working on:\nCase 1 · Ocrevus · Cigna Healthcare · notice of Mar 3/);
    expect(text(await say('status'))).toMatch(/- insurer: Cigna Healthcare\n- drug: Ocrevus/);
    expect(text(await say('case 2'))).toMatch(/Now working on:\nCase 2 · Aetna[\s\S]*Which drug was denied/);
    expect(text(await say('status'))).toMatch(/- insurer: Aetna \(CVS Health\)\n- drug: not answered yet/);
    // The select's values are case numbers: nothing from the answers rides in a custom id or value.
    expect(JSON.stringify(componentsOf(list).map((c) => [c.custom_id, c.options]))).not.toMatch(
      /"value":"[^"]*ocrevus/i,
    );
  });
});
