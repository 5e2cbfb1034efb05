import type { AdapterConfigResult, AdapterContext, RunningAdapter } from '../adapters/kit/index.js';

/**
 * One platform as the server sees it: how to read its settings (no SDK
 * loaded) and how to start it (the SDK is imported only then).
 */
export interface Platform {
  name: string;
  readConfig(env: NodeJS.ProcessEnv): AdapterConfigResult<unknown>;
  start(config: unknown, ctx: AdapterContext): Promise<RunningAdapter>;
  /** The start-up line when active, given the server's address (the web chat names its page). */
  activeLine?(baseUrl: string): string;
}

export interface PlatformDefinition<T> {
  name: string;
  readConfig(env: NodeJS.ProcessEnv): AdapterConfigResult<T>;
  start(config: T, ctx: AdapterContext): Promise<RunningAdapter> | RunningAdapter;
  activeLine?(baseUrl: string): string;
}

/** Keeps each platform's config type checked against its own start function. */
export function definePlatform<T>(definition: PlatformDefinition<T>): Platform {
  return {
    name: definition.name,
    readConfig: (env) => definition.readConfig(env),
    start: async (config, ctx) => definition.start(config as T, ctx),
    ...(definition.activeLine ? { activeLine: definition.activeLine } : {}),
  };
}

/** A platform with its settings read: what start-up will do with it. */
export interface PlatformPlan {
  platform: Platform;
  config: AdapterConfigResult<unknown>;
}

/** Reads every platform's settings before anything starts, so a bad one fails start-up at once. */
export function planPlatforms(platforms: Platform[], env: NodeJS.ProcessEnv): PlatformPlan[] {
  return platforms.map((platform) => ({ platform, config: platform.readConfig(env) }));
}
