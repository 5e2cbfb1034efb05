import type { AdapterConfigResult, AdapterContext, RunningAdapter } from '../adapters/kit/index.js';

/**
 * One platform as the server sees it: how to read its settings (no SDK
 * loaded) and, once read, how to start it (the SDK is imported only then).
 */
export interface Platform {
  name: string;
  /** Reads the settings; the plan keeps them, typed, for `start`. */
  plan(env: NodeJS.ProcessEnv): PlatformPlan;
  /** The start-up line when active, given the server's address (the web chat names its page). */
  activeLine?(baseUrl: string): string;
}

export interface PlatformDefinition<T> {
  name: string;
  readConfig(env: NodeJS.ProcessEnv): AdapterConfigResult<T>;
  start(config: T, ctx: AdapterContext): Promise<RunningAdapter> | RunningAdapter;
  activeLine?(baseUrl: string): string;
}

/** A platform with its settings read: what start-up will do with it. */
export interface PlatformPlan {
  platform: Platform;
  config: AdapterConfigResult<unknown>;
  /** Starts the platform with the settings read (only called when it is configured). */
  start(ctx: AdapterContext): Promise<RunningAdapter>;
}

/** Keeps each platform's config type checked against its own start function. */
export function definePlatform<T>(definition: PlatformDefinition<T>): Platform {
  const platform: Platform = {
    name: definition.name,
    plan: (env) => {
      const config = definition.readConfig(env);
      return {
        platform,
        config,
        start: async (ctx) => {
          if (!config.configured) throw new Error(`${definition.name} is not configured`);
          return definition.start(config.config, ctx);
        },
      };
    },
    ...(definition.activeLine ? { activeLine: definition.activeLine } : {}),
  };
  return platform;
}

/** Reads every platform's settings before anything starts, so a bad one fails start-up at once. */
export function planPlatforms(platforms: Platform[], env: NodeJS.ProcessEnv): PlatformPlan[] {
  return platforms.map((platform) => platform.plan(env));
}
