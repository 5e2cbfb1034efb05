import { WebClient } from '@slack/web-api';
import { DmDelivery } from '../src/adapters/slack/delivery.js';
import type { FileReply } from '../src/core/types.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { letterFiles, t } from '../test/letter/support.js';
import type { BenchResult } from './lib/result.js';
import { distribution, ms, round, rounded } from './lib/stats.js';

const LETTERS_PER_ROUND = 100;
const ROUNDS = 5;
const CHANNEL = 'DBENCH';

export const WORKLOAD =
  "a letter's three files (the seed letter's .docx and PDF, and a 2 KB calendar file) sent to a Slack DM through " +
  "@slack/web-api's WebClient and the loopback fake Web API (test/fakes/slack-api.ts, in this process), in two ways " +
  `alternately, ${ROUNDS} rounds of ${LETTERS_PER_ROUND} letters after one warm-up round: three files.uploadV2 calls, ` +
  'one per file (before) and DmDelivery.send, which sends files that follow one another in one files.uploadV2 ' +
  '(after). The figure is the CPU time of this process per letter (the client and the fake together: each call ' +
  'is work for both), and the wall time per letter';

export async function run(): Promise<BenchResult> {
  const api = await FakeSlackApi.start();
  try {
    const client = new WebClient('xoxb-bench', { slackApiUrl: api.apiUrl });
    const built = await letterFiles();
    const calendar = new TextEncoder().encode(`BEGIN:VCALENDAR\n${'X-PAD:0123456789\n'.repeat(110)}END:VCALENDAR\n`);
    const files: FileReply[] = [
      { kind: 'file', ...built.docx, caption: t('appeal.letter.caption'), ref: 'letter-patient' },
      { kind: 'file', ...built.pdf, caption: t('appeal.letter.pdfCaption'), ref: 'letter-patient-pdf' },
      {
        kind: 'file',
        fileName: 'appeal-deadlines.ics',
        mimeType: 'text/calendar',
        bytes: calendar,
        caption: t('appeal.calendar.caption'),
        ref: 'calendar',
      },
    ];
    const delivery = new DmDelivery();
    const ways = {
      before: async () => {
        for (const file of files) {
          await client.files.uploadV2({
            channel_id: CHANNEL,
            file: Buffer.from(file.bytes),
            filename: file.fileName,
            title: file.fileName,
            initial_comment: file.caption,
          });
        }
      },
      after: () => delivery.send(client, CHANNEL, files, t),
    };
    const cpu: Record<keyof typeof ways, number[]> = { before: [], after: [] };
    const wall: Record<keyof typeof ways, number[]> = { before: [], after: [] };
    for (let r = 0; r <= ROUNDS; r += 1) {
      for (const way of ['before', 'after'] as const) {
        const usage = process.cpuUsage();
        const start = performance.now();
        for (let i = 0; i < LETTERS_PER_ROUND; i += 1) await ways[way]();
        const used = process.cpuUsage(usage);
        if (r === 0) continue;
        cpu[way].push((used.user + used.system) / 1000 / LETTERS_PER_ROUND);
        wall[way].push((performance.now() - start) / LETTERS_PER_ROUND);
      }
      // Each round's uploads are kept by the fake; dropping them keeps its heap the same for both ways.
      api.uploads.splice(0);
      api.shares.splice(0);
      api.calls.splice(0);
    }
    const figures = Object.fromEntries(
      (['before', 'after'] as const).map((way) => [
        way,
        { cpuMsPerLetter: rounded(distribution(cpu[way])), wallMsPerLetter: rounded(distribution(wall[way])) },
      ]),
    );
    const cpuRatio = round(distribution(cpu.before).median / distribution(cpu.after).median, 2);
    return {
      id: 'slack-files',
      title: "10. A letter's files on Slack: one upload per file vs one upload of the three",
      workload: WORKLOAD,
      status: 'ok',
      figures: { ...figures, medianCpuRatio: cpuRatio },
      lines: [
        `CPU per letter, median of ${ROUNDS} rounds: ${ms(distribution(cpu.before).median)} → ` +
          `${ms(distribution(cpu.after).median)} (÷ ${cpuRatio}); rounds ${cpu.before.map((x) => round(x, 2)).join(', ')} → ` +
          `${cpu.after.map((x) => round(x, 2)).join(', ')}`,
        `wall time per letter, median: ${ms(distribution(wall.before).median)} → ${ms(distribution(wall.after).median)}`,
        'API calls per letter: 3 files.getUploadURLExternal, 3 uploads and 3 files.completeUploadExternal → 3, 3 and 1',
      ],
    };
  } finally {
    await api.close();
  }
}
