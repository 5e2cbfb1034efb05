import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { DM, PATIENT, startHarness, type Harness } from './harness.js';

const t = translator('en');
const VOLUNTEERS = 'C0VOLUNTEERS';

/** "Talk to a person" with SLACK_HANDOFF_CHANNEL set: a notice in the volunteers' channel, health details only with a yes. */
describe('Slack: hand-off to the volunteers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ handoffChannel: VOLUNTEERS });
  });
  afterAll(async () => {
    await h.close();
  });

  const posted = (): SlackApiCall[] => h.api.callsTo('chat.postMessage');
  const inChannel = (): SlackApiCall[] => posted().filter((c) => c.params.channel === VOLUNTEERS);
  async function dm(text: string): Promise<SlackApiCall[]> {
    const before = posted().length;
    expect((await h.sender.dm(PATIENT, text)).status).toBe(200);
    await h.slack.settled();
    return posted().slice(before);
  }
  const dmText = (calls: SlackApiCall[]): string =>
    calls
      .filter((c) => c.params.channel === DM)
      .map((c) => `${String(c.params.text)} ${JSON.stringify(c.params.blocks ?? '')}`)
      .join('\n');

  it('posts at once, with no health details, when there is nothing to share yet', async () => {
    await dm('hello');
    const turn = await dm('talk to a person');
    expect(inChannel()).toHaveLength(1);
    expect(inChannel()[0]!.params.text).toBe(
      `<@${PATIENT.userId}> asked to talk to a person. Please reach them by direct message.\n${t('slack.handoff.noDetails')}`,
    );
    expect(dmText(turn)).toMatch(/the volunteers know you asked for help. The note has no health details/);
  });

  it('asks before sharing the case summary; "no" keeps health details out of the channel', async () => {
    await dm('cigna');
    await dm('ocrevus');
    const asked = await dm('talk to a person');
    expect(dmText(asked)).toMatch(/Shall I share your case summary/);
    // Nothing is posted until the member answers.
    expect(inChannel()).toHaveLength(1);
    await dm('no');
    expect(inChannel()).toHaveLength(2);
    const notice = String(inChannel()[1]!.params.text);
    expect(notice).toContain(`<@${PATIENT.userId}> asked to talk to a person`);
    expect(notice).not.toMatch(/cigna|ocrevus|ocrelizumab/i);
  });

  it('shares the summary after a yes, and the flow carries on where it was', async () => {
    await dm('talk to a person');
    const yes = await dm('yes');
    expect(inChannel()).toHaveLength(3);
    const notice = String(inChannel()[2]!.params.text);
    expect(notice).toContain('They agreed to share their case summary:');
    expect(notice).toMatch(/• insurer: Cigna Healthcare\n• drug: Ocrevus \(ocrelizumab\)/);
    // The member is back at the question they were on (the reason for the denial).
    expect(dmText(yes)).toMatch(/What reason did they give/);
  });
});
