import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/**
 * A loopback fake of the Microsoft side of a Teams bot: the Bot Connector
 * (where replies are posted), the OpenID metadata and signing keys of the
 * token issuer (so authenticated requests verify offline), and a OneDrive
 * upload URL for the FileConsentCard flow. It records every request.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface PostedActivity {
  conversationId: string;
  replyToId?: string;
  /** When it arrived (`performance.now()` of this process), for timing a turn until its last reply. */
  receivedAt: number;
  activity: ConnectorActivity;
  authorization?: string;
}

/** The part of an outgoing activity the tests look at. */
export interface ConnectorActivity {
  type: string;
  text?: string;
  summary?: string;
  replyToId?: string;
  attachments?: Array<{ contentType: string; content?: any; contentUrl?: string; name?: string }>;
  [key: string]: unknown;
}

export interface FakeBotConnector {
  url: string;
  /** Use as the activity's `serviceUrl`. */
  serviceUrl: string;
  openIdMetadataUrl: string;
  issuer: string;
  requests: RecordedRequest[];
  activities: PostedActivity[];
  uploads: RecordedRequest[];
  /** A OneDrive-style upload URL for one file name. */
  uploadUrl(name: string): string;
  /** Status the next upload answers with (e.g. 500 to test a failed upload); then back to 201. */
  failNextUpload(status: number): void;
  /** Answers the next `times` posted activities with this status (429 comes with `Retry-After: 0`), without recording them. */
  failNextActivity(status: number, times?: number): void;
  /** Activity posts answered with an error status. */
  refusedActivities: number;
  /** How long each answer to a posted activity takes (the real connector takes tens of milliseconds). */
  setLatency(ms: number): void;
  /** A token as the Bot Connector would sign it, for a bot with `appId`. */
  signToken(appId: string, options?: TokenOptions): Promise<string>;
  /**
   * A file the user sends in the personal chat, as Teams delivers it: an attachment
   * of type `application/vnd.microsoft.teams.file.download.info` whose `downloadUrl`
   * is pre-authorized (a `tempauth` token in the URL). Like SharePoint, the host
   * refuses the URL without its tempauth, and refuses a request carrying a bearer token.
   */
  fileAttachment(
    bytes: Uint8Array,
    name: string,
  ): { contentType: string; name: string; content: Record<string, unknown> };
  /** Every request for a shared file: whether its tempauth held and whether it carried an Authorization header. */
  fileDownloads: Array<{ tempauth: boolean; authorization: boolean }>;
  /**
   * Drops the requests, activities, uploads and downloads recorded so far: a benchmark's fakes would
   * otherwise keep every request of a long run, and scanning and collecting them took the CPU.
   */
  forget(): void;
  close(): Promise<void>;
}

export interface TokenOptions {
  serviceUrl?: string;
  issuer?: string;
  signWith?: 'connector' | 'stranger';
  /** Issued two hours ago and expired an hour ago (beyond the SDK's five-minute tolerance). */
  expired?: boolean;
}

const ACTIVITIES_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const connectorKeys = await generateKeyPair('RS256', { extractable: true });
  const strangerKeys = await generateKeyPair('RS256', { extractable: true });
  const kid = 'fake-connector-key';
  const publicJwk: JWK = { ...(await exportJWK(connectorKeys.publicKey)), kid, use: 'sig', alg: 'RS256' };

  const requests: RecordedRequest[] = [];
  const activities: PostedActivity[] = [];
  const uploads: RecordedRequest[] = [];
  let nextUploadStatus: number | null = null;
  let nextActivityStatus: number | null = null;
  let activityFailuresLeft = 0;
  let refusedActivities = 0;
  /** Posted activities so far, forgotten or not: each gets its own id. */
  let posted = 0;
  let latencyMs = 0;
  let base = '';
  const files = new Map<string, { bytes: Buffer; tempauth: string }>();
  const fileDownloads: Array<{ tempauth: boolean; authorization: boolean }> = [];

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(recorded);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    if (req.method === 'GET' && path === '/openid/.well-known/openid-configuration') {
      return json(200, {
        issuer: `${base}/issuer`,
        jwks_uri: `${base}/openid/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.method === 'GET' && path === '/openid/keys') {
      // The Bot Framework checks that the signing key is endorsed for the activity's channel.
      return json(200, { keys: [{ ...publicJwk, endorsements: ['msteams'] }] });
    }
    const activityPath = ACTIVITIES_PATH.exec(path);
    if (activityPath && (req.method === 'POST' || req.method === 'PUT')) {
      if (nextActivityStatus !== null) {
        const status = nextActivityStatus;
        activityFailuresLeft -= 1;
        if (activityFailuresLeft <= 0) nextActivityStatus = null;
        refusedActivities += 1;
        res.writeHead(status, {
          'Content-Type': 'application/json',
          ...(status === 429 ? { 'Retry-After': '0' } : {}),
        });
        return res.end(
          JSON.stringify({ error: { code: status === 429 ? 'Throttled' : 'ServiceError', message: 'try again' } }),
        );
      }
      const conversationId = decodeURIComponent(activityPath[1] as string);
      const replyToId = activityPath[2] ? decodeURIComponent(activityPath[2]) : undefined;
      activities.push({
        conversationId,
        receivedAt: performance.now(),
        ...(replyToId ? { replyToId } : {}),
        activity: JSON.parse(recorded.body.toString('utf8')) as ConnectorActivity,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      posted += 1;
      const id = `activity-${posted}`;
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return json(200, { id });
    }
    if (req.method === 'GET' && path.startsWith('/personal/download/')) {
      const file = files.get(path.slice('/personal/download/'.length));
      const tempauth = new URL(req.url ?? '/', base).searchParams.get('tempauth');
      const download = {
        tempauth: file !== undefined && tempauth === file.tempauth,
        authorization: Boolean(req.headers.authorization),
      };
      fileDownloads.push(download);
      if (!file || !download.tempauth) return json(401, { error: { code: 'accessDenied', message: 'tempauth' } });
      if (download.authorization)
        return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'audience' } });
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': file.bytes.length });
      return res.end(file.bytes);
    }
    if (req.method === 'PUT' && path.startsWith('/uploads/')) {
      uploads.push(recorded);
      const status = nextUploadStatus ?? 201;
      nextUploadStatus = null;
      return json(
        status,
        status < 300
          ? { id: randomUUID(), name: decodeURIComponent(path.slice('/uploads/'.length)), size: recorded.body.length }
          : { error: 'failed' },
      );
    }
    json(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/issuer`;

  async function signToken(appId: string, options: TokenOptions = {}): Promise<string> {
    const key: CryptoKey = options.signWith === 'stranger' ? strangerKeys.privateKey : connectorKeys.privateKey;
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = options.expired ? now - 7200 : now;
    return new SignJWT({ serviceurl: options.serviceUrl ?? `${base}/` })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(appId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(key);
  }

  const fake: FakeBotConnector = {
    url: base,
    serviceUrl: `${base}/`,
    openIdMetadataUrl: `${base}/openid/.well-known/openid-configuration`,
    issuer,
    requests,
    activities,
    uploads,
    uploadUrl: (name) => `${base}/uploads/${encodeURIComponent(name)}`,
    failNextUpload: (status) => {
      nextUploadStatus = status;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    failNextActivity: (status, times = 1) => {
      nextActivityStatus = times > 0 ? status : null;
      activityFailuresLeft = times;
    },
    get refusedActivities() {
      return refusedActivities;
    },
    signToken,
    fileDownloads,
    forget: () => {
      for (const recorded of [requests, activities, uploads, fileDownloads]) recorded.length = 0;
    },
    fileAttachment: (bytes, name) => {
      const id = randomUUID();
      const tempauth = randomUUID();
      files.set(id, { bytes: Buffer.from(bytes), tempauth });
      return {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name,
        content: {
          downloadUrl: `${base}/personal/download/${id}?tempauth=${tempauth}`,
          uniqueId: id,
          fileType: name.split('.').pop() ?? '',
        },
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
