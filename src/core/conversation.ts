import type { ConversationKey } from './types.js';

/**
 * Conversation keys are `{platform}:{space}:{user}` strings, e.g. `slack:T123:U456`.
 * Parts are percent-encoded so a `:` inside an id cannot shift the fields.
 */
export interface ConversationParts {
  platform: string;
  space: string;
  user: string;
}

export function conversationKey(parts: ConversationParts): ConversationKey {
  return [parts.platform, parts.space, parts.user].map(encodeURIComponent).join(':');
}

export function parseConversationKey(key: ConversationKey): ConversationParts | null {
  const fields = key.split(':');
  if (fields.length !== 3 || fields.some((f) => f.length === 0)) return null;
  try {
    const [platform = '', space = '', user = ''] = fields.map(decodeURIComponent);
    return { platform, space, user };
  } catch {
    return null;
  }
}
