import { randomBytes } from 'node:crypto';
import type { ConversationKey, FileReply } from '../../core/types.js';

/**
 * Letters waiting for the user to accept a FileConsentCard. Teams sends the
 * accept back as a separate invoke, possibly minutes later; the card carries
 * only an opaque random id, so the letter itself never leaves the server
 * before the user agrees. Entries expire, and "forget me" drops them.
 */
export interface PendingLetter {
  conversation: ConversationKey;
  file: FileReply;
  expiresAt: number;
}

export const DEFAULT_LETTER_TTL_SECONDS = 60 * 60;

export class PendingLetters {
  private readonly letters = new Map<string, PendingLetter>();

  constructor(
    private readonly ttlSeconds: number = DEFAULT_LETTER_TTL_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps a letter and returns the id to put in the consent card. */
  put(conversation: ConversationKey, file: FileReply): string {
    this.sweep();
    const id = randomBytes(18).toString('base64url');
    this.letters.set(id, { conversation, file, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return id;
  }

  /** The letter, only for the conversation it was made for and only until it expires. */
  get(id: string, conversation: ConversationKey): PendingLetter | undefined {
    this.sweep();
    const letter = this.letters.get(id);
    return letter && letter.conversation === conversation ? letter : undefined;
  }

  delete(id: string, conversation: ConversationKey): void {
    if (this.letters.get(id)?.conversation === conversation) this.letters.delete(id);
  }

  /** Drops every letter of one conversation ("forget me"). */
  forget(conversation: ConversationKey): void {
    for (const [id, letter] of this.letters) {
      if (letter.conversation === conversation) this.letters.delete(id);
    }
  }

  clear(): void {
    this.letters.clear();
  }

  get size(): number {
    this.sweep();
    return this.letters.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, letter] of this.letters) {
      if (letter.expiresAt <= now) this.letters.delete(id);
    }
  }
}
