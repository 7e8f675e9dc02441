import type { EventOrigin } from '../../domain/events/domain-event.js';
import { newId } from '../lib/ids.js';

/**
 * What the zone table handlers share. Their bodies are bigger than any other resource's (a
 * version may list 50,000 prefixes, about 2.5 MB of JSON), so they get their own body limit:
 * under Lambda's 6 MB synchronous payload, which holds the whole API Gateway event.
 */
export const zoneTableMaxBodyBytes = 5 * 1024 * 1024;

/** Who may change zone tables: admins, as for the rest of the product catalog. */
export const zoneTableWriteAction = 'change zone tables';

/** Each event of a write: a fresh id, the write's time and the request's correlation id. */
export const eventOriginOf = (now: string, correlationId: string) => (): EventOrigin => ({ eventId: newId(), occurredAt: now, correlationId });
