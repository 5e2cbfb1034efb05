import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/i18n.js';
import { loadKnowledge } from '../src/flows/appeal/domain/knowledge.js';
import { conversationKey, parseConversationKey } from '../src/core/conversation.js';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Each platform's SDK, and the only source folder allowed to import it. */
const SDK_HOMES: Array<[RegExp, string]> = [
  [/^@slack\//, 'src/adapters/slack/'],
  [/^(discord\.js|@discordjs\/)/, 'src/adapters/discord/'],
  [/^(botbuilder|botframework-)/, 'src/adapters/teams/'],
  [/^ioredis$/, 'src/core/stores/'],
  [/^better-sqlite3$/, 'src/core/stores/'],
];

const ADAPTERS = ['slack', 'discord', 'teams', 'web', 'cli'];

/** How far out a file sits: a file may import its own layer and the ones below, never one above. */
function layer(path: string): number {
  if (path === 'src/main.ts' || path.startsWith('src/server/')) return 5;
  if (ADAPTERS.some((a) => path.startsWith(`src/adapters/${a}/`))) return 4;
  if (path.startsWith('src/adapters/kit/') || path === 'src/bot.ts') return 3;
  if (path.startsWith('src/flows/appeal/domain/')) return 1;
  if (path.startsWith('src/flows/')) return 2;
  if (path.startsWith('src/core/')) return 0;
  throw new Error(`${path} has no layer: add it to the architecture test`);
}

const LAYER_NAMES = ['core', 'appeal domain', 'flows', 'kit/bot', 'adapters', 'server'];

/** Every import of every source file, with relative ones resolved to repository paths. */
const edges = sources(join(root, 'src')).flatMap((file) => {
  const from = relative(root, file).split('\\').join('/');
  return imports(file).map((spec) => ({
    from,
    spec,
    to: spec.startsWith('.')
      ? relative(root, join(dirname(file), spec))
          .split('\\')
          .join('/')
          .replace(/\.js$/, '.ts')
      : null,
  }));
});
const internal = edges.filter((e): e is { from: string; spec: string; to: string } => e.to !== null);

describe('dependencies point inward', () => {
  it('nothing imports upward: server → adapters → kit/bot → flows → appeal domain → core', () => {
    const offenders = internal
      .filter((e) => layer(e.to) > layer(e.from))
      .map((e) => `${e.from} (${LAYER_NAMES[layer(e.from)]}) → ${e.to} (${LAYER_NAMES[layer(e.to)]})`);
    expect(offenders).toEqual([]);
  });

  it('adapters never import each other or the server; they share only the kit', () => {
    const adapterOf = (path: string) => ADAPTERS.find((a) => path.startsWith(`src/adapters/${a}/`));
    const offenders = internal
      .filter((e) => e.from.startsWith('src/adapters/'))
      .filter((e) => {
        const mine = adapterOf(e.from);
        const theirs = adapterOf(e.to);
        return e.to.startsWith('src/server/') || (theirs !== undefined && theirs !== mine);
      })
      .map((e) => `${e.from} → ${e.to}`);
    expect(offenders).toEqual([]);
  });

  it('the server loads an adapter only when its platform is configured (static imports reach config files only)', () => {
    const offenders = sources(join(root, 'src/server')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*from\s*['"]([^'"]+)['"]/gm)]
        .map((m) => m[1]!)
        .filter(
          (spec) => spec.includes('/adapters/') && !spec.includes('/adapters/kit/') && !spec.endsWith('/config.js'),
        )
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('a platform SDK is imported only inside its own adapter folder', () => {
    const offenders = edges
      .filter((e) => e.to === null)
      .filter((e) => SDK_HOMES.some(([sdk, home]) => sdk.test(e.spec) && !e.from.startsWith(home)))
      .map((e) => `${e.from} → ${e.spec}`);
    expect(offenders).toEqual([]);
  });

  it('the appeal domain knows no chat: no chat types, flow, engine, conversation or message catalog', () => {
    const offenders = internal
      .filter((e) => e.from.startsWith('src/flows/appeal/domain/'))
      .filter(
        (e) =>
          ['src/core/types.ts', 'src/core/flow.ts', 'src/core/engine.ts', 'src/core/conversation.ts'].includes(e.to) ||
          !(e.to.startsWith('src/flows/appeal/domain/') || e.to.startsWith('src/core/')),
      )
      .map((e) => `${e.from} → ${e.to}`);
    expect(offenders).toEqual([]);
  });
});

describe('the message catalog covers the knowledge', () => {
  it('every deadline rule and note has English words', () => {
    const catalog = loadCatalog('en');
    const missing: string[] = [];
    for (const plan of loadKnowledge().planTypes.values()) {
      for (const rule of plan.rules)
        if (!catalog.has(`appeal.deadline.${rule.id}`)) missing.push(`appeal.deadline.${rule.id}`);
      for (const note of plan.notes) if (!catalog.has(`appeal.note.${note.id}`)) missing.push(`appeal.note.${note.id}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('conversation keys', () => {
  it('round-trip, even with separators inside ids', () => {
    for (const parts of [
      { platform: 'slack', space: 'T123', user: 'U456' },
      { platform: 'teams', space: 'tenant:with:colons', user: '29:1abc/def' },
      { platform: 'web', space: 'local', user: 'ünïcödé %20' },
    ]) {
      expect(parseConversationKey(conversationKey(parts))).toEqual(parts);
    }
    expect(conversationKey({ platform: 'slack', space: 'T1', user: 'U1' })).toBe('slack:T1:U1');
    expect(parseConversationKey('not-a-key')).toBeNull();
    expect(parseConversationKey('a:b:%E0%A4%A')).toBeNull();
  });
});
