import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../../src/core/conversation.js';
import { startFakeBotConnector, type ConnectorActivity, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { actions, adaptiveCards, continueAction, expectCardRules, inputs, texts, visibleText } from './card-checks.js';
import { TENANT_ID, TeamsChat, USER_AAD_ID, startTeamsHarness, type TeamsHarness } from './harness.js';

/**
 * The seed scenario in a Teams personal chat, through the real CloudAdapter
 * against the loopback Bot Connector: first message, card submits, typed
 * text, the summary card, and the letter through the FileConsentCard flow.
 */
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

let connector: FakeBotConnector;
let harness: TeamsHarness;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' });
});

afterAll(async () => {
  await harness?.close();
  await connector?.close();
});

/** The one Adaptive Card of a turn that asks something, checked against the card rules. */
function questionCard(replies: ConnectorActivity[]) {
  const cards = replies.flatMap(adaptiveCards);
  for (const card of cards) expectCardRules(card);
  const question = cards.at(-1);
  expect(question, 'the turn ends with a question card').toBeDefined();
  return question!;
}

function buttonFor(card: Record<string, any>, choice: string) {
  const button = actions(card).find((a) => a.data?.choice === choice);
  expect(button, `a button for ${choice}`).toBeDefined();
  return button!;
}

function consentCard(replies: ConnectorActivity[]) {
  const attachment = replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === FILE_CONSENT);
  expect(attachment, 'a FileConsentCard').toBeDefined();
  return attachment!;
}

function uploadInfo(name: string) {
  return {
    name,
    uploadUrl: connector.uploadUrl(name),
    contentUrl: `https://contoso-my.sharepoint.com/personal/nurse/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
    uniqueId: 'F1A2B3C4-0000-4000-8000-000000000001',
    fileType: 'docx',
  };
}

/** Answers the seed scenario up to the letter's consent card (used by the tests that start from there). */
async function reachLetter(chat: TeamsChat) {
  let { replies } = await chat.say('hello');
  ({ replies } = await chat.submit(buttonFor(questionCard(replies), 'skip').data));
  ({ replies } = await chat.submit({ ...continueAction(questionCard(replies)).data, choice: 'cigna' }));
  ({ replies } = await chat.say('ocrevus'));
  let card = questionCard(replies);
  const confirm = actions(card).find((a) => /ocrevus/i.test(String(a.title)));
  if (confirm) {
    ({ replies } = await chat.submit(confirm.data));
    card = questionCard(replies);
  }
  ({ replies } = await chat.submit({ ...continueAction(card).data, choice: 'medical-necessity' }));
  ({ replies } = await chat.submit({ ...continueAction(questionCard(replies)).data, choice: 'employer' }));
  ({ replies } = await chat.submit(buttonFor(questionCard(replies), 'first').data));
  ({ replies } = await chat.submit({ ...continueAction(questionCard(replies)).data, date: '2026-03-03' }));
  ({ replies } = await chat.submit({ ...continueAction(questionCard(replies)).data, choice: 'no' }));
  ({ replies } = await chat.submit(buttonFor(questionCard(replies), 'patient').data));
  ({ replies } = await chat.submit(buttonFor(questionCard(replies), 'skip').data));
  return consentCard(replies);
}

describe('Teams personal chat, seed scenario', () => {
  it('goes from the first message through card submits to the uploaded .docx', async () => {
    const chat = new TeamsChat(harness, connector);

    // First message: what the bot is, and who the user is (skipped); then the insurer as a filtered ChoiceSet.
    let turn = await chat.say('hello');
    expect(turn.status).toBe(200);
    expect(visibleText(turn.replies[0]!)).toMatch(/not legal or medical advice/i);
    turn = await chat.submit(buttonFor(questionCard(turn.replies), 'skip').data);
    let card = questionCard(turn.replies);
    const [insurer] = inputs(card);
    expect(insurer).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', id: 'choice' });
    expect(insurer!.choices).toContainEqual(expect.objectContaining({ value: 'cigna' }));
    const insurerStep = continueAction(card).data.step;
    expect(continueAction(card).data).toEqual({ step: insurerStep });
    expect(
      card.body.some((e: any) => e.type === 'ActionSet' && e.actions.some((a: any) => a.data?.command === 'forget')),
    ).toBe(true);

    // Insurer picked in the card; the drug is asked in plain text.
    turn = await chat.submit({ ...continueAction(card).data, choice: 'cigna' });
    expect(turn.replies.map(visibleText).join(' ')).toContain('Cigna');
    card = questionCard(turn.replies);
    expect(inputs(card)).toEqual([]);
    expect(texts(card).join(' ')).toContain('message box');

    // Typing works: the drug by name. (A confirm card appears only if the name is unclear.)
    turn = await chat.say('ocrevus');
    card = questionCard(turn.replies);
    const confirm = actions(card).find((a) => /ocrevus/i.test(String(a.title)));
    if (confirm) {
      turn = await chat.submit(confirm.data);
      card = questionCard(turn.replies);
    }
    expect(turn.replies.map(visibleText).join(' ')).toMatch(/Ocrevus/);

    // Denial reason and plan type: expanded ChoiceSets.
    expect(inputs(card)[0]).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded', isRequired: true });
    expect(inputs(card)[0]!.choices).toContainEqual(expect.objectContaining({ value: 'medical-necessity' }));
    turn = await chat.submit({ ...continueAction(card).data, choice: 'medical-necessity' });
    card = questionCard(turn.replies);
    expect(inputs(card)[0]).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded' });
    expect(inputs(card)[0]!.choices).toContainEqual(expect.objectContaining({ value: 'employer' }));
    turn = await chat.submit({ ...continueAction(card).data, choice: 'employer' });

    // Stage: two buttons that carry step and choice ids.
    card = questionCard(turn.replies);
    expect(buttonFor(card, 'first').data).toEqual({ step: expect.any(String), choice: 'first' });
    turn = await chat.submit(buttonFor(card, 'first').data);

    // Denial date: Input.Date with max = today.
    card = questionCard(turn.replies);
    expect(inputs(card)).toEqual([
      expect.objectContaining({ type: 'Input.Date', id: 'date', max: '2026-04-01', isRequired: true }),
    ]);
    turn = await chat.submit({ ...continueAction(card).data, date: '2026-03-03' });
    expect(turn.replies.map(visibleText).join(' ')).toContain('March 3, 2026');

    // Urgency: a toggle, left off.
    card = questionCard(turn.replies);
    const [toggle] = inputs(card);
    expect(toggle).toMatchObject({ type: 'Input.Toggle', valueOn: 'yes', valueOff: 'no' });
    turn = await chat.submit({ ...continueAction(card).data, choice: toggle!.value });

    // The summary: a card with a FactSet of deadlines (dates written out, each with its rule) and the checklist.
    const cards = turn.replies.flatMap(adaptiveCards);
    const summary = cards.find((c) =>
      c.body.some((e: any) => e.type === 'FactSet' && e.facts.some((f: any) => /\d{4}/.test(f.title))),
    );
    expect(summary, 'a summary card with a FactSet of deadlines').toBeDefined();
    expectCardRules(summary!);
    const deadlines = summary!.body.filter((e: any) => e.type === 'FactSet').at(-1).facts as Array<{
      title: string;
      value: string;
    }>;
    expect(deadlines.length).toBeGreaterThan(0);
    for (const fact of deadlines) {
      expect(fact.title).toMatch(/^\w+day, \w+ \d{1,2}, \d{4}$/);
      expect(fact.value).toMatch(/CFR|U\.S\.C\.|§|Rule/);
    }
    expect(cards.flatMap(texts).some((text) => /^1\. /.test(text))).toBe(true);

    // Who signs: buttons; then the letter details as inputs on one card, every one optional.
    card = questionCard(turn.replies);
    turn = await chat.submit(buttonFor(card, 'patient').data);
    card = questionCard(turn.replies);
    const fields = inputs(card);
    expect(fields.map((f) => f.id)).toContain('f_patientName');
    expect(fields.every((f) => !f.isRequired)).toBe(true);
    const tried = fields.find((f) => f.id === 'f_tried')!;
    expect(tried).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    const save = actions(card).find((a) => a.data?.form === 'submit')!;
    expect(save.data).toEqual({ step: 'details', form: 'submit' });
    // Teams merges the inputs into the submit data: a multi-select arrives comma-separated.
    const kesimpta = tried.choices.find((c: any) => /Kesimpta/.test(c.title)).value;
    turn = await chat.submit({
      ...save.data,
      f_patientName: 'Jordan Rivera',
      f_memberId: 'U8812345601',
      f_tried: `${kesimpta},other`,
      f_triedOther: 'rituximab',
    });

    // The letter comes as FileConsentCards (.docx, then the PDF, then the calendar) naming only which file each is.
    const consents = turn.replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === FILE_CONSENT);
    expect(consents.map((c) => c.name)).toEqual(['appeal-letter.docx', 'appeal-letter.pdf', 'appeal-deadlines.ics']);
    for (const c of consents) expect(JSON.stringify(c)).not.toMatch(/rivera|U88/i);
    const consent = consentCard(turn.replies);
    // Teams shows the file name in the chat and keeps it in OneDrive: no drug or insurer in it.
    expect(consent.name).toBe('appeal-letter.docx');
    // What Teams previews (a message's text, a card's summary) never names the drug or the insurer.
    for (const posted of connector.activities) {
      const activity = posted.activity as { text?: string; summary?: string };
      expect(`${activity.text ?? ''} ${activity.summary ?? ''}`).not.toMatch(/ocrevus|ocrelizumab|cigna/i);
    }
    expect(consent.content.acceptContext).toEqual({ ref: 'letter-patient' });
    expect(consent.content.declineContext).toEqual(consent.content.acceptContext);
    expect(consent.content.sizeInBytes).toBeGreaterThan(1000);
    expect(JSON.stringify(consent.content)).not.toMatch(/ocrevus|cigna/i);

    // Accept: Teams sends an invoke with an upload URL; the bot PUTs the .docx there and shows the file card.
    const info = uploadInfo(consent.name!);
    turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: info,
    });
    expect(turn.status).toBe(200);
    expect(connector.uploads).toHaveLength(1);
    const upload = connector.uploads[0]!;
    expect(upload.method).toBe('PUT');
    expect(upload.path).toBe(new URL(info.uploadUrl).pathname);
    expect(upload.headers['content-range']).toBe(`bytes 0-${upload.body.length - 1}/${upload.body.length}`);
    expect(upload.body.length).toBe(consent.content.sizeInBytes);
    expect(upload.body.subarray(0, 2).toString('latin1')).toBe('PK');
    const { value: letterText } = await mammoth.extractRawText({ buffer: upload.body });
    expect(letterText).toMatch(/appeal/i);
    expect(letterText).toMatch(/Ocrevus/);
    expect(letterText).toContain('Member ID: U8812345601');
    expect(letterText).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab) and rituximab');

    const fileCard = turn.replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === FILE_INFO);
    expect(fileCard).toEqual({
      contentType: FILE_INFO,
      name: info.name,
      contentUrl: info.contentUrl,
      content: { uniqueId: info.uniqueId, fileType: 'docx' },
    });
    expect(turn.replies.map(visibleText).join(' ')).toMatch(/OneDrive/);

    // Only what replying needs is kept with the session: never the user's name or ids.
    const saved = await harness.store.get(conversationKey({ platform: 'teams', space: TENANT_ID, user: USER_AAD_ID }));
    const meta = saved?.data.meta;
    expect(meta).toEqual({
      teamsReference: {
        serviceUrl: connector.serviceUrl,
        conversation: { id: 'a:personal-chat-1', tenantId: TENANT_ID },
        bot: { id: expect.any(String) },
      },
    });
    expect(JSON.stringify(meta)).not.toMatch(new RegExp(`${USER_AAD_ID}|Nurse Navigator|"name"`));
  });

  it('handles a declined file kindly and uploads nothing', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-decline',
      from: { id: '29:decline', aadObjectId: 'aad-decline' },
    });
    const consent = await reachLetter(chat);
    const uploadsBefore = connector.uploads.length;

    const turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'decline',
      context: consent.content.declineContext,
    });
    expect(turn.status).toBe(200);
    expect(turn.replies).toHaveLength(1);
    expect(visibleText(turn.replies[0]!)).toMatch(/No problem/);
    expect(visibleText(turn.replies[0]!)).toMatch(/pick who signs it again/);
    expect(connector.uploads.length).toBe(uploadsBefore);
  });

  it('offers the file again when the upload to OneDrive fails', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-retry',
      from: { id: '29:retry', aadObjectId: 'aad-retry' },
    });
    const consent = await reachLetter(chat);
    connector.failNextUpload(500);

    let turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: uploadInfo(consent.name!),
    });
    expect(turn.status).toBe(200);
    expect(visibleText(turn.replies[0]!)).toMatch(/couldn't save the letter/);
    const again = consentCard(turn.replies);
    expect(again.content.acceptContext).toEqual(consent.content.acceptContext);

    turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: again.content.acceptContext,
      uploadInfo: uploadInfo(again.name!),
    });
    expect(turn.replies.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === FILE_INFO)).toBe(true);
    const { value } = await mammoth.extractRawText({ buffer: connector.uploads.at(-1)!.body });
    expect(value).toMatch(/Ocrevus/);
  });

  it('"forget me" drops a letter still waiting for consent', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-forget',
      from: { id: '29:forget', aadObjectId: 'aad-forget' },
    });
    const consent = await reachLetter(chat);
    const uploadsBefore = connector.uploads.length;

    await chat.submit({ command: 'forget' });
    const key = conversationKey({ platform: 'teams', space: TENANT_ID, user: 'aad-forget' });
    expect(await harness.store.get(key)).toBeNull();

    const turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: uploadInfo(consent.name!),
    });
    expect(visibleText(turn.replies[0]!)).toMatch(/no longer waiting/);
    expect(connector.uploads.length).toBe(uploadsBefore);
  });

  it('switches cases from a card with a filtered list, keeping their answers apart', async () => {
    const nurse = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-nurse',
      from: { id: '29:nurse', aadObjectId: 'aad-nurse' },
    });
    await reachLetter(nurse);
    const said = (turn: { replies: ConnectorActivity[] }) => turn.replies.map(visibleText).join('\n');
    expect(said(await nurse.say('new case'))).toMatch(/Case 2 is open/);
    await nurse.say('aetna');
    const list = questionCard((await nurse.say('cases')).replies);
    const [menu] = inputs(list);
    expect(menu).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(menu!.choices.map((c: { value: string; title: string }) => [c.value, c.title])).toEqual([
      ['case-1', 'Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3'],
      ['case-2', 'Case 2 · Aetna (CVS Health) (now)'],
      ['new', 'Start a new case'],
    ]);
    const back = await nurse.submit({ ...continueAction(list).data, choice: 'case-1' });
    expect(said(back)).toMatch(/Now working on:\s+Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3/);
    expect(said(await nurse.say('status'))).toMatch(/insurer: Cigna Healthcare\s+- drug: Ocrevus/);
    expect(said(await nurse.say('case 2'))).toMatch(/Now working on:\s+Case 2 · Aetna[\s\S]*Which drug was denied/);
    expect(said(await nurse.say('status'))).toMatch(/insurer: Aetna \(CVS Health\)\s+- drug: not answered yet/);
  });

  it("does not hand one user's letter to another", async () => {
    const owner = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-owner',
      from: { id: '29:owner', aadObjectId: 'aad-owner' },
    });
    const consent = await reachLetter(owner);
    const stranger = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-stranger',
      from: { id: '29:stranger', aadObjectId: 'aad-stranger' },
    });
    const uploadsBefore = connector.uploads.length;

    const turn = await stranger.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: uploadInfo('x.docx'),
    });
    expect(visibleText(turn.replies[0]!)).toMatch(/no longer waiting/);
    expect(connector.uploads.length).toBe(uploadsBefore);
  });

  for (const status of [429, 502]) {
    it(`retries a reply the Bot Connector refuses with ${status}`, async () => {
      const chat = new TeamsChat(harness, connector, {
        conversationId: `a:personal-${status}`,
        from: { id: `29:r${status}`, aadObjectId: `aad-r${status}` },
      });
      const refusedBefore = connector.refusedActivities;
      connector.failNextActivity(status);
      const turn = await chat.say('hello');
      expect(turn.status).toBe(200);
      expect(connector.refusedActivities).toBe(refusedBefore + 1);
      expect(visibleText(turn.replies[0]!)).toMatch(/not legal or medical advice/i);
      // The first question (who the user is) arrives whole after the retry: its four buttons.
      expect(actions(questionCard(turn.replies)).filter((a) => a.data?.step === 'voice')).toHaveLength(4);
    });
  }

  it('treats a repeated delivery of the same activity once', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-dup',
      from: { id: '29:dup', aadObjectId: 'aad-dup' },
    });
    await chat.say('hello');
    const first = await chat.send({ id: 'delivery-1', text: 'cigna' });
    expect(first.replies.length).toBeGreaterThan(0);
    const second = await chat.send({ id: 'delivery-1', text: 'cigna' });
    expect(second.status).toBe(200);
    expect(second.replies).toEqual([]);
  });
});
