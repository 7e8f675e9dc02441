import { randomUUID } from 'node:crypto';

/** Identifiers are random UUIDs: unguessable, so an id never reveals how many customers we have. */
export const newId = (): string => randomUUID();
