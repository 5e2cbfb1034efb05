import type { IncomingFile } from '../../bot.js';

/** The parts of a Discord attachment we read (a DM message's attachment, or the `/appeal` option). */
export interface DiscordAttachment {
  url: string;
  size?: number;
  contentType?: string | null;
}

/** Discord serves attachments from its CDN, on signed URLs that expire; nothing else is fetched. */
const CDN_HOSTS = new Set(['https://cdn.discordapp.com', 'https://media.discordapp.net']);

/** The denial letter a user attached; `apiUrl` (tests, proxies) adds its origin to the hosts we fetch from. */
export function attachedLetter(attachment: DiscordAttachment | undefined, apiUrl?: string): IncomingFile | null {
  if (!attachment) return null;
  const allowed = new Set([...CDN_HOSTS, ...(apiUrl ? [new URL(apiUrl).origin] : [])]);
  return {
    ...(attachment.size !== undefined ? { size: attachment.size } : {}),
    ...(attachment.contentType ? { mimeType: attachment.contentType } : {}),
    download: async () => {
      if (!allowed.has(new URL(attachment.url).origin)) throw new Error('attachment URL outside Discord');
      const response = await fetch(attachment.url, { redirect: 'error' });
      if (response.status !== 200) throw new Error(`attachment download ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
