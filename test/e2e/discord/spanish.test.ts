import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import { componentsOf, type FakeMessage } from '../../fakes/discord.js';
import { choice, customIds, docxText, GUILD, question, startHarness, type Harness } from './harness.js';

/**
 * A whole appeal in Spanish through a real discord.js Client: Discord says the
 * user's client is in Spanish (`interaction.locale`), so the pointer in the
 * server, the DM, its buttons, the date form and the plan are in Spanish; the
 * letter to the plan stays in English with a Spanish notes page.
 */
describe('Discord: a whole appeal in Spanish, from interaction.locale', () => {
  let h: Harness;
  let dmChannel: string;

  beforeAll(async () => {
    h = await startHarness();
    h.fake.locales.set(h.user.id, 'es-ES');
    dmChannel = h.fake.dmChannelOf(h.user);
  });
  afterAll(async () => {
    await h?.close();
  });

  const click = (message: FakeMessage, target: [string, string[] | undefined]) =>
    h.turn(() => {
      h.fake.click(h.user, message, target[0], target[1]);
    });
  const type = (text: string) => h.turn(() => h.fake.dmMessage(h.user, text));
  const words = (messages: FakeMessage[]) => JSON.stringify(messages.map((m) => [m.content, m.embeds, m.components]));

  it('walks the whole flow in Spanish', async () => {
    let command = '';
    const start = await h.turn(() => {
      command = h.fake.slashCommand(h.user, 'appeal', { guildId: GUILD.id }).id;
    });
    await h.fake.waitForMessage((m) => m.interactionId === command);
    const pointer = h.fake.outbox.find((m) => m.channelId === GUILD.channelId);
    expect(pointer?.content).toMatch(/^Le envié un mensaje directo para que sus datos de salud queden en privado/);
    const greeting = words(start.filter((m) => m.channelId === dmChannel));
    expect(greeting).toContain('¡Hola! Soy Overturn');
    // Who is writing comes first; typing the insurer answers the next question instead.
    expect(greeting).toContain(translator('es')('appeal.voice.question'));

    const drug = question(await type('cigna'));
    expect(drug.content).toContain('¿Qué medicamento negaron?');
    expect(componentsOf(drug)[0]).toMatchObject({ label: 'Escribir mi respuesta' });
    const reason = question(await type('ocrevus'));
    expect(reason.content).toContain('¿Qué motivo dieron para negarlo?');
    const plan = question(await type('límite de cantidad'));
    expect(plan.content).toContain('¿Qué tipo de plan es?');
    const stage = question(await type('mi trabajo'));
    const date = question(await click(stage, ['c:stage:first', undefined]));
    expect(date.content).toContain('¿Qué fecha aparece en la carta de denegación?');

    // The date form opens before any turn: its words follow interaction.locale.
    const [dateButton] = componentsOf(date);
    expect(dateButton).toMatchObject({ label: 'Escribir la fecha' });
    const opened = h.fake.click(h.user, date, dateButton!.custom_id);
    await h.fake.waitForRequest((r) => r.path === `/interactions/${opened.id}/${opened.token}/callback`);
    expect(opened.modal).toMatchObject({ title: 'Su respuesta', components: [{ label: 'Fecha' }] });
    const confirm = question(await h.turn(() => h.fake.submitModal(h.user, opened, '3 de marzo de 2026', date)));
    expect(confirm.content).toContain('Entendí martes 3 de marzo de 2026');
    const urgent = question(await click(confirm, choice(confirm, 'Sí')));
    const no = customIds(urgent).find((id) => /^c:[^:]+:no$/.test(id));
    const summary = await click(urgent, [no!, undefined]);
    const plain = words(summary);
    expect(plain).toContain('Aquí está el resumen de su apelación.');
    expect(plain).toContain('domingo 30 de agosto de 2026');
    expect(plain).toContain('Quedan 151 días');
    expect(plain).toContain('Regla: 29 CFR 2560.503-1(h)(3)(i)');

    const author = question(summary);
    const details = question(await click(author, choice(author, /^Yo/)));
    expect(details.content).toContain('¿Quiere menos espacios en blanco en su carta?');
    const letterTurn = await click(details, ['c:details:skip', undefined]);
    expect(words(letterTurn)).toContain('La carta está en inglés porque el plan y sus revisores leen inglés.');
    const letter = letterTurn.find((m) => m.attachments.length > 0)!;
    expect(letter.content).toMatch(/^Aquí está su borrador de carta de apelación/);
    const text = await docxText(letter.attachments[0]!.bytes);
    expect(text).toContain('Dear Appeals Reviewer');
    expect(text).toContain('Antes de enviar esta carta');
  });
});
