import { describe, expect, it } from 'vitest';
import { toWebReplies } from '../../../src/adapters/web/messages.js';
import { RateLimiter } from '../../../src/adapters/web/rate-limit.js';
import { randomBytes } from 'node:crypto';
import { clientView, parseTrustProxy, type TrustProxy } from '../../../src/adapters/kit/trust-proxy.js';
import { sessionCookie, sessionCookieValue } from '../../../src/adapters/web/session.js';
import { SessionIds } from '../../../src/adapters/web/session-id.js';
import type { Reply } from '../../../src/core/types.js';

function request(headers: Record<string, string>): Request {
  return new Request('http://localhost/', { headers });
}

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
  const keys = { current: randomBytes(32), previous: [randomBytes(32)] };
  const ids = new SessionIds(keys);

  it('carries a random 256-bit id the server signed; made-up, altered or foreign values do not verify', () => {
    const { id, cookie } = ids.issue();
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(ids.issue().id).not.toBe(id);
    expect(ids.verify(cookie)).toBe(id);
    expect(sessionCookieValue(request({ cookie: `theme=dark; overturn_session=${cookie}` }))).toBe(cookie);
    expect(sessionCookieValue(request({ cookie: `__Host-overturn_session=${cookie}; overturn_session=x` }))).toBe(
      cookie,
    );
    // A well-formed id of the old kind, a made-up signature, a flipped character, another server's id.
    expect(ids.verify(randomBytes(32).toString('base64url'))).toBeNull();
    expect(ids.verify(`${id}.${randomBytes(32).toString('base64url')}`)).toBeNull();
    // The first character, not the last: a 256-bit value's last base64url character carries two padding bits,
    // so A and B there can decode to the same bytes.
    expect(ids.verify(cookie.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    const other = new SessionIds({ current: randomBytes(32), previous: [] });
    expect(ids.verify(other.issue().cookie)).toBeNull();
    // Issued with a previous secret (before a rotation): still this browser's session.
    const before = new SessionIds({ current: keys.previous[0]!, previous: [] }).issue();
    expect(ids.verify(before.cookie)).toBe(before.id);
  });

  it('is Secure with the __Host- prefix behind HTTPS, and SameSite=None; Partitioned only when embedded', () => {
    const { cookie } = ids.issue();
    expect(sessionCookie(cookie, false, { embedded: false })).toBe(
      `overturn_session=${cookie}; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie(cookie, true, { embedded: false })).toBe(
      `__Host-overturn_session=${cookie}; Path=/; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(sessionCookie(cookie, false, { embedded: true })).toBe(
      `__Host-overturn_session=${cookie}; Path=/; HttpOnly; SameSite=None; Secure; Partitioned`,
    );
  });
});

describe('TRUST_PROXY', () => {
  const view = (peer: string, headers: Record<string, string>, trust: TrustProxy) =>
    clientView(new Headers(headers), { remoteAddress: peer, secure: false }, trust);
  const forwarded = {
    'x-forwarded-for': '203.0.113.7, 10.0.0.2',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'chat.example.org',
    host: 'internal:3978',
  };

  it('unset: forwarding headers are never believed', () => {
    expect(view('10.0.0.1', forwarded, parseTrustProxy(undefined))).toEqual({
      address: '10.0.0.1',
      https: false,
      host: 'internal:3978',
    });
  });

  it('a hop count or a list of proxies: the nearest untrusted address is the client', () => {
    expect(view('10.0.0.1', forwarded, parseTrustProxy('1'))).toEqual({
      address: '10.0.0.2',
      https: true,
      host: 'chat.example.org',
    });
    expect(view('10.0.0.1', forwarded, parseTrustProxy('2')).address).toBe('203.0.113.7');
    expect(view('10.0.0.1', forwarded, parseTrustProxy('10.0.0.0/8')).address).toBe('203.0.113.7');
    expect(view('127.0.0.1', forwarded, parseTrustProxy('loopback, 10.0.0.2')).address).toBe('203.0.113.7');
    // A request that does not come from a listed proxy: its headers are the client's own words.
    expect(view('198.51.100.9', forwarded, parseTrustProxy('10.0.0.0/8'))).toEqual({
      address: '198.51.100.9',
      https: false,
      host: 'internal:3978',
    });
  });

  it('refuses a value it cannot read, naming the setting', () => {
    expect(() => parseTrustProxy('proxy.example.org')).toThrow(/TRUST_PROXY is invalid/);
  });
});
