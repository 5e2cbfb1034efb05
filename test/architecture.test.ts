import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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
      /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2]!);
}

const PLATFORM_SDKS = /^(@slack\/|discord\.js|@discordjs\/|botbuilder|botframework-|ioredis|better-sqlite3|pino-http)/;

describe('dependencies point inward', () => {
  it('src/core and src/flows import no platform SDK', () => {
    const offenders = [...sources(join(root, 'src/core')), ...sources(join(root, 'src/flows'))]
      .filter((f) => !f.includes(`${join('src', 'core', 'stores')}`))
      .flatMap((f) =>
        imports(f)
          .filter((i) => PLATFORM_SDKS.test(i))
          .map((i) => `${relative(root, f)} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the appeal domain imports no chat types and no flow code', () => {
    const offenders = sources(join(root, 'src/flows/appeal/domain')).flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.includes('/core/types') ||
            i.includes('/core/flow') ||
            i.includes('../questions') ||
            i.includes('../flow'),
        )
        .map((i) => `${relative(root, f)} → ${i}`),
    );
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
