/** A plain JSON object (not null, not an array): what a stored session or a parsed document must be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
