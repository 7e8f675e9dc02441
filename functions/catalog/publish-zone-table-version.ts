import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { publishZoneTableVersion } from '../../domain/rating/zone-table-publishing.js';
import { zoneTableVersionOf, zoneTableVersionSchema } from '../../domain/rating/zone-table-resource.js';
import { requireAdmin } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { ApiError } from '../lib/http/api-error.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { appendZoneTableVersion, findZoneTableSummary } from '../lib/store/zone-table-store.js';
import { zoneTableVersionPublishedEvents } from './zone-table-events.js';
import { eventOriginOf, zoneTableMaxBodyBytes, zoneTableWriteAction } from './zone-table-http.js';

/**
 * POST /catalog/v1/zoneTable/{id}/version (admins): publishes a version (docs/rating.md). It
 * starts now or later (400 naming validFrom); the version running until further notice ends
 * where it starts; the table must still pass its rules (400 naming the field). Written only
 * if the table did not change since it was read: the loser of two concurrent publishes gets
 * 409 (412 when it sent If-Match), so no two versions both end the same open one. Answers 201
 * with the table without its entries, as the list shows it, and the table's next ETag.
 */
export const handler = apiHandler(async ({ event, principal, correlationId }: ApiRequest) => {
  requireAdmin(principal, zoneTableWriteAction);
  const id = event.pathParameters?.id ?? '';
  const version = zoneTableVersionOf(parseBody(event, 'create', zoneTableVersionSchema, { maxBytes: zoneTableMaxBodyBytes }));
  const stored = await findZoneTableSummary(id);
  if (!stored) throw ApiError.notFound('zoneTable', id);
  checkIfMatch(event, stored.version);
  const now = systemClock.now();
  const published = publishZoneTableVersion(stored.summary, version, now);
  const next = await appendZoneTableVersion(published.table, version, stored.version, zoneTableVersionPublishedEvents(published, eventOriginOf(now, correlationId))).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  metrics.addMetric('ZoneTableVersionPublished', MetricUnit.Count, 1);
  return jsonResponse(201, published.table, { Location: published.table.href, ETag: etagOf(next) });
});
