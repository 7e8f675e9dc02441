import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createZoneTable, summarizeZoneTable, zoneTableCreateSchema } from '../../domain/rating/zone-table-resource.js';
import { requireAdmin } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { insertZoneTable } from '../lib/store/zone-table-store.js';
import { zoneTableCreatedEvents } from './zone-table-events.js';
import { eventOriginOf, zoneTableMaxBodyBytes, zoneTableWriteAction } from './zone-table-http.js';

/**
 * POST /catalog/v1/zoneTable (admins): the body is bounded by its schema, then the rules of
 * docs/rating.md run (each problem a 400 naming its field, nothing written), then the table
 * is stored with ZoneTableCreated. With an `id` of the client's a retried create answers 409
 * (DUPLICATE_ZONE_TABLE) rather than making a second table; without one a UUID is given.
 * No Idempotency-Key: its stored answer would be the whole table, past what an item holds.
 */
export const handler = apiHandler(async ({ event, principal, correlationId }: ApiRequest) => {
  requireAdmin(principal, zoneTableWriteAction);
  const input = parseBody(event, 'create', zoneTableCreateSchema, { maxBytes: zoneTableMaxBodyBytes });
  const now = systemClock.now();
  const table = createZoneTable(input, input.id ?? newId(), now);
  await insertZoneTable(table, zoneTableCreatedEvents(summarizeZoneTable(table), eventOriginOf(now, correlationId)));
  metrics.addMetric('ZoneTableCreated', MetricUnit.Count, 1);
  return jsonResponse(201, table, { Location: table.href, ETag: etagOf(1) });
});
