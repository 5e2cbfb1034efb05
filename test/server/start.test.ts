import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm start` is `tsx src/main.ts`; run the same entry point as a child process, in a folder of its own. */
const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'src/main.ts');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'overturn-start-'));
  folders.push(dir);
  return dir;
}

/** Starts the server with only these variables (plus PATH), the way a fresh clone would. */
function run(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', tsx, main], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stderr: () => stderr, exited };
}

/** Waits for the start-up line of the web chat and returns the port it names. */
async function webPort(started: Run): Promise<number> {
  for (;;) {
    const line = /web: active, open http:\/\/localhost:(\d+)\//.exec(started.stderr());
    if (line) return Number(line[1]);
    if (started.child.exitCode !== null) throw new Error(`server exited:\n${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', () => {
  it('with an empty environment serves the web chat, says why each platform is off, and stops cleanly', async () => {
    const cwd = folder();
    const started = run(cwd, { PORT: '0' });
    const port = await webPort(started);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title data-i18n="pageTitle">Overturn');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const lines = started.stderr();
    expect(lines).toMatch(/^slack: not configured \(.*SLACK_BOT_TOKEN.*\)$/m);
    expect(lines).toMatch(/^discord: not configured \(.*DISCORD_TOKEN.*\)$/m);
    expect(lines).toMatch(/^teams: not configured \(.*MICROSOFT_APP_ID.*\)$/m);
    // Sessions default to a SQLite file under ./data.
    expect(lines).toContain(`sessions: SQLite file ${join('data', 'sessions.db')}`);

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stderr()).toContain('SIGTERM received');
  });

  it('with a partial Slack config fails fast, naming the missing variable', async () => {
    const started = run(folder(), { PORT: '0', SLACK_BOT_TOKEN: 'xoxb-only-the-token' });
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toMatch(/configuration error: .*SLACK_SIGNING_SECRET/);
    expect(started.stderr()).not.toContain('listening');
  });

  it('reads a .env file, and the environment wins over it', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-the-file\n');
    const fromFile = run(cwd, { PORT: '0' });
    expect(await fromFile.exited).toBe(1);
    expect(fromFile.stderr()).toMatch(/configuration error: .*SLACK_SIGNING_SECRET/);

    writeFileSync(join(cwd, '.env'), 'WEB_RATE_LIMIT_PER_MINUTE=not-a-number\n');
    const overridden = run(cwd, { PORT: '0', WEB_RATE_LIMIT_PER_MINUTE: '12' });
    const port = await webPort(overridden);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    overridden.child.kill('SIGTERM');
    expect(await overridden.exited).toBe(0);
  });
});
