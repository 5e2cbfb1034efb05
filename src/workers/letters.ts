import { letterBuilder, type LetterBuilder } from '../flows/appeal/letter/index.js';
import type { WorkerPool } from './pool.js';

/** Letters composed on the event loop (well under a millisecond) and packed as .docx in the pool. */
export function poolLetterBuilder(pool: Pick<WorkerPool, 'run'>): LetterBuilder {
  return letterBuilder((model, day) => pool.run('letter.docx', { model, day }));
}
