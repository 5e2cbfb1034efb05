import { randomBytes } from 'node:crypto';

export interface StoredLetter {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

interface Entry extends StoredLetter {
  conversation: string;
  expiresAt: number;
}

/**
 * Letters waiting to be downloaded, in this process's memory only: each under
 * a random id, readable only by the conversation that produced it, gone after
 * the expiry or when the user says "forget me".
 */
export class LetterStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  put(conversation: string, letter: StoredLetter): string {
    this.sweep();
    const id = randomBytes(18).toString('base64url');
    this.entries.set(id, { ...letter, conversation, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  /** The letter, or null when it does not exist, expired, or belongs to another conversation. */
  get(id: string, conversation: string): StoredLetter | null {
    const entry = this.entries.get(id);
    if (!entry || entry.conversation !== conversation) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return null;
    }
    return { fileName: entry.fileName, mimeType: entry.mimeType, bytes: entry.bytes };
  }

  dropConversation(conversation: string): void {
    for (const [id, entry] of this.entries) if (entry.conversation === conversation) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
