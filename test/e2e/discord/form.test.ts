import { describe, expect, it } from 'vitest';
import { formModal, formPages } from '../../../src/adapters/discord/form.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../../helpers/chat.js';
import { modalProblem } from '../../fakes/discord.js';

/** Every page of the real details form is a modal Discord accepts; the fake refuses what Discord refuses. */
describe('Discord: the details form in modal pages', () => {
  it('splits the form into pages of at most five fields, each within Discord limits', async () => {
    const c = new Conversation();
    await typeScenario(c, SEED_ANSWERS);
    await c.choose('Me (patient or representative)');
    const q = c.lastQuestion();
    if (q.input.type !== 'form') throw new Error('not a form');
    const pages = formPages(q.input);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 3, 5]);
    for (const [i] of pages.entries()) expect(modalProblem(formModal(q.step, q.input, i) as never)).toBeNull();
    const treatment = formModal(q.step, q.input, 4) as any;
    expect(treatment.components.map((c: any) => c.component.type)).toEqual([3, 3, 4, 4, 4]);
  });

  it('the fake refuses a sixth field, a long title or label, and a prefill longer than allowed', () => {
    const field = (id: string) => ({ type: 18, label: 'Name', component: { type: 4, custom_id: id, style: 1 } });
    const ok = { custom_id: 'fm:details:0', title: 'Letter details (1/5)', components: ['a', 'b'].map(field) };
    expect(modalProblem(ok)).toBeNull();
    expect(modalProblem({ ...ok, components: ['a', 'b', 'c', 'd', 'e', 'f'].map(field) })).toMatch(/1-5/);
    expect(modalProblem({ ...ok, title: 'x'.repeat(46) })).toMatch(/title/);
    expect(modalProblem({ ...ok, components: [{ ...field('a'), label: 'y'.repeat(46) }] })).toMatch(/label/);
    const long = { ...field('a'), component: { type: 4, custom_id: 'a', style: 1, max_length: 5, value: 'toolong' } };
    expect(modalProblem({ ...ok, components: [long] })).toMatch(/max_length/);
  });
});
