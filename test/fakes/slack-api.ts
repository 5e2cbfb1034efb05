import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One Web API call as the fake received it; JSON-valued fields (blocks, view, files) are parsed. */
export interface SlackApiCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
}

/** A POST to a `response_url` (what `respond()` sends). */
export interface SlackResponseUrlPost {
  path: string;
  body: Record<string, unknown>;
}

export interface SlackUpload {
  fileId: string;
  bytes: Buffer;
}

/** One `files.completeUploadExternal`: what the channel shows, one message with its files in order. */
export interface SlackFileShare {
  channel: string | undefined;
  threadTs: string | undefined;
  comment: string | undefined;
  files: Array<{ id: string; filename: string; bytes: Buffer }>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files']);
export const FAKE_BOT_USER = 'UBOT';
export const FAKE_BOT_ID = 'BBOT';

/**
 * A loopback stand-in for Slack's Web API (`/api/{method}`), the external
 * upload URLs of `files.uploadV2`, and `response_url`s. It records everything
 * and answers the way Slack does, with `ok: true`.
 */
export class FakeSlackApi {
  readonly calls: SlackApiCall[] = [];
  readonly uploads: SlackUpload[] = [];
  readonly shares: SlackFileShare[] = [];
  private readonly uploadNames = new Map<string, string>();
  readonly responses: SlackResponseUrlPost[] = [];
  /** Envelope ids the Socket Mode client acknowledged. */
  readonly socketAcks: string[] = [];
  private readonly failures = new Map<string, string>();
  private readonly locales = new Map<string, string>();
  private readonly privateFiles = new Map<string, { bytes: Buffer; mimetype: string }>();
  /** Every request for a private file, with the token it carried. */
  readonly fileDownloads: Array<{ path: string; token: string | undefined }> = [];
  /** How long each Web API answer takes (Slack's own round trip is tens of milliseconds); calls count as posted on arrival. */
  latencyMs = 0;
  private nextTs = 1;
  private nextFile = 1;
  private nextEnvelope = 1;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private socketWaiters: Array<() => void> = [];

  private constructor(private readonly server: Server) {
    server.on('upgrade', (req, socket, head) => {
      this.sockets.handleUpgrade(req, socket, head, (ws) => this.acceptSocket(ws));
    });
  }

  static async start(): Promise<FakeSlackApi> {
    const server = createServer();
    const fake = new FakeSlackApi(server);
    server.on('request', (req, res) => {
      fake
        .handle(req)
        .then(({ status, body, raw }) => {
          if (raw) res.writeHead(status, raw.headers).end(raw.bytes);
          else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        })
        .catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.origin}/respond/${id}`;
  }

  /** The language Slack reports for `user` (Preferences → Language), `en-US` unless set. */
  setLocale(user: string, locale: string): void {
    this.locales.set(user, locale);
  }

  /** Makes every later call to `method` answer `{ ok: false, error }`, as Slack does for a refused call. */
  fail(method: string, error: string): void {
    this.failures.set(method, error);
  }

  callsTo(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves once a Socket Mode client has connected and been greeted. */
  socketConnected(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => this.socketWaiters.push(resolve));
  }

  /** Delivers a Socket Mode envelope (`events_api`, `slash_commands`, `interactive`) and returns its id. */
  socketSend(type: string, payload: Record<string, unknown>, retryAttempt = 0): string {
    if (!this.socket) throw new Error('no Socket Mode client connected');
    const envelopeId = `env-${this.nextEnvelope++}`;
    this.socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt ? 'timeout' : '',
      }),
    );
    return envelopeId;
  }

  private acceptSocket(ws: WebSocket): void {
    this.socket = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string };
      if (message.envelope_id) this.socketAcks.push(message.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A1' },
        debug_info: { host: 'fake' },
      }),
    );
    for (const resolve of this.socketWaiters.splice(0)) resolve();
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * A file a user shared, as Slack hosts it: its private URL answers only a request
   * carrying the bot token (scope files:read); any other gets the redirect to
   * Slack's sign-in page, as the real file host does.
   */
  hostFile(bytes: Uint8Array, meta: { name: string; mimetype: string }): Record<string, unknown> {
    const id = `F${this.nextFile++}`;
    this.privateFiles.set(id, { bytes: Buffer.from(bytes), mimetype: meta.mimetype });
    const url = `${this.origin}/files-pri/T1-${id}/download/${encodeURIComponent(meta.name)}`;
    return {
      id,
      name: meta.name,
      title: meta.name,
      mimetype: meta.mimetype,
      filetype: meta.name.split('.').pop(),
      size: bytes.length,
      mode: 'hosted',
      is_external: false,
      url_private: url.replace('/download/', '/'),
      url_private_download: url,
    };
  }

  /**
   * Drops the calls, uploads, shares, responses and downloads recorded so far: a benchmark's fakes
   * would otherwise keep every request of a long run, and scanning and collecting them took the CPU.
   */
  forget(): void {
    for (const recorded of [this.calls, this.uploads, this.shares, this.responses, this.socketAcks, this.fileDownloads])
      recorded.length = 0;
    this.uploadNames.clear();
  }

  /** Tokens the fake accepts for private files (Bolt's bot token in the harness). */
  readonly fileTokens = new Set(['xoxb-test']);

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; raw?: { headers: Record<string, string>; bytes: Buffer } }> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (path.startsWith('/files-pri/')) {
      this.fileDownloads.push({ path, token: req.headers.authorization?.replace(/^Bearer /, '') });
      const id = /^\/files-pri\/T1-(F\d+)\//.exec(path)?.[1];
      const file = id ? this.privateFiles.get(id) : undefined;
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (!file || !token || !this.fileTokens.has(token))
        return {
          status: 302,
          body: null,
          raw: {
            headers: { location: `${this.origin}/?redir=${encodeURIComponent(path)}`, 'content-type': 'text/html' },
            bytes: Buffer.from('<html>Sign in</html>'),
          },
        };
      return { status: 200, body: null, raw: { headers: { 'content-type': file.mimetype }, bytes: file.bytes } };
    }
    if (path.startsWith('/upload/')) {
      this.uploads.push({ fileId: path.slice('/upload/'.length), bytes: await uploadedBytes(req, raw) });
      return { status: 200, body: 'OK' };
    }
    if (path.startsWith('/respond/')) {
      this.responses.push({ path, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      return { status: 200, body: { ok: true } };
    }
    if (!path.startsWith('/api/')) return { status: 404, body: { ok: false, error: 'not_found' } };
    const method = path.slice('/api/'.length);
    const params = parseParams(req, raw);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (params.token as string | undefined);
    this.calls.push({ method, params, token });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return { status: 200, body: this.answer(method, params) };
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const failure = this.failures.get(method);
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: FAKE_BOT_USER,
          bot_id: FAKE_BOT_ID,
          team_id: 'T1',
          team: 'Test',
          user: 'overturn',
          url: `${this.origin}/`,
        };
      case 'users.info': {
        // Slack includes the locale only when asked (`include_locale`), which needs the users:read scope.
        const user = String(params.user);
        const asked = params.include_locale === true || params.include_locale === 'true';
        return { ok: true, user: { id: user, ...(asked ? { locale: this.locales.get(user) ?? 'en-US' } : {}) } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users)}` } };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: `${this.nextTs++}.000100`, message: { text: params.text } };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs++}.000100` };
      case 'apps.connections.open':
        return { ok: true, url: `${this.origin.replace('http', 'ws')}/socket` };
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'views.open': {
        const problem = modalProblem(params);
        if (problem) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [problem] } };
        const view = params.view as Record<string, unknown>;
        return { ok: true, view: { ...view, id: `V${this.nextTs++}`, hash: `h${this.nextTs}` } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.nextFile++}`;
        this.uploadNames.set(fileId, String(params.filename));
        return { ok: true, upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = params.files as Array<{ id: string; title?: string }>;
        const shared: SlackFileShare['files'] = [];
        for (const f of files) {
          const upload = this.uploads.find((u) => u.fileId === f.id);
          // Slack cannot share a file whose bytes never reached its upload URL.
          if (!upload) return { ok: false, error: 'file_not_found' };
          shared.push({ id: f.id, filename: this.uploadNames.get(f.id) ?? '', bytes: upload.bytes });
        }
        this.shares.push({
          channel: params.channel_id as string | undefined,
          threadTs: params.thread_ts as string | undefined,
          comment: params.initial_comment as string | undefined,
          files: shared,
        });
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/**
 * What Slack refuses in `views.open` (docs.slack.dev: views.open, modal views,
 * input block, plain-text input, select menus): a missing trigger, a title or
 * button over 24 characters, more than 100 blocks, repeated block ids, inputs
 * without a submit button, text and option limits. Returns the first problem.
 */
function modalProblem(params: Record<string, unknown>): string | null {
  if (typeof params.trigger_id !== 'string' || !params.trigger_id) return 'trigger_id is required';
  const view = params.view as Record<string, any> | undefined;
  if (view?.type !== 'modal') return 'view must be a modal';
  const plainText = (t: any, max: number, name: string) =>
    t?.type !== 'plain_text' || typeof t.text !== 'string' || t.text.length === 0 || t.text.length > max
      ? `${name} must be plain_text of 1-${max} characters`
      : null;
  const blocks = (view.blocks ?? []) as Array<Record<string, any>>;
  const checks: Array<string | null> = [
    plainText(view.title, 24, 'title'),
    view.submit ? plainText(view.submit, 24, 'submit') : null,
    view.close ? plainText(view.close, 24, 'close') : null,
    blocks.length > 100 ? 'no more than 100 blocks' : null,
    typeof view.private_metadata === 'string' && view.private_metadata.length > 3000
      ? 'private_metadata too long'
      : null,
    typeof view.callback_id === 'string' && view.callback_id.length > 255 ? 'callback_id too long' : null,
    blocks.some((b) => b.type === 'input') && !view.submit ? 'submit is required with input blocks' : null,
  ];
  const ids = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(ids).size !== ids.length) checks.push('block_id must be unique');
  for (const block of blocks) {
    if (block.type === 'header') checks.push(plainText(block.text, 150, 'header text'));
    if (block.type !== 'input') continue;
    checks.push(plainText(block.label, 2000, 'input label'));
    const el = block.element ?? {};
    if (el.type === 'plain_text_input') {
      if (el.max_length !== undefined && (el.max_length < 1 || el.max_length > 3000))
        checks.push('max_length is 1-3000');
      if (
        typeof el.initial_value === 'string' &&
        el.max_length !== undefined &&
        el.initial_value.length > el.max_length
      )
        checks.push('initial_value longer than max_length');
      if (el.placeholder) checks.push(plainText(el.placeholder, 150, 'placeholder'));
    } else if (el.type === 'static_select' || el.type === 'multi_static_select') {
      const options = (el.options ?? []) as Array<Record<string, any>>;
      if (options.length === 0 || options.length > 100) checks.push('a select has 1-100 options');
      for (const o of options) {
        checks.push(plainText(o.text, 75, 'option text'));
        if (typeof o.value !== 'string' || o.value.length > 150) checks.push('option value is 1-150 characters');
      }
      const values = new Set(options.map((o) => o.value));
      for (const o of [el.initial_option, ...(el.initial_options ?? [])].filter(Boolean))
        if (!values.has(o.value)) checks.push('initial option must be one of the options');
    } else checks.push(`unsupported input element ${String(el.type)}`);
  }
  return checks.find((c) => c !== null) ?? null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseParams(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  const fields: Record<string, unknown> = req.headers['content-type']?.includes('application/json')
    ? (JSON.parse(text || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(text));
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (JSON_FIELDS.has(key) && typeof value === 'string') fields[key] = JSON.parse(value);
  }
  return fields;
}

/** The upload step sends the bytes as multipart form data; read the one file part. */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://fake.invalid/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(raw),
  }).formData();
  const files: Blob[] = [];
  form.forEach((value) => {
    if (typeof value !== 'string') files.push(value);
  });
  if (!files[0]) throw new Error('upload without a file part');
  return Buffer.from(await files[0].arrayBuffer());
}
