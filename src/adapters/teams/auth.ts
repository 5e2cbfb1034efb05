import {
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { TeamsConfig } from './config.js';

/**
 * Where the Bot Framework's tokens come from and go to. Left out, the public
 * Azure cloud is used. A sovereign cloud, or the loopback fake connector in
 * the tests, sets every one of them: the SDK treats them as one set.
 */
export interface BotFrameworkEndpoints {
  /** OpenID metadata of the Bot Connector that signs incoming requests. */
  toBotFromChannelOpenIdMetadataUrl: string;
  /** The `iss` claim of the connector's tokens. */
  toBotFromChannelTokenIssuer: string;
  toBotFromEmulatorOpenIdMetadataUrl: string;
  /** Where the bot gets tokens for its replies, and for which audience. */
  toChannelFromBotLoginUrl: string;
  toChannelFromBotOAuthScope: string;
  oAuthUrl: string;
  callerId: string;
  validateAuthority?: boolean;
}

export interface AuthOptions {
  endpoints?: BotFrameworkEndpoints;
  /** Replaces the client-secret / managed-identity credentials for outgoing calls. */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * With an app id, every request must carry a valid Bot Connector token (401
 * otherwise) and replies are signed. Without one, nothing is checked: local
 * emulator use only.
 */
export function botFrameworkAuthentication(
  config: TeamsConfig,
  options: AuthOptions = {},
): ConfigurationBotFrameworkAuthentication {
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    // The SDK spells the managed identity type "UserAssignedMsi" and compares case-insensitively.
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId ?? '',
  };
  const endpoints = options.endpoints;
  if (endpoints) {
    Object.assign(settings, {
      ToBotFromChannelOpenIdMetadataUrl: endpoints.toBotFromChannelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: endpoints.toBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: endpoints.toBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: endpoints.toChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: endpoints.toChannelFromBotOAuthScope,
      OAuthUrl: endpoints.oAuthUrl,
      CallerId: endpoints.callerId,
      ValidateAuthority: endpoints.validateAuthority ?? true,
    });
  }
  return new TokenCheckingAuthentication(settings, options.credentialsFactory);
}

/** Errors of the JWT library for a token that is forged, malformed, expired or not yet valid. */
const REJECTED_TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * The SDK lets a token with a bad signature escape as a JWT library error,
 * which `CloudAdapter` answers with 500; the caller is simply not authorized,
 * so it becomes an AuthenticationError (401). Failures to fetch the signing
 * keys stay server errors.
 */
class TokenCheckingAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && REJECTED_TOKEN_ERRORS.has(error.name)) {
        throw new AuthenticationError('Unauthorized. The token is not valid.', StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }
}
