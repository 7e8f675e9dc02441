import { createHash, randomUUID } from 'node:crypto';

/** Identifiers are random UUIDs: unguessable, so an id never reveals how many customers we have. */
export const newId = (): string => randomUUID();

/**
 * An id derived from what it names (a UUID built from the SHA-256 of `name`): a step that is
 * retried records the same fact under the same id, so a create-only write refuses the duplicate.
 */
export function idFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
