#!/usr/bin/env node
// src/ → dist/ as plain JavaScript, one file per module in the same layout, so paths relative to a
// module (the catalog, the web page, ../../../../knowledge) resolve as they do from src/.
// esbuild only strips the types; `npm run typecheck` checks them.
//   node scripts/build.mjs            build unless dist/ is newer than every file in src/ (`prestart`)
//   node scripts/build.mjs --force    always build (`npm run build`)
//   node scripts/build.mjs --out DIR  build into DIR (a sibling of src/ keeps the relative paths right)
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const dist = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : join(root, 'dist');
const stampFile = join(dist, '.build-stamp');

const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
// The stamp names every source with its modification time: any edit, addition or removal rebuilds.
const stamp = files
  .map((file) => `${relative(src, file)} ${statSync(file).mtimeMs}`)
  .sort()
  .join('\n');

if (args.includes('--force') || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  const { build } = await import('esbuild');
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outdir: dist,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // What modules read from beside themselves: the catalog's JSON, the web page's files.
  for (const file of files.filter((f) => !f.endsWith('.ts') && !f.endsWith('.mjs'))) {
    cpSync(file, join(dist, relative(src, file)));
  }
  writeFileSync(stampFile, stamp);
}
