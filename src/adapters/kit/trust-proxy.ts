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

/** What the socket says: its peer and whether it is TLS. */
export interface Peer {
  remoteAddress: string | undefined;
  secure: boolean;
}

/** Reads headers by name, as `Headers.get` does (several values joined by `, `). */
export interface HeaderSource {
  get(name: string): string | null;
}

function firstValue(text: string | null): string | undefined {
  const first = text?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/**
 * Walks `X-Forwarded-For` from the nearest hop outwards while each address is
 * a trusted proxy (as proxy-addr does): the first untrusted one is the client.
 */
function forwardedClient(peer: string, forwardedFor: string | null, trust: TrustProxy): string {
  const chain = [
    peer,
    ...(forwardedFor ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .reverse(),
  ];
  for (let hop = 0; hop < chain.length - 1; hop += 1) {
    if (!trust(chain[hop] ?? '', hop)) return chain[hop] ?? peer;
  }
  return chain.at(-1) ?? peer;
}

export function clientView(headers: HeaderSource, peer: Peer, trust: TrustProxy): ClientView {
  const address = peer.remoteAddress ?? 'unknown';
  const fromProxy = peer.remoteAddress !== undefined && trust(address, 0);
  const proto = fromProxy ? firstValue(headers.get('x-forwarded-proto'))?.toLowerCase() : undefined;
  return {
    address: fromProxy ? forwardedClient(address, headers.get('x-forwarded-for'), trust) : address,
    https: proto ? proto === 'https' : peer.secure,
    host: (fromProxy ? firstValue(headers.get('x-forwarded-host')) : undefined) ?? headers.get('host') ?? undefined,
  };
}
