import { ToBotFromBotOrEmulatorTokenValidationParameters } from 'botframework-connector';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { BotFrameworkEndpoints } from './auth.js';

const CHANNEL_METADATA = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const EMULATOR_METADATA = 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration';
const CHANNEL_ISSUER = 'https://api.botframework.com';

interface KeySource {
  metadataUrl: string;
  issuers: string[];
  keys: Promise<JWTVerifyGetKey> | null;
}

/**
 * Checks a bearer token's signature, expiry, audience and issuer before the
 * Bot Framework SDK sees it. The SDK prints a multi-line error (with a stack
 * or the signing key) for every bad token it rejects; screened first, a flood
 * of forged requests leaves one rate-limited line each instead. The SDK still
 * runs its full validation on what passes.
 */
export class TokenScreen {
  private readonly sources: KeySource[];

  constructor(
    private readonly appId: string,
    endpoints: BotFrameworkEndpoints | undefined,
    private readonly timeoutMs = 5000,
  ) {
    const emulatorIssuers = ToBotFromBotOrEmulatorTokenValidationParameters.issuer;
    this.sources = [
      {
        metadataUrl: endpoints?.toBotFromChannelOpenIdMetadataUrl ?? CHANNEL_METADATA,
        issuers: [endpoints?.toBotFromChannelTokenIssuer ?? CHANNEL_ISSUER],
        keys: null,
      },
      {
        metadataUrl: endpoints?.toBotFromEmulatorOpenIdMetadataUrl ?? EMULATOR_METADATA,
        issuers: Array.isArray(emulatorIssuers) ? emulatorIssuers : emulatorIssuers ? [emulatorIssuers] : [],
        keys: null,
      },
    ];
  }

  /** Null when the token may go on to the SDK; otherwise why it was refused (a code, never the token). */
  async reject(authorization: string): Promise<string | null> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) return 'no_token';
    let reason = 'unknown_key';
    for (const source of this.sources) {
      let keys: JWTVerifyGetKey;
      try {
        keys = await this.keysOf(source);
      } catch {
        source.keys = null;
        reason = 'keys_unavailable';
        continue;
      }
      try {
        await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          audience: this.appId,
          issuer: source.issuers,
          clockTolerance: 300,
        });
        return null;
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey) continue;
        if (error instanceof errors.JWKSTimeout) source.keys = null;
        return error instanceof errors.JOSEError ? error.code : 'invalid_token';
      }
    }
    return reason;
  }

  private keysOf(source: KeySource): Promise<JWTVerifyGetKey> {
    source.keys ??= (async () => {
      const response = await fetch(source.metadataUrl, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`OpenID metadata answered ${response.status}`);
      const metadata: unknown = await response.json();
      const jwksUri = metadata && typeof metadata === 'object' && 'jwks_uri' in metadata ? metadata.jwks_uri : null;
      if (typeof jwksUri !== 'string') throw new Error('OpenID metadata has no jwks_uri');
      return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: this.timeoutMs });
    })();
    return source.keys;
  }
}
