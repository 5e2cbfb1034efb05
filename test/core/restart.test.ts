import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserInput } from '../../src/core/types.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const child = fileURLToPath(new URL('./fixtures/bot-process.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'overturn-restart-'));
const raw = rawRedis();
const redisPrefix = uniquePrefix('restart');

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await deleteByPrefix(raw, redisPrefix);
  await raw.quit();
});

interface Summary {
  kind: string;
  step?: string;
  text?: string;
  choices?: string[];
  facts?: Array<{ label: string; value: string }>;
  fileName?: string;
  size?: number;
}

/** Runs one bot process to its end and returns the replies of each turn. */
function runProcess(
  env: Record<string, string>,
  conversation: string,
  turns: Array<[string, UserInput | string]>,
  ending: 'close' | 'crash',
): Promise<Summary[][]> {
  const script = {
    conversation,
    ending,
    turns: turns.map(([eventId, input]) => ({
      eventId,
      input: typeof input === 'string' ? { kind: 'text', text: input } : input,
    })),
  };
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_|SESSION_|DATA_DIR)/.test(k)));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(script)], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      const expected = ending === 'crash' ? signal === 'SIGKILL' : code === 0;
      if (!expected) reject(new Error(`bot process ended with ${code ?? signal}: ${err}`));
      else
        resolve(
          out
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Summary[]),
        );
    });
  });
}

const lastQuestion = (turn: Summary[]) => [...turn].reverse().find((r) => r.kind === 'question');

for (const [name, env] of [
  ['SQLite', { DATA_DIR: join(root, 'plain') }],
  [
    'SQLite, encrypted',
    { DATA_DIR: join(root, 'encrypted'), SESSION_ENCRYPTION_KEY: 'q2v6S8u7L8xO1nO3s0Hq9wq0C6k0Jb3mJ4fYv1Zt8cE=' },
  ],
  ['Redis', { REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, SESSION_SECRET: 'restart-test-secret-of-32-characters+' }],
] as const) {
  describe(`restart mid-conversation: ${name}`, () => {
    it('a new process continues exactly where the killed one stopped', { timeout: 180_000 }, async () => {
      const conversation = `slack:T1:U-${name.replace(/\W/g, '')}`;
      const first = await runProcess(
        env,
        conversation,
        [
          ['e1', { kind: 'start' }],
          ['e2', 'cigna'],
          ['e3', 'anti cd20 ocrevus'],
        ],
        'crash',
      );
      expect(lastQuestion(first.at(-1)!)?.step).toBe('reason');

      // The platform re-delivers the last event to the new process: applied once, nothing said.
      const second = await runProcess(
        env,
        conversation,
        [
          ['e3', 'anti cd20 ocrevus'],
          ['e4', 'not medically necessary'],
          ['e5', 'employer plan'],
          ['e6', 'first'],
          ['e7', '2026-03-03'],
        ],
        'crash',
      );
      expect(second[0]).toEqual([]);
      expect(lastQuestion(second[1]!)?.step).toBe('plan');
      expect(lastQuestion(second.at(-1)!)?.step).toBe('urgency');

      // The letter's author is the flow's choice id "patient"; the third process is asked, then answers.
      const third = await runProcess(
        env,
        conversation,
        [
          ['e8', 'no'],
          ['e9', { kind: 'choice', step: 'author', choice: 'patient' }],
          ['e10', { kind: 'form', step: 'details', values: { memberId: 'U8812345601' } }],
        ],
        'close',
      );
      const summary = third[0]!.find((r) => r.kind === 'summary')!;
      expect(summary.facts).toContainEqual({ label: 'Insurer', value: 'Cigna Healthcare' });
      expect(summary.facts).toContainEqual({ label: 'Drug', value: 'Ocrevus (ocrelizumab)' });
      const author = lastQuestion(third[0]!)!;
      expect(author.step).toBe('author');
      expect(author.choices).toContain('patient');
      expect(lastQuestion(third[1]!)?.step).toBe('details');
      const file = third[2]!.find((r) => r.kind === 'file');
      expect(file?.fileName).toMatch(/\.docx$/);
      expect(file?.size).toBeGreaterThan(1000);
    });
  });
}
