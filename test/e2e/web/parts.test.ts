import { describe, expect, it } from 'vitest';
import { toWebReplies } from '../../../src/adapters/web/messages.js';
import { RateLimiter } from '../../../src/adapters/web/rate-limit.js';
import { newSessionId, sessionCookie, sessionIdFrom } from '../../../src/adapters/web/session.js';
import type { Reply } from '../../../src/core/types.js';

function request(headers: Record<string, string>): Request {
  return new Request('http://localhost/', { headers });
}

const plain = { params: {}, remoteAddress: '127.0.0.1', secure: false };
const tls = { ...plain, secure: true };

describe('letters in the replies', () => {
  it('become links the page can fetch, never bytes', () => {
    const replies: Reply[] = [
      { kind: 'text', text: 'Here it is.' },
      {
        kind: 'file',
        fileName: 'appeal.docx',
        mimeType: 'x',
        bytes: new Uint8Array(2048),
        caption: 'Your letter',
        ref: 'letter-patient',
      },
    ];
    expect(toWebReplies(replies)).toEqual([
      { kind: 'text', text: 'Here it is.' },
      {
        kind: 'file',
        fileName: 'appeal.docx',
        caption: 'Your letter',
        url: 'api/web/letter/letter-patient',
        size: 2048,
      },
    ]);
  });
});

describe('rate limit', () => {
  it('allows a burst up to the limit, then refills evenly over the minute', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    expect(Array.from({ length: 7 }, () => limiter.take('s'))).toEqual([0, 0, 0, 0, 0, 0, 10]);
    now = 10_000;
    expect(limiter.take('s')).toBe(0);
    expect(limiter.take('s')).toBeGreaterThan(0);
    expect(limiter.take('other')).toBe(0);
  });

  it('forgets the least recently used keys past its size', () => {
    const limiter = new RateLimiter(1, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // "a" was evicted, so it starts with a full bucket again.
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('c')).toBeGreaterThan(0);
  });
});

describe('session cookie', () => {
  it('is a random 256-bit id, read back only when well-formed', () => {
    const id = newSessionId();
    expect(id).not.toBe(newSessionId());
    expect(sessionIdFrom(request({ cookie: `theme=dark; overturn_session=${id}` }))).toBe(id);
    expect(sessionIdFrom(request({ cookie: 'overturn_session=short' }))).toBeNull();
    expect(sessionIdFrom(request({ cookie: `overturn_session=${id.slice(1)}%` }))).toBeNull();
    expect(sessionIdFrom(request({}))).toBeNull();
  });

  it('is Secure behind HTTPS, and SameSite=None; Partitioned only when embedded', () => {
    const id = newSessionId();
    expect(sessionCookie(id, request({}), plain, { embedded: false })).toBe(
      `overturn_session=${id}; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie(id, request({ 'x-forwarded-proto': 'https' }), plain, { embedded: false })).toMatch(
      /SameSite=Strict; Secure$/,
    );
    expect(sessionCookie(id, request({}), tls, { embedded: false })).toMatch(/SameSite=Strict; Secure$/);
    expect(sessionCookie(id, request({}), plain, { embedded: true })).toMatch(
      /HttpOnly; SameSite=None; Secure; Partitioned$/,
    );
  });
});
