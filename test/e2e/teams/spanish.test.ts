import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import { startFakeBotConnector, type ConnectorActivity, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { actions, adaptiveCards, continueAction, expectCardRules, texts, visibleText } from './card-checks.js';
import { TeamsChat, startTeamsHarness, type TeamsHarness } from './harness.js';

/**
 * A whole appeal in Spanish through the real CloudAdapter: Teams says the user
 * reads Spanish (`activity.locale`), so cards, buttons, the summary and the
 * FileConsentCard are in Spanish; the uploaded letter is in English with a
 * Spanish notes page.
 */
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';

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

function questionCard(replies: ConnectorActivity[]) {
  const cards = replies.flatMap(adaptiveCards);
  for (const card of cards) expectCardRules(card);
  return cards.at(-1)!;
}

const seen = (replies: ConnectorActivity[]) =>
  [...replies.map(visibleText), ...replies.flatMap(adaptiveCards).flatMap(texts)].join('\n');

describe('Teams personal chat in Spanish', () => {
  it('runs the whole appeal in Spanish from activity.locale', async () => {
    const chat = new TeamsChat(harness, connector, { locale: 'es-MX', conversationId: 'a:personal-es' });
    let turn = await chat.say('hola');
    expect(seen(turn.replies)).toContain('¡Hola! Soy Overturn');
    let card = questionCard(turn.replies);
    // Who is writing comes first; typing the insurer answers the next question instead.
    expect(texts(card).join(' ')).toContain(translator('es')('appeal.voice.question'));

    turn = await chat.say('cigna');
    expect(seen(turn.replies)).toContain('Aseguradora: Cigna Healthcare.');
    turn = await chat.say('ocrevus');
    expect(seen(turn.replies)).toContain('Medicamento: Ocrevus (ocrelizumab).');
    turn = await chat.say('terapia escalonada');
    expect(seen(turn.replies)).toContain('Motivo: Terapia escalonada (probar otros medicamentos primero).');
    turn = await chat.say('plan del mercado');
    expect(seen(turn.replies)).toContain('Tipo de plan: Plan del Mercado o individual.');
    turn = await chat.say('primera');
    card = questionCard(turn.replies);
    expect(texts(card).join(' ')).toContain('¿Qué fecha aparece en la carta de denegación?');
    turn = await chat.submit({ ...continueAction(card).data, date: '2026-03-03' });
    expect(seen(turn.replies)).toContain('Fecha de la carta: martes 3 de marzo de 2026.');
    card = questionCard(turn.replies);
    turn = await chat.submit({ ...continueAction(card).data, choice: 'no' });

    const summary = turn.replies.flatMap(adaptiveCards).find((c) => c.body.some((e: any) => e.type === 'FactSet'));
    expect(summary).toBeDefined();
    const summaryText = JSON.stringify(summary);
    expect(summaryText).toContain('Su plan de apelación');
    expect(summaryText).toContain('Regla: 45 CFR');
    expect(summaryText).toMatch(/[a-zé]+ \d{1,2} de [a-z]+ de 2026/);
    expect(summaryText).toContain('Papeles que debe reunir');

    card = questionCard(turn.replies);
    const me = actions(card).find((a) => a.data?.choice === 'patient')!;
    expect(me.title).toBe('Yo (paciente o representante)');
    turn = await chat.submit(me.data);
    card = questionCard(turn.replies);
    const skip = actions(card).find((a) => a.data?.choice === 'skip')!;
    expect(skip.title).toBe('Omitir, dejar los espacios');
    turn = await chat.submit(skip.data);
    expect(seen(turn.replies)).toContain('La carta está en inglés porque el plan y sus revisores leen inglés.');
    const consent = turn.replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === FILE_CONSENT)!;
    expect(consent.name).toBe('carta-de-apelacion.docx');
    expect(String(consent.content.description)).toMatch(/^Su borrador de carta de apelación/);

    turn = await chat.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: {
        name: consent.name,
        uploadUrl: connector.uploadUrl(consent.name!),
        contentUrl: 'https://contoso-my.sharepoint.com/personal/nurse/Documents/carta-de-apelacion.docx',
        uniqueId: 'F1A2B3C4-0000-4000-8000-000000000002',
        fileType: 'docx',
      },
    });
    expect(seen(turn.replies)).toContain('Su carta está guardada en su OneDrive');
    const { value: letter } = await mammoth.extractRawText({ buffer: connector.uploads.at(-1)!.body });
    expect(letter).toContain('Dear Appeals Reviewer');
    expect(letter).toContain('Antes de enviar esta carta');
  });
});
