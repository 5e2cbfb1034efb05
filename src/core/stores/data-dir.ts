import { accessSync, constants, mkdirSync, statfsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { OverturnError } from '../errors.js';

/**
 * Kernel file systems where a database must not go: opening SQLite there can
 * hang or fail strangely (procfs, sysfs, cgroup, debugfs, devpts, securityfs).
 */
const PSEUDO_FILE_SYSTEMS = new Set([0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x1cd1, 0x73636673]);
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** The `code` of a Node system error (`ENOENT`, `EEXIST` …), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function problem(dir: string, what: string): OverturnError {
  return new OverturnError('config_invalid', `DATA_DIR (${dir}) ${what}`);
}

function nearestExisting(path: string): string {
  let current = path;
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Makes sure DATA_DIR is a directory this process can write, before SQLite
 * touches it: every failure names the setting and the path, and nothing is
 * opened on a kernel file system (checked with stat, never by trying).
 */
export function prepareDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  if (PSEUDO_ROOTS.some((root) => dir === root || dir.startsWith(root + sep))) {
    throw problem(dir, 'is on a system file system (/proc, /sys, /dev): choose a directory on a disk');
  }
  const existing = nearestExisting(dir);
  try {
    if (PSEUDO_FILE_SYSTEMS.has(Number(statfsSync(existing).type))) {
      throw problem(dir, 'is on a system file system: choose a directory on a disk');
    }
  } catch (error) {
    if (error instanceof OverturnError) throw error;
  }
  const stat = existing === dir ? statSync(dir) : null;
  if (stat && !stat.isDirectory()) throw problem(dir, 'is a file, not a directory');
  if (!stat) {
    if (!statSync(existing).isDirectory()) throw problem(dir, `cannot be created: ${existing} is a file`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw problem(dir, `cannot be created (${errnoCode(error) ?? 'error'})`);
    }
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw problem(dir, 'is not writable by this process: fix its permissions or choose another directory');
  }
  return dir;
}
