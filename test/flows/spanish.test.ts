import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/types.js';
import { APPEAL_STATE_VERSION, loadAppealState } from '../../src/flows/appeal/state.js';
import { Conversation, texts } from '../helpers/chat.js';
import { docxParts, docxText } from '../letter/support.js';

/** A whole appeal in Spanish: questions, answers typed in Spanish, the plan, the letter and its notes page. */
const spanish = () => new Conversation(createBot({ clock: fixedClock('2026-04-01') }), 'test:space:ana', 'es-MX');

function all(replies: Reply[]): string {
  return replies
    .map((r) =>
      r.kind === 'question'
        ? `${r.text} ${r.hint ?? ''} ${r.input.type === 'choices' ? r.input.choices.map((c) => c.label).join(' | ') : ''}`
        : texts([r]),
    )
    .join('\n');
}

describe('a conversation in Spanish', () => {
  it('runs a whole appeal from the platform locale, with Spanish answers, dates and plan', async () => {
    const c = spanish();
    const hello = all(await c.start());
    expect(hello).toContain('¡Hola! Soy Overturn');
    // The first question (who is writing) may be skipped by answering the next one.
    expect(hello).toContain('Primero: ¿usted es el paciente, ayuda a alguien o es parte del equipo médico?');
    expect(hello).toContain('Soy el paciente | Ayudo a alguien | Soy del equipo médico | Omitir');

    const insurer = all(await c.send('mi seguro es cigna'));
    expect(insurer).toContain('Aseguradora: Cigna Healthcare.');
    expect(insurer).toContain('¿Qué medicamento negaron?');
    expect(all(await c.send('ocrevus'))).toContain('Medicamento: Ocrevus (ocrelizumab).');
    expect(all(await c.send('necesita autorización previa'))).toContain(
      'Motivo: Falta la autorización previa o no fue aprobada.',
    );
    expect(all(await c.send('mi trabajo'))).toContain('Tipo de plan: Plan del trabajo (asegurado).');
    expect(all(await c.send('primera'))).toContain('Etapa: Primera denegación.');
    expect(all(await c.send('3 de marzo'))).toContain('Entendí martes 3 de marzo de 2026. ¿Es correcto?');
    expect(all(await c.send('sí'))).toContain('Fecha de la carta: martes 3 de marzo de 2026.');
    const plan = await c.send('no');
    expect(all(plan)).toContain('Urgente: No.');

    const summary = c.lastSummary();
    expect(summary.title).toBe('Su plan de apelación');
    expect(summary.facts.map((f) => f.label)).toContain('Motivo de la denegación');
    const filing = summary.deadlines.find((d) => d.id === 'file-internal-appeal');
    expect(filing).toMatchObject({
      label: 'Presente su apelación interna ante el plan',
      dateText: 'domingo 30 de agosto de 2026',
      daysLeftText: 'Quedan 151 días',
      rule: 'Regla: 29 CFR 2560.503-1(h)(3)(i)',
    });
    const checklist = summary.sections.find((s) => s.heading === 'Papeles que debe reunir');
    expect(checklist?.items).toContain('La carta de denegación (y una nota del día en que llegó)');
    expect(checklist?.items).toContain(
      'El formulario de autorización previa del plan para este medicamento, llenado por el médico',
    );
    // Ocrevus's own chart documents, in Spanish.
    expect(checklist?.items.join('\n')).toContain('Los informes de resonancia magnética con la lectura del radiólogo');
    expect(summary.sections.map((s) => s.heading)).toContain('Próximos pasos');
    expect(summary.nav.map((n) => n.label)).toContain('Empezar de nuevo');
    expect(c.lastQuestion().text).toBe('Su borrador de carta está listo para hacer. ¿Quién lo va a firmar?');

    expect(all(await c.send('yo'))).toContain('¿Quiere menos espacios en blanco en su carta?');
    const delivered = await c.send('omitir');
    expect(all(delivered)).toContain('Muy bien, la carta deja espacios en blanco para esos datos.');
    expect(all(delivered)).toContain('La carta está en inglés porque el plan y sus revisores leen inglés.');
    const letter = await docxText(c.lastFile().bytes);
    // The letter speaks to the plan in English; the notes page speaks to the user in Spanish.
    expect(letter).toContain('Dear');
    expect(letter).toContain('Prior authorization');
    expect(letter).toContain('Antes de enviar esta carta');
    expect(letter).toContain('La carta está en inglés, el idioma que leen el plan y sus revisores.');
    expect(letter).toContain('domingo 30 de agosto de 2026');
    const footers = [...(await docxParts(c.lastFile().bytes)).values()].join('\n');
    expect(footers).toContain('Notas para usted, no son parte de la carta');
  });

  it('reads Spanish relative dates: "el martes pasado" and "hace dos semanas"', async () => {
    for (const [typed, read] of [
      ['el martes pasado', 'martes 31 de marzo de 2026'],
      ['hace dos semanas', 'miércoles 18 de marzo de 2026'],
      ['hace 3 días', 'domingo 29 de marzo de 2026'],
      ['15/03/2026', 'domingo 15 de marzo de 2026'],
    ] as const) {
      const c = spanish();
      await c.start();
      for (const answer of ['cigna', 'ocrevus', 'terapia escalonada', 'medicaid', 'primera']) await c.send(answer);
      expect(all(await c.send(typed))).toContain(`Entendí ${read}. ¿Es correcto?`);
    }
  });

  it('understands the global commands in Spanish', async () => {
    const c = spanish();
    await c.start();
    await c.send('aetna');
    expect(all(await c.send('ayuda'))).toContain('Puede escribir en cualquier momento:');
    expect(all(await c.send('atrás'))).toContain('¿Qué compañía de seguros o plan de medicamentos lo negó?');
    expect(all(await c.send('empezar de nuevo'))).toContain('Muy bien, empecemos de nuevo.');
    const gone = await c.bot.handle({ conversation: c.conversation, input: { kind: 'text', text: 'olvídame' } });
    expect(gone.forgotten).toBe(true);
    expect(all(gone.replies)).toContain('Listo: borré todo lo que tenía guardado sobre usted');
  });

  it('speaks to a care team in Spanish, with Spanish words for cases, the profile and a person', async () => {
    const c = spanish();
    await c.start();
    expect(all(await c.send('soy del equipo médico'))).toContain('Le hablaré como al equipo médico del paciente');
    for (const answer of ['cigna', 'ocrevus', 'no es médicamente necesario', 'mi trabajo', 'primera'])
      await c.send(answer);
    expect(c.lastQuestion().text).toBe('¿Qué fecha aparece en el aviso de denegación?');
    for (const answer of ['3 de marzo', 'sí', 'no']) await c.send(answer);
    expect(c.lastSummary().title).toBe('El plan de apelación del paciente');
    expect(c.lastQuestion().text).toBe(
      'La carta de necesidad médica del médico está lista para hacer. ¿Quién la firma?',
    );

    expect(all(await c.send('nuevo caso'))).toContain('El caso 2 está abierto.');
    await c.send('casos');
    expect(c.lastQuestion().text).toBe('Sus casos (abiertos: 2; cerrados: 0). ¿En cuál quiere trabajar?');
    expect(all([c.lastQuestion()])).toContain('Caso 1 · Ocrevus · Cigna Healthcare · carta del 3 de mar');
    expect(all(await c.send('caso 1'))).toContain('Ahora trabajamos en:');
    expect(all(await c.send('renombrar caso clínica de EM'))).toContain('Caso 1 · clínica de EM');
    expect(all(await c.send('cerrar caso 2'))).toContain('Cerrado:');

    await c.send('perfil');
    expect(c.lastQuestion().text).toContain('Su perfil del consultorio está vacío.');
    await c.send('npi');
    expect(all(await c.send('1234567893'))).toContain('Guardado: NPI.');
    expect(all(await c.send('listo'))).toContain('Perfil guardado.');

    expect(all(await c.send('hablar con una persona'))).toContain('Soy un asistente automático');
    await c.send('cambiar rol');
    expect(all(await c.send('ayudo a alguien'))).toContain('Le hablaré del paciente al que usted ayuda');
  });

  it('switches language at any time with "español" and "English", and remembers it', async () => {
    const c = new Conversation(createBot({ clock: fixedClock('2026-04-01') }), 'test:space:bo', 'en-US');
    expect(all(await c.start())).toContain('First: are you the patient, helping someone, or on the care team?');
    expect(all(await c.send('cigna'))).toContain('Which drug was denied?');
    const switched = await c.send('español');
    expect(all(switched)).toContain('Muy bien, seguimos en español.');
    expect(all(switched)).toContain('¿Qué medicamento negaron?');
    // The platform still says English; the session remembers the user's choice.
    expect(all(await c.send('ocrevus'))).toContain('Medicamento: Ocrevus (ocrelizumab).');
    expect(all(await c.send('English'))).toContain('What reason did they give for the denial?');
    expect(all(await c.send('quantity limit'))).toContain('Reason: Quantity or dose limit.');
    const outcome = await c.bot.handle({ conversation: c.conversation, input: { kind: 'text', text: 'español' } });
    expect(outcome.locale).toBe('es');
  });

  it('greets in Spanish when the first message is "español"', async () => {
    const c = new Conversation(createBot({ clock: fixedClock('2026-04-01') }), 'test:space:cy');
    expect(all(await c.send('español'))).toContain('¡Hola! Soy Overturn');
  });
});

describe('saved conversations from before languages', () => {
  it('go on in English (state version 1 migrates to the current version)', () => {
    const v1 = {
      flow: 'appeal',
      version: 1,
      step: 'drug',
      answers: { insurer: { id: 'cigna', text: 'Cigna' } },
      editing: false,
    };
    expect(loadAppealState(v1)).toMatchObject({ version: APPEAL_STATE_VERSION, locale: 'en', step: 'drug' });
    expect(loadAppealState({ ...v1, version: 2 })).toBeNull();
  });
});
