import { LRUCache } from 'lru-cache';
import type { WebReply } from './messages.js';

/** What a request was answered, to answer its retry the same way. */
export interface WebAnswer {
  replies: WebReply[];
  forgotten: boolean;
  /** The conversation's language after the turn. */
  locale: string;
}

/**
 * The last answer of each conversation with its message id, for a short time:
 * a browser or proxy retrying a request whose answer it lost gets that answer
 * again, not an empty list. Bounded in count and age; in this process only.
 */
export class RepeatedReplies {
  private readonly last: LRUCache<string, { messageId: string; answer: WebAnswer }>;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.last = new LRUCache({ max: options.max ?? 1000, ttl: options.ttlMs ?? 2 * 60_000 });
  }

  get(conversation: string, messageId: string | undefined): WebAnswer | undefined {
    const last = messageId === undefined ? undefined : this.last.get(conversation);
    return last?.messageId === messageId ? last?.answer : undefined;
  }

  set(conversation: string, messageId: string | undefined, answer: WebAnswer): void {
    if (messageId !== undefined) this.last.set(conversation, { messageId, answer });
  }

  get size(): number {
    return this.last.size;
  }

  clear(): void {
    this.last.clear();
  }
}
