/**
 * Builds the Teams app package (a zip with manifest.json and the two icons)
 * that a Teams administrator uploads. `npm run teams:package` fills the
 * manifest template in manifests/teams/ from the environment and writes
 * dist/teams/overturn-teams.zip (or the path given with --out).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { z } from 'zod';
import { OverturnError } from '../../core/errors.js';
import { isRecord } from '../../core/json.js';
import { parseEnv, presentEnv } from '../kit/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const MANIFEST_DIR = resolve(repoRoot, 'manifests/teams');
export const DEFAULT_PACKAGE_PATH = resolve(repoRoot, 'dist/teams/overturn-teams.zip');

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpsUrl = (name: string) =>
  z.url({
    protocol: /^https$/,
    error: (issue) =>
      issue.input === undefined
        ? `${name} is missing (an https:// page shown on the app's details)`
        : `${name} must be an https:// address`,
  });

const packageEnv = z.object({
  MICROSOFT_APP_ID: z.string({ error: 'MICROSOFT_APP_ID is missing (the Azure Bot app id, a GUID)' }).regex(guid, {
    error: 'MICROSOFT_APP_ID must be the Azure Bot app id, a GUID such as 00000000-0000-0000-0000-000000000000',
  }),
  TEAMS_APP_ID: z.string().regex(guid, { error: 'TEAMS_APP_ID must be a GUID' }).optional(),
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { error: 'TEAMS_APP_VERSION must look like 1.0.0' })
    .optional(),
  TEAMS_DEVELOPER_NAME: z
    .string()
    .max(32, { error: 'TEAMS_DEVELOPER_NAME must be at most 32 characters' })
    .default('Overturn'),
  TEAMS_WEBSITE_URL: httpsUrl('TEAMS_WEBSITE_URL'),
  TEAMS_PRIVACY_URL: httpsUrl('TEAMS_PRIVACY_URL'),
  TEAMS_TERMS_URL: httpsUrl('TEAMS_TERMS_URL'),
  /** Host name of the bot's public endpoint, e.g. overturn.example-hospital.org (optional). */
  TEAMS_BOT_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, { error: 'TEAMS_BOT_DOMAIN must be a host name without https://' })
    .optional(),
});

/** The manifest fields Teams checks on upload; a bad template fails here rather than in the Teams admin center. */
const manifestShape = z.object({
  id: z.string().regex(guid),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  name: z.object({ short: z.string().min(1).max(30), full: z.string().max(100) }),
  description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.string(), outline: z.string() }),
  bots: z
    .array(
      z.object({
        botId: z.string().regex(guid),
        scopes: z.array(z.enum(['personal', 'team', 'groupChat'])).refine((scopes) => scopes.includes('personal')),
        supportsFiles: z.literal(true),
        commandLists: z.array(
          z.object({
            commands: z.array(z.object({ title: z.string().max(32), description: z.string().max(128) })).max(10),
          }),
        ),
      }),
    )
    .length(1),
});

const ICON_SIZES = { color: 192, outline: 32 } as const;

export interface PackageFiles {
  manifest: Record<string, unknown>;
  zip: Buffer;
}

/** Fills the template, checks it, and zips it with the icons. Throws config_invalid naming each missing or wrong variable. */
export async function buildTeamsPackage(
  env: NodeJS.ProcessEnv,
  manifestDir: string = MANIFEST_DIR,
): Promise<PackageFiles> {
  const settings = parseEnv(packageEnv, presentEnv(env), 'Cannot build the Teams package: ');
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: settings.MICROSOFT_APP_ID,
    TEAMS_APP_ID: settings.TEAMS_APP_ID ?? settings.MICROSOFT_APP_ID,
    TEAMS_APP_VERSION: settings.TEAMS_APP_VERSION ?? packageVersion(),
    TEAMS_DEVELOPER_NAME: settings.TEAMS_DEVELOPER_NAME,
    TEAMS_WEBSITE_URL: settings.TEAMS_WEBSITE_URL,
    TEAMS_PRIVACY_URL: settings.TEAMS_PRIVACY_URL,
    TEAMS_TERMS_URL: settings.TEAMS_TERMS_URL,
  };
  const template: unknown = JSON.parse(readFileSync(resolve(manifestDir, 'manifest.json'), 'utf8'));
  const filled = fillPlaceholders(template, values);
  if (!isRecord(filled)) throw new OverturnError('config_invalid', 'The Teams manifest template is not a JSON object');
  const manifest: Record<string, unknown> = {
    ...filled,
    ...(settings.TEAMS_BOT_DOMAIN ? { validDomains: [settings.TEAMS_BOT_DOMAIN] } : {}),
  };
  const checked = manifestShape.safeParse(manifest);
  if (!checked.success) {
    throw new OverturnError(
      'config_invalid',
      `The Teams manifest template is not valid: ${z.prettifyError(checked.error)}`,
    );
  }

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const kind of ['color', 'outline'] as const) {
    const size = ICON_SIZES[kind];
    const file = checked.data.icons[kind];
    const png = readFileSync(resolve(manifestDir, file));
    const actual = pngSize(png);
    if (actual?.width !== size || actual.height !== size) {
      throw new OverturnError('config_invalid', `The ${kind} icon ${file} must be a ${size}x${size} PNG`);
    }
    zip.file(file, png);
  }
  return { manifest, zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}

function fillPlaceholders(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, values)]));
  }
  return value;
}

function packageVersion(): string {
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')))
    .version;
}

/** Width and height from a PNG's IHDR chunk, or null if it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function outPath(argv: string[]): string {
  const index = argv.indexOf('--out');
  const value = index >= 0 ? argv[index + 1] : undefined;
  return value ? resolve(value) : DEFAULT_PACKAGE_PATH;
}

async function main(): Promise<void> {
  const target = outPath(process.argv.slice(2));
  try {
    const { zip, manifest } = await buildTeamsPackage(process.env);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, zip);
    console.log(
      `Teams app package written to ${target} (app ${String(manifest.id)}, version ${String(manifest.version)}).`,
    );
    console.log(
      'Upload it in the Teams admin center (Manage apps → Upload new app), or in Teams (Apps → Manage your apps → Upload an app).',
    );
  } catch (error) {
    console.error(error instanceof OverturnError ? error.message : error);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
