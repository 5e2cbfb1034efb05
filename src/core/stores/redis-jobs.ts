import { randomUUID } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import { redisConnection } from './redis-connection.js';
import type { ClaimedJob, Job, JobSpec, JobStore } from '../jobs/job-store.js';

/**
 * Layout under the prefix: `#jobs` a sorted set of every job by the time it
 * may next be claimed; `#job:<member>` a hash {due, attempts, token}; and
 * `#jobs-of:<conversation>` the set of a conversation's job ids. A member is
 * `<conversation>\n<id>` (a newline cannot occur in either). Every change runs
 * in one Lua script, so replicas never see half of it.
 */
const REPLACE_SCRIPT = `
local zset, ofKey, hashPrefix, conversation = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
local specs = cjson.decode(ARGV[3])
local wanted = {}
for _, spec in ipairs(specs) do wanted[spec.id] = spec.due end
for _, id in ipairs(redis.call('SMEMBERS', ofKey)) do
  if wanted[id] == nil then
    local member = conversation .. '\\n' .. id
    redis.call('DEL', hashPrefix .. member)
    redis.call('ZREM', zset, member)
    redis.call('SREM', ofKey, id)
  end
end
for _, spec in ipairs(specs) do
  local member = conversation .. '\\n' .. spec.id
  local hash = hashPrefix .. member
  if redis.call('HGET', hash, 'due') ~= spec.due then
    redis.call('DEL', hash)
    redis.call('HSET', hash, 'due', spec.due, 'attempts', 0)
    redis.call('ZADD', zset, spec.due, member)
    redis.call('SADD', ofKey, spec.id)
  end
end
return 1
`;

/** ARGV: now, limit, lease end, token prefix, hash prefix. Returns [member, due, attempts, token]… */
const CLAIM_SCRIPT = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for i, member in ipairs(members) do
  local hash = ARGV[5] .. member
  local token = ARGV[4] .. ':' .. i
  redis.call('ZADD', KEYS[1], ARGV[3], member)
  local attempts = redis.call('HINCRBY', hash, 'attempts', 1)
  redis.call('HSET', hash, 'token', token)
  table.insert(out, member)
  table.insert(out, redis.call('HGET', hash, 'due'))
  table.insert(out, attempts)
  table.insert(out, token)
end
return out
`;

/** KEYS: zset, hash, jobs-of set. ARGV: member, token, id. */
const COMPLETE_SCRIPT = `
if redis.call('HGET', KEYS[2], 'token') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[3])
return 1
`;

/** KEYS: zset, hash. ARGV: member, token, run at. */
const RETRY_SCRIPT = `
if redis.call('HGET', KEYS[2], 'token') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], 'token')
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`;

// The scripts above, registered with `defineCommand`, typed the way ioredis documents for custom commands.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    overturnJobsReplace(
      zset: string,
      of: string,
      hashPrefix: string,
      conversation: string,
      specs: string,
    ): Result<number, Context>;
    overturnJobsClaim(
      zset: string,
      now: string,
      limit: number,
      leaseEnd: string,
      tokenPrefix: string,
      hashPrefix: string,
    ): Result<string[], Context>;
    overturnJobsComplete(
      zset: string,
      hash: string,
      of: string,
      member: string,
      token: string,
      id: string,
    ): Result<number, Context>;
    overturnJobsRetry(zset: string, hash: string, member: string, token: string, at: string): Result<number, Context>;
  }
}

export interface RedisJobStoreOptions {
  url: string;
  /** The sessions' prefix: jobs live beside them (default `overturn:session:`). */
  keyPrefix?: string;
  commandTimeoutMs?: number;
}

/**
 * Jobs in Redis, shared by every replica: a claim moves the job's score past
 * its lease in the same script that reads it, so exactly one replica fires it.
 * The scripts name keys they build from the prefix, so this needs one Redis
 * node (not a cluster), like the rest of the store.
 */
export class RedisJobStore implements JobStore {
  private readonly redis: Redis;
  private readonly zset: string;
  private readonly hashPrefix: string;
  private readonly ofPrefix: string;

  constructor(options: RedisJobStoreOptions) {
    const prefix = options.keyPrefix ?? 'overturn:session:';
    // `#` never occurs in a conversation key, so none of these can name a session.
    this.zset = `${prefix}#jobs`;
    this.hashPrefix = `${prefix}#job:`;
    this.ofPrefix = `${prefix}#jobs-of:`;
    this.redis = redisConnection(options.url, options.commandTimeoutMs);
    this.redis.on('error', () => undefined); // the session store reports outages; the scheduler logs failed ticks
    this.redis.defineCommand('overturnJobsReplace', { numberOfKeys: 2, lua: REPLACE_SCRIPT });
    this.redis.defineCommand('overturnJobsClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    this.redis.defineCommand('overturnJobsComplete', { numberOfKeys: 3, lua: COMPLETE_SCRIPT });
    this.redis.defineCommand('overturnJobsRetry', { numberOfKeys: 2, lua: RETRY_SCRIPT });
  }

  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch {
      // Not up yet: ioredis keeps retrying; the scheduler's ticks fail until it is.
    }
  }

  async replace(conversation: string, jobs: JobSpec[]): Promise<void> {
    // Times travel as strings so Lua compares them exactly, never as floats.
    const specs = JSON.stringify(jobs.map((j) => ({ id: j.id, due: String(Math.round(j.due)) })));
    await this.redis.overturnJobsReplace(this.zset, this.ofPrefix + conversation, this.hashPrefix, conversation, specs);
  }

  async list(conversation: string): Promise<Job[]> {
    const ids = await this.redis.smembers(this.ofPrefix + conversation);
    const jobs = await Promise.all(
      ids.map(async (id) => {
        const [due, attempts] = await this.redis.hmget(this.hashPrefix + member(conversation, id), 'due', 'attempts');
        return due == null ? null : { conversation, id, due: Number(due), attempts: Number(attempts ?? 0) };
      }),
    );
    return jobs.filter((j): j is Job => j !== null).sort((a, b) => a.due - b.due || a.id.localeCompare(b.id));
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const flat = await this.redis.overturnJobsClaim(
      this.zset,
      String(Math.floor(now)),
      limit,
      String(Math.floor(now + leaseMs)),
      randomUUID(),
      this.hashPrefix,
    );
    const claimed: ClaimedJob[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      const [name = '', due, attempts, token = ''] = flat.slice(i, i + 4);
      const [conversation, id] = split(name);
      claimed.push({ conversation, id, due: Number(due), attempts: Number(attempts), token });
    }
    return claimed;
  }

  async complete(job: ClaimedJob): Promise<void> {
    const m = member(job.conversation, job.id);
    await this.redis.overturnJobsComplete(
      this.zset,
      this.hashPrefix + m,
      this.ofPrefix + job.conversation,
      m,
      job.token,
      job.id,
    );
  }

  async retry(job: ClaimedJob, at: number): Promise<void> {
    const m = member(job.conversation, job.id);
    await this.redis.overturnJobsRetry(this.zset, this.hashPrefix + m, m, job.token, String(Math.floor(at)));
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

function member(conversation: string, id: string): string {
  return `${conversation}\n${id}`;
}

function split(value: string): [string, string] {
  const at = value.lastIndexOf('\n');
  return [value.slice(0, at), value.slice(at + 1)];
}
