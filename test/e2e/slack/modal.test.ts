import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formModal } from '../../../src/adapters/slack/modal.js';
import type { QuestionReply } from '../../../src/core/types.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';

/** The fake refuses what Slack's views.open refuses; the details modal passes. */
describe('Slack modal limits', () => {
  let api: FakeSlackApi;
  beforeAll(async () => {
    api = await FakeSlackApi.start();
  });
  afterAll(async () => api.close());

  const open = async (view: unknown, trigger = 'trigger-1') => {
    const response = await fetch(`${api.apiUrl}views.open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ trigger_id: trigger, view }),
    });
    return (await response.json()) as { ok: boolean; error?: string };
  };

  const form: Extract<QuestionReply['input'], { type: 'form' }> = {
    type: 'form',
    title: 'Letter details',
    openLabel: 'Add details',
    submitLabel: 'Save',
    skip: { id: 'skip', label: 'Skip' },
    groups: [
      {
        title: 'The patient',
        fields: [
          { id: 'patientName', label: "Patient's full name", type: 'text', maxLength: 120, value: 'Jordan' },
          {
            id: 'approvedUse',
            label: 'Which approved use?',
            type: 'choice',
            options: [{ id: 'u0', label: 'x'.repeat(200) }],
            value: 'u0',
          },
        ],
      },
    ],
  };

  it('accepts the details modal, long option labels shortened to 75 characters', async () => {
    const view = formModal('details', form, 'Kept 24 hours.');
    expect(await open(view)).toMatchObject({ ok: true });
  });

  it('refuses a title over 24 characters, no trigger, inputs without submit, a prefill longer than allowed', async () => {
    const view = formModal('details', form, undefined) as Record<string, any>;
    expect(await open({ ...view, title: { type: 'plain_text', text: 'x'.repeat(25) } })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(await open(view, '')).toMatchObject({ ok: false });
    expect(await open({ ...view, submit: undefined })).toMatchObject({ ok: false });
    const long = structuredClone(view);
    long.blocks.find((b: any) => b.type === 'input').element.initial_value = 'y'.repeat(121);
    expect(await open(long)).toMatchObject({ ok: false });
    expect(await open({ ...view, blocks: Array(101).fill({ type: 'divider' }) })).toMatchObject({ ok: false });
  });
});
