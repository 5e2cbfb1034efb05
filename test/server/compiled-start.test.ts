import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '../e2e/web/harness.js';

/**
 * `npm start` runs the compiled JavaScript: built with the build script into a
 * folder laid out like the repository (dist/ beside knowledge/ and node_modules/),
 * started with plain `node`, no tsx anywhere, letters built in the compiled worker.
 */
const root = resolve(import.meta.dirname, '../..');
let place: string;
let server: ChildProcess | null = null;

beforeAll(() => {
  place = mkdtempSync(join(tmpdir(), 'overturn-compiled-'));
  for (const name of ['knowledge', 'node_modules']) symlinkSync(join(root, name), join(place, name));
  copyFileSync(join(root, 'package.json'), join(place, 'package.json'));
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out', join(place, 'dist')], {
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
});

afterAll(() => {
  if (server?.exitCode === null) server.kill('SIGKILL');
  rmSync(place, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('has no TypeScript left to load', () => {
    expect(existsSync(join(place, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(place, 'dist/workers/worker.js'))).toBe(true);
    expect(existsSync(join(place, 'dist/workers/tsx-worker.mjs'))).toBe(false);
    expect(existsSync(join(place, 'dist/core/i18n/en/appeal.json'))).toBe(true);
    expect(existsSync(join(place, 'dist/adapters/web/public/index.html'))).toBe(true);
  });

  it('starts with node alone, answers /healthz and hands over a letter built in a worker thread', async () => {
    const data = mkdtempSync(join(place, 'data-'));
    const child = spawn(process.execPath, [join(place, 'dist/main.js')], {
      cwd: data,
      env: { PATH: process.env.PATH ?? '', HOME: data, PORT: '0', WORKER_THREADS: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const port = await new Promise<number>((done, fail) => {
      child.stderr!.on('data', () => {
        // The web chat's line: its routes are registered once it is printed.
        const match = /web: active, open http:\/\/localhost:(\d+)\//.exec(stderr);
        if (match) done(Number(match[1]));
      });
      child.once('exit', () => fail(new Error(`server exited:\n${stderr}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const client = new WebClient(`http://127.0.0.1:${port}/`);
    await client.send({ kind: 'start' });
    let last = await client.send({ kind: 'text', text: 'cigna' });
    for (const text of [
      'ocrevus',
      'not medically necessary',
      'employer plan',
      'first',
      '2026-03-03',
      'no',
      'patient',
      'skip',
    ]) {
      last = await client.send({ kind: 'text', text });
    }
    expect(last.map((reply) => reply.kind)).toContain('file');

    child.kill('SIGTERM');
    expect(await new Promise((done) => child.once('exit', done))).toBe(0);
  });
});
