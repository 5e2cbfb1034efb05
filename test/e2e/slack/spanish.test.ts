import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { CHANNEL, DM, PATIENT, startHarness, type Harness } from './harness.js';

/**
 * A whole appeal in Spanish through the real Bolt app: Slack says the user reads
 * Spanish (users.info locale), so the DM, its buttons and fallbacks, the plan and the
 * notes page are in Spanish; the letter to the plan stays in English.
 */
describe('Slack: a whole appeal in Spanish, from the user’s Slack language', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.api.setLocale(PATIENT.userId, 'es-LA');
  });
  afterAll(async () => {
    await h.close();
  });

  const posted = (): SlackApiCall[] => h.api.callsTo('chat.postMessage');
  const shown = (calls: SlackApiCall[]) => JSON.stringify(calls.map((c) => [c.params.text, c.params.blocks]));
  async function say(text: string): Promise<string> {
    const before = posted().length;
    expect((await h.sender.dm(PATIENT, text)).status).toBe(200);
    await h.slack.settled();
    return shown(posted().slice(before));
  }

  it('asks in Spanish after /appeal, and says so in the channel in Spanish', async () => {
    expect((await h.sender.command(PATIENT, '/appeal', CHANNEL, h.api.responseUrl('es-1'))).status).toBe(200);
    await h.slack.settled();
    const [info] = h.api.callsTo('users.info');
    expect(info?.params.user).toBe(PATIENT.userId);
    expect(String(info?.params.include_locale)).toBe('true');
    expect(h.api.responses[0]?.body).toMatchObject({ text: expect.stringMatching(/^Le envié un mensaje directo/) });
    const first = shown(posted());
    expect(first).toContain('¡Hola! Soy Overturn');
    // Who is writing comes first; typing the insurer answers the next question instead.
    expect(first).toContain(translator('es')('appeal.voice.question'));
    expect(first).toContain('Overturn tiene una pregunta para usted.');
    expect(first).toContain('Olvídame');
  });

  it('takes every answer typed in Spanish and shows the plan in Spanish', async () => {
    expect(await say('cigna')).toContain('Aseguradora: Cigna Healthcare.');
    expect(await say('ocrevus')).toContain('Medicamento: Ocrevus (ocrelizumab).');
    expect(await say('no es médicamente necesario')).toContain('Motivo: No es médicamente necesario.');
    expect(await say('por mi trabajo')).toContain('Tipo de plan: Plan del trabajo (asegurado).');
    expect(await say('primera')).toContain('Etapa: Primera denegación.');
    expect(await say('3 de marzo de 2026')).toContain('Entendí martes 3 de marzo de 2026');
    expect(await say('sí')).toContain('Fecha de la carta: martes 3 de marzo de 2026.');
    const plan = await say('no');
    expect(plan).toContain('Su plan de apelación está listo.');
    expect(plan).toContain('*domingo 30 de agosto de 2026* (Quedan 151 días)');
    expect(plan).toContain('Regla: 29 CFR 2560.503-1(h)(3)(i)');
    expect(plan).toContain('Papeles que debe reunir');
    expect(plan).toContain('¿Quién lo va a firmar?');
  });

  it('delivers the English letter with a Spanish notes page, and says why in Spanish', async () => {
    expect(await say('yo')).toContain('Agregar datos');
    const said = await say('omitir');
    expect(said).toContain('La carta está en inglés porque el plan y sus revisores leen inglés.');
    const [share] = h.api.shares;
    expect(String(share?.comment)).toMatch(/^Aquí está su borrador de carta de apelación/);
    const { value: letter } = await mammoth.extractRawText({ buffer: share!.files[0]!.bytes });
    expect(letter).toContain('Dear Appeals Reviewer');
    expect(letter).toContain('Antes de enviar esta carta');
    const calendar = h.api.shares
      .flatMap((shared) => shared.files)
      .map((f) => Buffer.from(f.bytes).toString('utf8'))
      .find((text) => text.startsWith('BEGIN:VCALENDAR'));
    expect(calendar).toContain('SUMMARY:Fecha límite de la apelación');
  });

  it('switches to English when asked, whatever Slack says', async () => {
    expect(await say('English')).toContain('Okay, we');
    expect(await say('status')).toContain('Here');
    expect(DM).toBe(`D${PATIENT.userId}`);
  });
});
