import { isOverturnError } from '../../core/errors.js';
import { translator } from '../../core/i18n.js';
import { registerCommands } from './commands.js';
import { discordConfigFromEnv } from './config.js';

/**
 * `npm run discord:register`: registers `/appeal` for servers and DMs.
 * Global commands can take a few minutes to appear in every client.
 */
async function main(): Promise<number> {
  let result: ReturnType<typeof discordConfigFromEnv>;
  try {
    result = discordConfigFromEnv(process.env);
  } catch (error) {
    if (!isOverturnError(error, 'config_invalid')) throw error;
    console.error(error.message);
    return 1;
  }
  if (!result.configured) {
    console.error(`Discord is not configured: ${result.reason}. See docs/discord.md.`);
    return 1;
  }
  const commands = await registerCommands(result.config, translator());
  console.log(
    `Registered ${commands.map((c) => `/${c.name}`).join(', ')} for application ${result.config.applicationId}.`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The REST error names the HTTP status and Discord's message; it never includes the token.
    console.error(`Registering the Discord commands failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
