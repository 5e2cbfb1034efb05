import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ms } from '../lib/stats.js';
import { measureBoth } from '../startup.js';

/**
 * `npx tsx bench/experiments/startup-compiled.ts`: the start-up benchmark run
 * against plain JavaScript instead of tsx. Every file under src/ is
 * transpiled once (TypeScript's transpileModule, same layout, so paths built
 * from import.meta.url still find knowledge/ and the catalogs) into a temporary
 * copy whose node_modules and knowledge are links to this checkout, then
 * `node src/main.js` is timed exactly like `npm start`.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

async function compile(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'overturn-compiled-'));
  for (const file of files(join(repoRoot, 'src'))) {
    const target = join(out, relative(repoRoot, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      cpSync(file, target);
      continue;
    }
    const output = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    writeFileSync(target.replace(/\.ts$/, '.js'), output.outputText);
  }
  for (const name of ['node_modules', 'knowledge', 'package.json']) symlinkSync(join(repoRoot, name), join(out, name));
  return out;
}

const out = await compile();
try {
  const compiled = await measureBoth({ args: ['src/main.js'], cwd: out });
  const tsx = await measureBoth();
  const line = (label: string, a: { healthzMs: { median: number } }, b: { healthzMs: { median: number } }) =>
    `${label}: npm start (tsx) ${ms(a.healthzMs.median)} → compiled JS ${ms(b.healthzMs.median)}`;
  console.log(line('web chat only', tsx.webOnly, compiled.webOnly));
  console.log(line('Slack + Discord + Teams', tsx.all, compiled.all));
} finally {
  rmSync(out, { recursive: true, force: true });
}
