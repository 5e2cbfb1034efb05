import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Translator } from '../../core/i18n.js';
import type { Reply } from '../../core/types.js';
import { withFileRuns } from '../kit/index.js';
import { renderReply, type SlackOutput } from './render.js';

type WebClient = webApi.WebClient;

/**
 * Sends rendered replies into the user's direct message with the bot, the
 * only place where answers and letters are shown.
 */
export class DmDelivery {
  /** DM channel per user; a DM channel id never changes, so it is safe to keep (the most recent 10,000 users). */
  private readonly channels = new LRUCache<string, string>({ max: 10_000 });

  /** Notes a DM channel seen on an event, saving a `conversations.open` call. */
  remember(userId: string, channel: string): void {
    this.channels.set(userId, channel);
  }

  async channelFor(client: WebClient, userId: string): Promise<string> {
    const known = this.channels.get(userId);
    if (known) return known;
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    this.channels.set(userId, channel);
    return channel;
  }

  /**
   * Posts the replies in order (Slack shows them in the order they arrive);
   * with `threadTs`, inside that thread of the DM, where the user wrote. `t`
   * is the conversation's language, for Slack's own words (buttons, fallbacks).
   * Files that follow one another (the letter, its PDF, the calendar) go in one
   * message, their captions together: one notification, and one
   * `completeUploadExternal` instead of three.
   */
  async send(client: WebClient, channel: string, replies: Reply[], t: Translator, threadTs?: string): Promise<void> {
    const thread = threadTs ? { thread_ts: threadTs } : {};
    const outputs = replies.flatMap((reply) => renderReply(reply, t));
    for (const run of withFileRuns<MessageOutput, FileOutput>(
      outputs,
      (output): output is FileOutput => output.kind === 'file',
    )) {
      if (!Array.isArray(run)) {
        await client.chat.postMessage({ channel, text: run.message.text, blocks: run.message.blocks, ...thread });
        continue;
      }
      await client.files.uploadV2({
        ...thread,
        channel_id: channel,
        initial_comment: run.map((file) => file.caption).join('\n\n'),
        file_uploads: run.map((file) => ({
          file: Buffer.from(file.bytes),
          filename: file.fileName,
          title: file.fileName,
        })),
      });
    }
  }
}

type FileOutput = Extract<SlackOutput, { kind: 'file' }>;
type MessageOutput = Extract<SlackOutput, { kind: 'message' }>;
