import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readUsageRecord, usageCreateSchema, usageRecordAccess } from '../../domain/usage/usage.js';
import { requireUsageWriter } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findUsage, insertUsageRecords } from '../lib/store/usage-store.js';
import { guideUsageRecords, rearmAccountsOfLateUsage, usageToStore } from './usage-guiding.js';

/**
 * TMF635 POST /usage: one record from staff or a mediation feed, guided and stored. 201 with
 * it `rated`, or `rejected` with its `statusReason` (stored all the same, for staff to correct).
 * The same record again (same product and recordId) answers 200 with the first one as it is:
 * a record is stored, and charged, once. An Idempotency-Key replays the first answer.
 */
async function createUsage({ event, principal }: ApiRequest) {
  requireUsageWriter(principal, 'record usage');
  const input = parseBody(event, 'create', usageCreateSchema);
  requireWritable(principal, usageRecordAccess, input, 'usage');
  const [guided] = await guideUsageRecords([readUsageRecord(input)]);
  const record = usageToStore(guided!);
  const { repeats } = await insertUsageRecords([record]);
  if (repeats.has(record.usage.id)) {
    const first = await findUsage(record.usage.id, { consistentRead: true });
    if (!first) throw new Error(`invariant broken: usage ${record.usage.id} was refused as a repeat but cannot be read`);
    metrics.addMetric('UsageRepeated', MetricUnit.Count, 1);
    return jsonResponse(200, first.usage, { ETag: etagOf(first.version) });
  }
  await rearmAccountsOfLateUsage([guided!]);
  metrics.addMetric(record.usage.status === 'rated' ? 'UsageRated' : 'UsageRejected', MetricUnit.Count, 1);
  return jsonResponse(201, record.usage, { Location: record.usage.href, ETag: etagOf(1) });
}

export const handler = apiHandler(idempotentOnKey('create-usage', createUsage));
