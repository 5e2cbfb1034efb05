import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { OverturnError } from '../../core/errors.js';

/** Whether the address at `hop` (0: the peer of the socket) is a proxy whose forwarding headers we believe. */
export type TrustProxy = (address: string, hop: number) => boolean;

export const trustNoProxy: TrustProxy = () => false;

/**
 * Reads `TRUST_PROXY` as Express and Fastify do: unset trusts nobody; a number
 * trusts that many hops in front of the server; otherwise a comma list of
 * addresses, CIDR ranges or the names `loopback`, `linklocal`, `uniquelocal`.
 * `true` (trust everyone) is refused: anyone could then choose their address.
 */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const value = text?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return trustNoProxy;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(list);
  } catch {
    throw new OverturnError(
      'config_invalid',
      'TRUST_PROXY is invalid: give a number of proxies (1) or their addresses (10.0.0.1, 10.0.0.0/8, loopback)',
    );
  }
}

/** What the request says about its client, believing forwarding headers only from trusted proxies. */
export interface ClientView {
  /** The client's address: the socket's peer, or the nearest untrusted address in `X-Forwarded-For`. */
  address: string;
  /** HTTPS between the client and the first proxy (`X-Forwarded-Proto` from a trusted proxy) or to us. */
  https: boolean;
  /** The host the client asked for (`X-Forwarded-Host` from a trusted proxy, else `Host`). */
  host: string | undefined;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const first = text?.split(',')[0]?.trim();
  return first ? first : undefined;
}

export function clientView(req: IncomingMessage, trust: TrustProxy): ClientView {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const fromProxy = req.socket.remoteAddress !== undefined && trust(peer, 0);
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const proto = fromProxy ? firstValue(req.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  return {
    address: fromProxy ? proxyaddr(req, trust) : peer,
    https: proto ? proto === 'https' : encrypted,
    host: (fromProxy ? firstValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host,
  };
}
