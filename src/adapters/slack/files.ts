import type { IncomingFile } from '../../bot.js';

/** The parts of a Slack file object we read (from a `message` event with subtype `file_share`). */
export interface SlackFile {
  id?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

/** The files of a `file_share` message event (Bolt types them loosely). */
export function slackFiles(event: object): SlackFile[] | undefined {
  const files = 'files' in event ? event.files : undefined;
  return Array.isArray(files) ? files.filter((f): f is SlackFile => typeof f === 'object' && f !== null) : undefined;
}

/** Slack serves private files from this host; the bot token is sent nowhere else. */
const FILE_HOST = 'https://files.slack.com';

/**
 * The letter a user shared in the DM: the first file, fetched from its private
 * URL with the bot token (scope `files:read`). `apiUrl` (tests, proxies) adds
 * its own origin to the hosts the token may go to.
 */
export function sharedLetter(files: SlackFile[] | undefined, token: string, apiUrl?: string): IncomingFile | null {
  const file = files?.[0];
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) return null;
  const allowed = new Set([FILE_HOST, ...(apiUrl ? [new URL(apiUrl).origin] : [])]);
  return {
    ...(file.size !== undefined ? { size: file.size } : {}),
    ...(file.mimetype ? { mimeType: file.mimetype } : {}),
    download: async () => {
      if (!allowed.has(new URL(url).origin)) throw new Error('file URL outside Slack');
      // Without the token Slack answers with its sign-in page (HTML) or a redirect to it.
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
      const type = response.headers.get('content-type') ?? '';
      if (response.status !== 200 || type.startsWith('text/html')) throw new Error(`file download ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
