import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, pngSize } from '../../../src/adapters/teams/package.js';
import { isOverturnError } from '../../../src/core/errors.js';

const APP_ID = '6f2e1a0c-8d4b-4e55-9a61-3c0b7f2d9e10';
const env = {
  MICROSOFT_APP_ID: APP_ID,
  TEAMS_WEBSITE_URL: 'https://overturn.example-hospital.org',
  TEAMS_PRIVACY_URL: 'https://overturn.example-hospital.org/privacy',
  TEAMS_TERMS_URL: 'https://overturn.example-hospital.org/terms',
  TEAMS_BOT_DOMAIN: 'overturn.example-hospital.org',
};

/** The RGBA pixels of an 8-bit, non-interlaced RGBA PNG whose rows all use filter 0 (as make-icons writes them). */
function rgbaPixels(png: Buffer): Buffer {
  const { width, height } = pngSize(png)!;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return pixels;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Teams app package', () => {
  it('zips a filled manifest (personal scope, files, commands) with the two icons', async () => {
    const { zip } = await buildTeamsPackage(env);
    const archive = await JSZip.loadAsync(zip);
    expect(Object.keys(archive.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(await archive.file('manifest.json')!.async('string'));
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.developer.privacyUrl).toBe(env.TEAMS_PRIVACY_URL);
    expect(manifest.validDomains).toEqual([env.TEAMS_BOT_DOMAIN]);
    // A bot that only replies needs no extra permissions; a security review would ask why it wants them.
    expect(manifest.permissions).toBeUndefined();
    const [bot] = manifest.bots;
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes).toContain('personal');
    expect(bot.supportsFiles).toBe(true);
    const commands = bot.commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(commands).toEqual(expect.arrayContaining(['help', 'status', 'back', 'restart', 'forget me']));

    const color = Buffer.from(await archive.file('color.png')!.async('uint8array'));
    const outline = Buffer.from(await archive.file('outline.png')!.async('uint8array'));
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });

    // Teams wants the outline icon white on a transparent background.
    const pixels = rgbaPixels(outline);
    let drawn = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      drawn += 1;
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThan(32 * 32 - 50);
    // The colour icon is opaque.
    const colorPixels = rgbaPixels(color);
    expect(colorPixels[(96 * 192 + 96) * 4 + 3]).toBe(255);
  });

  it('names every missing or wrong setting', async () => {
    const error = await buildTeamsPackage({
      MICROSOFT_APP_ID: 'not-a-guid',
      TEAMS_WEBSITE_URL: 'http://insecure.example',
    }).catch((e: unknown) => e);
    expect(isOverturnError(error, 'config_invalid')).toBe(true);
    const message = (error as Error).message;
    for (const name of ['MICROSOFT_APP_ID', 'TEAMS_WEBSITE_URL', 'TEAMS_PRIVACY_URL', 'TEAMS_TERMS_URL'])
      expect(message).toContain(name);
  });

  it('npm run teams:package writes the zip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overturn-teams-'));
    dirs.push(dir);
    const out = join(dir, 'app.zip');
    await promisify(execFile)('npm', ['run', '--silent', 'teams:package', '--', '--out', out], {
      env: { ...process.env, ...env },
    });
    const archive = await JSZip.loadAsync(readFileSync(out));
    expect(JSON.parse(await archive.file('manifest.json')!.async('string')).bots[0].botId).toBe(APP_ID);
  });
});
