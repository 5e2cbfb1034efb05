import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A loopback fake of Discord: the REST API (`/api/v10/...`) and the gateway
 * (WebSocket on the same port). A real discord.js `Client` logs in against
 * it; tests dispatch MESSAGE_CREATE / INTERACTION_CREATE frames and read what
 * the bot sent from `outbox` (what users would see) and `requests` (raw REST).
 */

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeFile {
  name: string;
  bytes: Uint8Array;
  /** The multipart part's Content-Type: what Discord records and serves the file as. */
  contentType: string;
}

/** A message as Discord would show it, with how it got there. */
export interface FakeMessage {
  id: string;
  /** `channel`: a bot message in a channel (the DM); `reply`/`deferred`/`followup`: an interaction response. */
  via: 'channel' | 'reply' | 'deferred' | 'followup';
  channelId: string;
  /** The interaction answered, for interaction responses. */
  interactionId?: string;
  ephemeral: boolean;
  /** Sent with SUPPRESS_NOTIFICATIONS (@silent): no push notification, no lock-screen preview. */
  silent: boolean;
  content: string;
  embeds: Array<Record<string, any>>;
  components: Array<Record<string, any>>;
  attachments: FakeFile[];
  /** Set when a deferred placeholder was edited with the real answer. */
  edited: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  files: FakeFile[];
}

export interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  guildId?: string;
  /** Interaction callback types received (4 reply, 5 deferred, 6 deferred update, 7 update, 9 modal). */
  callbacks: number[];
  originalMessageId?: string;
  /** The message whose component was used (component and modal interactions). */
  messageId?: string;
  modal?: Record<string, any>;
}

export interface FakeDiscordOptions {
  token: string;
  applicationId: string;
  guilds?: Array<{ id: string; name: string; channelId: string }>;
}

const API_PREFIX = '/api/v10';
const EPHEMERAL = 64;
const SUPPRESS_NOTIFICATIONS = 4096;

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly outbox: FakeMessage[] = [];
  /** Close codes the bot's gateway connections ended with (1000 = clean). */
  readonly gatewayCloses: number[] = [];
  /** IDENTIFY payloads received (intents, properties). */
  readonly identifies: Array<{ token: string; intents: number }> = [];
  /** Users whose privacy settings refuse DMs from the bot (Discord answers 50007). */
  readonly closedDms = new Set<string>();
  /** Users who share no server with the bot any more (Discord answers 50278). */
  readonly noMutualServer = new Set<string>();
  readonly botUser: FakeUser;
  readonly interactions = new Map<string, InteractionRecord>();
  /** Each user's Discord client language, sent as `interaction.locale` (`en-US` unless set). */
  readonly locales = new Map<string, string>();
  /** How long each REST answer takes (Discord's own round trip is tens of milliseconds); messages count as sent on arrival. */
  latencyMs = 0;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly dmChannels = new Map<string, string>();
  private readonly dmRecipients = new Map<string, FakeUser>();
  private readonly users = new Map<string, FakeUser>();
  private nextId = 1_200_000_000_000_000_000n;
  private sequence = 0;
  private port = 0;

  constructor(private readonly options: FakeDiscordOptions) {
    super();
    this.botUser = {
      id: options.applicationId,
      username: 'Overturn',
      global_name: null,
      discriminator: '0',
      avatar: null,
      bot: true,
    };
    this.server = createServer((req, res) => {
      this.handleHttp(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The REST base URL to give the client (`rest.api` / DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  user(id: string, username: string): FakeUser {
    const user: FakeUser = { id, username, global_name: username, discriminator: '0', avatar: null };
    this.users.set(id, user);
    return user;
  }

  dmChannelOf(user: FakeUser): string {
    let channelId = this.dmChannels.get(user.id);
    if (!channelId) {
      channelId = this.snowflake();
      this.dmChannels.set(user.id, channelId);
      this.dmRecipients.set(channelId, user);
    }
    return channelId;
  }

  // ---- driving the bot (gateway dispatches) ----

  /** The user types in their DM with the bot. */
  dmMessage(user: FakeUser, content: string): string {
    return this.messageIn(this.dmChannelOf(user), user, content);
  }

  /**
   * The user sends a file in their DM. As on Discord, the attachment's URL is a
   * signed CDN link (ex/is/hm): the CDN answers 404 to the URL without a valid signature.
   */
  dmAttachment(user: FakeUser, bytes: Uint8Array, meta: { name: string; contentType: string }, content = ''): string {
    const channelId = this.dmChannelOf(user);
    return this.messageIn(channelId, user, content, [this.uploadToCdn(channelId, bytes, meta)]);
  }

  /** A file kept on the fake CDN behind a signed link; its attachment object as Discord sends it. */
  private uploadToCdn(channelId: string, bytes: Uint8Array, meta: { name: string; contentType: string }) {
    const id = this.snowflake();
    const hm = randomBytes(16).toString('hex');
    this.cdnFiles.set(id, { bytes: Buffer.from(bytes), contentType: meta.contentType, hm });
    const url = `http://127.0.0.1:${this.port}/cdn/attachments/${channelId}/${id}/${encodeURIComponent(meta.name)}?ex=ffffffff&is=00000000&hm=${hm}&`;
    return { id, filename: meta.name, size: bytes.length, url, proxy_url: url, content_type: meta.contentType };
  }

  /** Every CDN request, with whether its signature held. */
  readonly cdnRequests: Array<{ path: string; signed: boolean }> = [];
  private readonly cdnFiles = new Map<string, { bytes: Buffer; contentType: string; hm: string }>();

  /** A message from anyone (a user, or a bot such as Overturn itself) in a DM channel. */
  messageIn(channelId: string, author: FakeUser, content: string, attachments: unknown[] = []): string {
    const id = this.snowflake();
    this.dispatch('MESSAGE_CREATE', {
      id,
      channel_id: channelId,
      channel_type: 1,
      author,
      content,
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments,
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
    });
    return id;
  }

  /**
   * `/appeal` typed in a server channel (guildId given) or in the DM; `attachment`
   * fills an attachment option (`name`), uploaded like a DM attachment to a signed
   * CDN link and sent, as Discord does, as its id plus `resolved.attachments`.
   */
  slashCommand(
    user: FakeUser,
    name: string,
    where: { guildId?: string } = {},
    attachment?: { option: string; bytes: Uint8Array; name: string; contentType: string },
  ): InteractionRecord {
    const data: Record<string, unknown> = { id: this.snowflake(), name, type: 1 };
    if (attachment) {
      const guild = this.options.guilds?.find((g) => g.id === where.guildId);
      const file = this.uploadToCdn(guild?.channelId ?? this.dmChannelOf(user), attachment.bytes, attachment);
      data.options = [{ name: attachment.option, type: 11, value: file.id }];
      data.resolved = { attachments: { [file.id]: file } };
    }
    return this.interaction(user, 2, data, where.guildId);
  }

  /** The user clicks a button or picks a select option on a message the bot sent. */
  click(user: FakeUser, message: FakeMessage, customId: string, values?: string[]): InteractionRecord {
    const component = findComponent(message, customId);
    if (!component) throw new Error(`no component ${customId} on message ${message.id}`);
    const guildId = this.guildOfChannel(message.channelId);
    return this.interaction(
      user,
      3,
      { custom_id: customId, component_type: component.type, ...(values ? { values } : {}) },
      guildId,
      this.messageJson(message),
      message.channelId,
    );
  }

  /**
   * The user fills the modal the bot opened for `opened` field by field: text inputs get the
   * text given (or keep their prefilled value), selects the option values given (or their defaults).
   */
  submitModalValues(
    user: FakeUser,
    opened: InteractionRecord,
    values: Record<string, string | string[]>,
    message: FakeMessage,
  ): InteractionRecord {
    const modal = opened.modal;
    if (!modal) throw new Error('no modal was opened for that interaction');
    const components = (modal.components as Array<Record<string, any>>).map((label, i) => {
      const c = label.component;
      const given = values[c.custom_id];
      const submitted =
        c.type === 3
          ? {
              values: Array.isArray(given)
                ? given
                : (c.options as Array<Record<string, any>>).filter((o) => o.default).map((o) => o.value),
            }
          : { value: typeof given === 'string' ? given : (c.value ?? '') };
      return {
        type: label.type,
        id: i * 2 + 1,
        component: { type: c.type, id: i * 2 + 2, custom_id: c.custom_id, ...submitted },
      };
    });
    return this.interaction(
      user,
      5,
      { custom_id: modal.custom_id, components },
      opened.guildId,
      this.messageJson(message),
      opened.channelId,
    );
  }

  /** The user submits the modal the bot opened for `opened` (the button's interaction). */
  submitModal(user: FakeUser, opened: InteractionRecord, value: string, message: FakeMessage): InteractionRecord {
    const modal = opened.modal;
    if (!modal) throw new Error('no modal was opened for that interaction');
    const components = (modal.components as Array<Record<string, any>>).map((label) => ({
      type: label.type,
      id: 1,
      component: { type: label.component.type, id: 2, custom_id: label.component.custom_id, value },
    }));
    return this.interaction(
      user,
      5,
      { custom_id: modal.custom_id, components },
      opened.guildId,
      this.messageJson(message),
      opened.channelId,
    );
  }

  private interaction(
    user: FakeUser,
    type: number,
    data: Record<string, any>,
    guildId?: string,
    message?: Record<string, any>,
    channelIdOverride?: string,
  ): InteractionRecord {
    const guild = this.options.guilds?.find((g) => g.id === guildId);
    const channelId = channelIdOverride ?? guild?.channelId ?? this.dmChannelOf(user);
    const record: InteractionRecord = {
      id: this.snowflake(),
      token: `token-${this.snowflake()}`,
      channelId,
      ...(guildId ? { guildId } : {}),
      ...(message ? { messageId: String(message.id) } : {}),
      callbacks: [],
    };
    this.interactions.set(record.token, record);
    const where = guild
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          channel: {
            id: channelId,
            type: 0,
            guild_id: guild.id,
            name: 'support',
            position: 0,
            permission_overwrites: [],
          },
          member: {
            user,
            roles: [],
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
            pending: false,
            permissions: '0',
          },
          authorizing_integration_owners: { '0': guild.id },
          context: 0,
        }
      : {
          channel: { id: channelId, type: 1, recipients: [user] },
          user,
          authorizing_integration_owners: { '0': 'unused' },
          context: 1,
        };
    this.dispatch('INTERACTION_CREATE', {
      id: record.id,
      application_id: this.options.applicationId,
      type,
      token: record.token,
      version: 1,
      locale: this.locales.get(user.id) ?? 'en-US',
      entitlements: [],
      app_permissions: '2248473465835073',
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: channelId,
      data,
      ...(message ? { message } : {}),
      ...where,
    });
    return record;
  }

  dispatch(event: string, data: unknown): void {
    this.sequence += 1;
    const frame = JSON.stringify({ op: 0, t: event, s: this.sequence, d: data });
    for (const socket of this.sockets) socket.send(frame);
  }

  // ---- reading what the bot did ----

  /** Resolves with the first message from index `since` on that matches (waits for it to arrive). */
  waitForMessage(predicate: (message: FakeMessage) => boolean, since = 0, timeoutMs = 15_000): Promise<FakeMessage> {
    return this.waitFor(
      'message',
      () => this.outbox.slice(since).find(predicate),
      timeoutMs,
      () =>
        `no matching Discord message after ${timeoutMs} ms; outbox: ${JSON.stringify(this.outbox.slice(since).map(summary))}`,
    );
  }

  /** Resolves once the request is recorded (e.g. a modal callback, which creates no message). */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 15_000): Promise<RecordedRequest> {
    return this.waitFor(
      'request',
      () => this.requests.find(predicate),
      timeoutMs,
      () => `no matching Discord request after ${timeoutMs} ms`,
    );
  }

  /** Checks now and on every `event` until `find` returns something; fails after `timeoutMs`. */
  private waitFor<T>(
    event: 'message' | 'request',
    find: () => T | undefined,
    timeoutMs: number,
    failure: () => string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found) {
          cleanup();
          resolve(found);
        }
        return Boolean(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(failure()));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off(event, check);
      };
      if (!check()) this.on(event, check);
    });
  }

  // ---- gateway ----

  private onGateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      this.gatewayCloses.push(code);
    });
    ws.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: any };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (frame.op === 2) this.identify(ws, frame.d);
      if (frame.op === 6) {
        this.sequence += 1;
        ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: this.sequence, d: {} }));
      }
    });
  }

  private identify(ws: WebSocket, identify: { token: string; intents: number }): void {
    this.identifies.push(identify);
    if (identify.token !== this.options.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const guilds = this.options.guilds ?? [];
    const send = (t: string, d: unknown): void => {
      this.sequence += 1;
      ws.send(JSON.stringify({ op: 0, t, s: this.sequence, d }));
    };
    send('READY', {
      v: 10,
      user: this.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      shard: [0, 1],
      application: { id: this.options.applicationId, flags: 0 },
    });
    for (const guild of guilds) send('GUILD_CREATE', guildJson(guild, this.botUser));
  }

  // ---- REST ----

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/cdn/attachments/')) {
      const id = url.pathname.split('/')[4] ?? '';
      const file = this.cdnFiles.get(id);
      const signed = file !== undefined && url.searchParams.get('hm') === file.hm && url.searchParams.has('ex');
      this.cdnRequests.push({ path: url.pathname, signed });
      if (!file || !signed) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length }).end(file.bytes);
      return;
    }
    const raw = await readBody(req);
    const { body, files } = await parseBody(req.headers['content-type'] ?? '', raw);
    const path = decodeURIComponent(
      url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
    );
    const request: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, body, files };
    this.requests.push(request);
    const reply = (status: number, json?: unknown): void => {
      if (this.latencyMs > 0) {
        setTimeout(() => answer(status, json), this.latencyMs);
        return;
      }
      answer(status, json);
    };
    // Discord's answer to a message it will not send (Invalid Form Body).
    const refuse = (problem: string): void =>
      reply(400, { message: 'Invalid Form Body', code: 50035, errors: { _errors: [{ message: problem }] } });
    const answer = (status: number, json?: unknown): void => {
      if (json === undefined) {
        res.writeHead(status);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      }
      this.emit('request', request);
    };

    const authorized = req.headers.authorization === `Bot ${this.options.token}`;
    const route = `${request.method} ${path}`;
    let match: RegExpMatchArray | null;

    if (route === 'GET /gateway/bot') {
      if (!authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
      return reply(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    match = route.match(/^PUT \/applications\/(\d+)\/commands$/);
    if (match) {
      if (!authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
      const problems = commandProblems(body);
      if (problems.length > 0) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      const commands = (body as Array<Record<string, unknown>>).map((c) => ({
        ...c,
        id: this.snowflake(),
        application_id: match?.[1],
        version: '1',
      }));
      return reply(200, commands);
    }
    match = route.match(/^GET \/users\/(\d+)$/);
    if (match) {
      // A bot may look up any user by id; an id nobody has is 10013 Unknown User.
      const user = this.users.get(match[1] ?? '');
      return user ? reply(200, user) : reply(404, { message: 'Unknown User', code: 10013 });
    }
    if (route === 'POST /users/@me/channels') {
      const recipient = this.users.get(String(body.recipient_id));
      if (!recipient) return reply(400, { message: 'Invalid Recipient(s)', code: 50033 });
      return reply(200, { id: this.dmChannelOf(recipient), type: 1, recipients: [recipient], last_message_id: null });
    }
    match = route.match(/^POST \/channels\/(\d+)\/typing$/);
    if (match) return reply(204);
    match = route.match(/^POST \/channels\/(\d+)\/messages$/);
    if (match) {
      const channelId = match[1] ?? '';
      const recipient = this.dmRecipients.get(channelId);
      if (recipient && this.closedDms.has(recipient.id)) {
        return reply(403, { message: 'Cannot send messages to this user', code: 50007 });
      }
      if (recipient && this.noMutualServer.has(recipient.id)) {
        return reply(403, {
          message: 'Cannot send messages to this user due to having no mutual guilds',
          code: 50278,
        });
      }
      const problem = messageProblem(body, files);
      if (problem) return refuse(problem);
      const message = this.record({ via: 'channel', channelId, ephemeral: false, payload: body, files });
      return reply(200, this.messageJson(message));
    }
    match = route.match(/^POST \/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (match) {
      const interaction = this.interactions.get(match[2] ?? '');
      if (!interaction || interaction.id !== match[1])
        return reply(404, { message: 'Unknown interaction', code: 10062 });
      if (interaction.callbacks.length > 0) {
        return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      }
      const data = body.data ?? {};
      const problem = body.type === 4 || body.type === 7 ? messageProblem(data, files) : null;
      if (problem) return refuse(problem);
      interaction.callbacks.push(body.type);
      if (body.type === 4 || body.type === 5) {
        const message = this.record({
          via: body.type === 4 ? 'reply' : 'deferred',
          channelId: interaction.channelId,
          interactionId: interaction.id,
          ephemeral: ((data.flags ?? 0) & EPHEMERAL) !== 0,
          payload: body.type === 4 ? data : {},
          files,
        });
        interaction.originalMessageId = message.id;
      }
      if (body.type === 6 || body.type === 7) {
        // A (deferred) update of the message the component belongs to.
        const source = this.outbox.find((m) => m.id === interaction.messageId);
        if (!source) return reply(400, { message: 'Unknown Message', code: 10008 });
        interaction.originalMessageId = source.id;
        if (body.type === 7) this.edit(source, data, files);
      }
      if (body.type === 9) {
        const problem = modalProblem(data);
        if (problem) {
          interaction.callbacks.pop();
          return reply(400, {
            message: 'Invalid Form Body',
            code: 50035,
            errors: { data: { _errors: [{ message: problem }] } },
          });
        }
        interaction.modal = data;
      }
      return reply(204);
    }
    match = route.match(/^PATCH \/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/);
    if (match) {
      const interaction = this.interactions.get(match[2] ?? '');
      const original = this.outbox.find((m) => m.id === interaction?.originalMessageId);
      if (!interaction || !original) return reply(404, { message: 'Unknown Message', code: 10008 });
      this.edit(original, body, files);
      return reply(200, this.messageJson(original));
    }
    match = route.match(/^DELETE \/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/);
    if (match) {
      const interaction = this.interactions.get(match[2] ?? '');
      const index = this.outbox.findIndex((m) => m.id === interaction?.originalMessageId);
      if (index < 0) return reply(404, { message: 'Unknown Message', code: 10008 });
      this.outbox.splice(index, 1);
      return reply(204);
    }
    match = route.match(/^POST \/webhooks\/(\d+)\/([^/]+)$/);
    if (match) {
      const interaction = this.interactions.get(match[2] ?? '');
      if (!interaction || interaction.callbacks.length === 0)
        return reply(404, { message: 'Unknown Webhook', code: 10015 });
      const problem = messageProblem(body, files);
      if (problem) return refuse(problem);
      const message = this.record({
        via: 'followup',
        channelId: interaction.channelId,
        interactionId: interaction.id,
        ephemeral: ((body.flags ?? 0) & EPHEMERAL) !== 0,
        payload: body,
        files,
      });
      return reply(200, this.messageJson(message));
    }
    return reply(404, { message: `404: Not Found (${route})`, code: 0 });
  }

  private record(input: {
    via: FakeMessage['via'];
    channelId: string;
    interactionId?: string;
    ephemeral: boolean;
    payload: any;
    files: FakeFile[];
  }): FakeMessage {
    const message: FakeMessage = {
      id: this.snowflake(),
      via: input.via,
      channelId: input.channelId,
      ...(input.interactionId ? { interactionId: input.interactionId } : {}),
      ephemeral: input.ephemeral,
      silent: ((input.payload?.flags ?? 0) & SUPPRESS_NOTIFICATIONS) !== 0,
      ...messageFields(input.payload, input.files),
      edited: false,
    };
    this.outbox.push(message);
    this.emit('message', message);
    return message;
  }

  /** Applies an edit: only the fields the payload names change, as on Discord. */
  private edit(message: FakeMessage, payload: any, files: FakeFile[]): void {
    const fields = messageFields(payload, files);
    if (payload && 'content' in payload) message.content = fields.content;
    if (payload && 'embeds' in payload) message.embeds = fields.embeds;
    if (payload && 'components' in payload) message.components = fields.components;
    if (files.length > 0) message.attachments = files;
    message.edited = true;
    this.emit('message', message);
  }

  /** The message as Discord's API returns it (and includes in a component interaction). */
  messageJson(message: FakeMessage): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channelId,
      type: 0,
      author: this.botUser,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: message.attachments.map((file, index) => ({
        id: String(index),
        filename: file.name,
        content_type: file.contentType,
        size: file.bytes.length,
        url: `http://127.0.0.1:${this.port}/attachments/${file.name}`,
        proxy_url: `http://127.0.0.1:${this.port}/attachments/${file.name}`,
      })),
      flags: (message.ephemeral ? EPHEMERAL : 0) | (message.silent ? SUPPRESS_NOTIFICATIONS : 0),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
    };
  }

  private guildOfChannel(channelId: string): string | undefined {
    return this.options.guilds?.find((g) => g.channelId === channelId)?.id;
  }

  snowflake(): string {
    this.nextId += 1n;
    return String(this.nextId);
  }
}

/**
 * What Discord refuses in a sent message (discord.com/developers: Create Message): content over
 * 2,000 characters, more than 10 attachments, a file over the default 10 MiB upload limit.
 */
function messageProblem(payload: any, files: FakeFile[]): string | null {
  if (typeof payload?.content === 'string' && payload.content.length > 2000)
    return 'content: Must be 2000 or fewer in length.';
  if (files.length > 10) return 'files: Must be 10 or fewer in length.';
  if (files.some((file) => file.bytes.length > 10 * 1024 * 1024)) return 'Request entity too large';
  return null;
}

function messageFields(
  payload: any,
  files: FakeFile[],
): Pick<FakeMessage, 'content' | 'embeds' | 'components' | 'attachments'> {
  return {
    content: typeof payload?.content === 'string' ? payload.content : '',
    embeds: Array.isArray(payload?.embeds) ? payload.embeds : [],
    components: Array.isArray(payload?.components) ? payload.components : [],
    attachments: files,
  };
}

/** Every component of a message (buttons and selects inside action rows). */
export function componentsOf(message: FakeMessage): Array<Record<string, any>> {
  return message.components.flatMap((row) => (Array.isArray(row.components) ? row.components : [row]));
}

function findComponent(message: FakeMessage, customId: string): Record<string, any> | undefined {
  return componentsOf(message).find((c) => c.custom_id === customId);
}

function summary(message: FakeMessage): Record<string, unknown> {
  return {
    via: message.via,
    ephemeral: message.ephemeral,
    content: message.content.slice(0, 80),
    components: componentsOf(message).map((c) => c.custom_id),
    embeds: message.embeds.length,
    files: message.attachments.map((f) => f.name),
  };
}

function guildJson(guild: { id: string; name: string; channelId: string }, bot: FakeUser): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: '1100000000000000001',
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: now,
    features: [],
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    preferred_locale: 'en-US',
    afk_timeout: 300,
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      { id: guild.channelId, type: 0, name: 'support', guild_id: guild.id, position: 0, permission_overwrites: [] },
    ],
    members: [{ user: bot, roles: [], joined_at: now, deaf: false, mute: false, flags: 0 }],
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, or discord.js's multipart uploads (`payload_json` plus `files[n]`). */
async function parseBody(contentType: string, raw: Buffer): Promise<{ body: any; files: FakeFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
    const entries: Array<[string, FormDataEntryValue]> = [];
    form.forEach((value, name) => {
      entries.push([name, value]);
    });
    const files: FakeFile[] = [];
    let body: any = null;
    for (const [name, value] of entries) {
      if (name === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string')
        files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()), contentType: value.type });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

/** Discord's own checks on a command definition (application commands docs); Discord refuses the PUT on any. */
const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
/** Option types 1 (sub-command) to 11 (attachment). */
const OPTION_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

function nameProblem(name: unknown, where: string): string[] {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) return [`${where}.name: invalid name`];
  // Letters that have a lowercase form must be lowercase.
  return name === name.toLowerCase() ? [] : [`${where}.name: must be lowercase`];
}

function descriptionProblem(description: unknown, where: string): string[] {
  return typeof description === 'string' && description.length >= 1 && description.length <= 100
    ? []
    : [`${where}.description: must be 1 to 100 characters`];
}

export function commandProblems(body: unknown): string[] {
  if (!Array.isArray(body)) return ['body: must be an array of commands'];
  const problems: string[] = [];
  for (const [i, command] of (body as Array<Record<string, unknown>>).entries()) {
    const where = `${i}`;
    problems.push(...nameProblem(command.name, where));
    // Chat-input commands (type 1, the default) need a description.
    if ((command.type ?? 1) === 1) problems.push(...descriptionProblem(command.description, where));
    const options = command.options ?? [];
    if (!Array.isArray(options)) {
      problems.push(`${where}.options: must be an array`);
      continue;
    }
    if (options.length > MAX_OPTIONS) problems.push(`${where}.options: at most ${MAX_OPTIONS}`);
    const names = new Set<string>();
    let optionalSeen = false;
    for (const [j, option] of (options as Array<Record<string, unknown>>).entries()) {
      const at = `${where}.options.${j}`;
      if (!OPTION_TYPES.has(option.type as number)) problems.push(`${at}.type: unknown option type`);
      problems.push(...nameProblem(option.name, at), ...descriptionProblem(option.description, at));
      if (typeof option.name === 'string' && names.has(option.name)) problems.push(`${at}.name: duplicate`);
      if (typeof option.name === 'string') names.add(option.name);
      if (option.required !== undefined && typeof option.required !== 'boolean')
        problems.push(`${at}.required: must be a boolean`);
      if (option.required === true && optionalSeen)
        problems.push(`${at}.required: required options must come before optional ones`);
      if (option.required !== true) optionalSeen = true;
    }
  }
  return problems;
}

/**
 * What Discord refuses in a modal (developer docs, "Interactions: modal" and the component
 * reference): a title over 45 characters, more than 5 components, a label over 45, a text input
 * over 4000 characters or with a prefill longer than its max_length, a placeholder over 100, a
 * select with no options or more than 25, a custom id over 100. Returns the first problem.
 */
export function modalProblem(data: Record<string, any>): string | null {
  const text = (value: unknown, min: number, max: number) =>
    typeof value === 'string' && value.length >= min && value.length <= max;
  if (!text(data.title, 1, 45)) return 'title must be 1-45 characters';
  if (!text(data.custom_id, 1, 100)) return 'custom_id must be 1-100 characters';
  const components = (data.components ?? []) as Array<Record<string, any>>;
  if (components.length < 1 || components.length > 5) return 'a modal has 1-5 components';
  const ids = new Set<string>();
  for (const label of components) {
    if (label.type !== 18) return 'each modal component must be a label (type 18)';
    if (!text(label.label, 1, 45)) return 'label must be 1-45 characters';
    const c = label.component ?? {};
    if (!text(c.custom_id, 1, 100)) return 'component custom_id must be 1-100 characters';
    if (ids.has(c.custom_id)) return 'component custom_id must be unique';
    ids.add(c.custom_id);
    if (c.type === 4) {
      if (c.max_length !== undefined && (c.max_length < 1 || c.max_length > 4000)) return 'max_length is 1-4000';
      if (c.placeholder !== undefined && !text(c.placeholder, 0, 100)) return 'placeholder over 100 characters';
      if (
        c.value !== undefined &&
        (!text(c.value, 0, 4000) || (c.max_length !== undefined && c.value.length > c.max_length))
      )
        return 'value longer than max_length';
    } else if (c.type === 3) {
      const options = (c.options ?? []) as Array<Record<string, any>>;
      if (options.length < 1 || options.length > 25) return 'a select has 1-25 options';
      for (const o of options)
        if (!text(o.label, 1, 100) || !text(o.value, 1, 100)) return 'option label and value are 1-100 characters';
      if (c.max_values !== undefined && (c.max_values < 1 || c.max_values > options.length))
        return 'max_values out of range';
      if (options.filter((o) => o.default).length > (c.max_values ?? 1)) return 'more defaults than max_values';
    } else return `component type ${String(c.type)} is not allowed in a modal here`;
  }
  return null;
}
