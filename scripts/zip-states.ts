/**
 * Writes knowledge/zip-states.json: every US ZIP code range with the state it
 * belongs to, from the `zipcodes` package's database. Ranges keep the file small
 * (the full database takes a second to load, too long for a chat turn).
 * Run after upgrading `zipcodes`: `npx tsx scripts/zip-states.ts`.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface ZipCode {
  zip: string;
  state: string;
  country: string;
}
const zipcodes: { codes: Record<string, ZipCode> } = createRequire(import.meta.url)('zipcodes');
const version: string = createRequire(import.meta.url)('zipcodes/package.json').version;

const us = Object.values(zipcodes.codes)
  .filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip))
  .sort((a, b) => a.zip.localeCompare(b.zip));
const ranges: Array<[string, string, string]> = [];
for (const c of us) {
  const last = ranges.at(-1);
  if (last && last[2] === c.state) last[1] = c.zip;
  else ranges.push([c.zip, c.zip, c.state]);
}
const file = new URL('../knowledge/zip-states.json', import.meta.url);
writeFileSync(
  file,
  `${JSON.stringify({ source: `zipcodes ${version} (npm), US entries; [first, last, state] runs of ZIP codes in order`, ranges })}\n`,
);
console.log(`${us.length} ZIP codes in ${ranges.length} ranges`);
