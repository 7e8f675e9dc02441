import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readUsageRecord, usageBatchSchema, usageRecordAccess, type Usage, type UsageCreate, type UsageRecord } from '../../domain/usage/usage.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { requireUsageWriter } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { ApiError, tmfErrorBody, type TmfErrorBody } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findUsages, insertUsageRecords, type UsageToStore } from '../lib/store/usage-store.js';
import { guideUsageRecords, rearmAccountsOfLateUsage, usageToStore, type GuidedUsage } from './usage-guiding.js';

/** 500 records of a few hundred bytes each fit several times over; the gateway's own limit is 10 MB. */
export const maxUsageBatchBytes = 1024 * 1024;

export type BatchOutcome = 'created' | 'repeat' | 'rejected' | 'invalid';

export interface BatchResult {
  index: number;
  outcome: BatchOutcome;
  usage?: Usage;
  error?: TmfErrorBody;
}

/**
 * POST /usage/v1/usageBatch (extension, docs/usage.md): up to 500
 * records of a mediation feed in one request, one result per record in input order. A record
 * is `created` (rated), `rejected` (stored with its reason), a `repeat` (the first record with
 * its id, unchanged: from an earlier request, or earlier in this batch) or `invalid` (a 400
 * body naming its fields; nothing stored). A body the schema refuses is a 400 as a whole, as
 * API Gateway's request model refuses it on AWS.
 *
 * DynamoDB round trips are fixed per 100 records: the guiding reads (BatchGetItem rounds), one
 * TransactWriteItems per 100 new records, in parallel, and one BatchGetItem for the repeats.
 */
async function ingestUsageBatch({ event, principal }: ApiRequest) {
  requireUsageWriter(principal, 'ingest usage');
  const batch = parseBody(event, 'create', usageBatchSchema, { maxBytes: maxUsageBatchBytes });
  requireWritable(principal, usageRecordAccess, batch, 'usage batch');

  const read = batch.usage.map((input, index) => readRecord(input, index));
  const readable = read.filter((entry): entry is { index: number; record: UsageRecord } => 'record' in entry);
  const guided = await guideUsageRecords(readable.map((entry) => entry.record));

  // The first record with an id is the one stored; a later one of the same batch is its repeat.
  const firstById = new Map<string, { guided: GuidedUsage; toStore: UsageToStore }>();
  for (const each of guided) if (!firstById.has(each.id)) firstById.set(each.id, { guided: each, toStore: usageToStore(each) });
  const { repeats } = await insertUsageRecords([...firstById.values()].map((first) => first.toStore));
  const earlier = repeats.size > 0 ? await findUsages(repeats) : new Map();
  await rearmAccountsOfLateUsage([...firstById.values()].filter((first) => !repeats.has(first.guided.id)).map((first) => first.guided));

  const stored = new Map<string, Usage>();
  for (const [id, first] of firstById) {
    const usage = repeats.has(id) ? earlier.get(id)?.usage : first.toStore.usage;
    if (!usage) throw new Error(`invariant broken: usage ${id} was refused as a repeat but cannot be read`);
    stored.set(id, usage);
  }
  const guidedAt = new Map(readable.map((entry, position) => [entry.index, guided[position]!]));
  const results = read.map((entry): BatchResult => {
    if ('error' in entry) return { index: entry.index, outcome: 'invalid', error: entry.error };
    const each = guidedAt.get(entry.index)!;
    const usage = stored.get(each.id)!;
    const repeat = repeats.has(each.id) || firstById.get(each.id)!.guided !== each;
    return { index: entry.index, outcome: repeat ? 'repeat' : usage.status === 'rated' ? 'created' : 'rejected', usage };
  });

  const counts = { created: 0, repeat: 0, rejected: 0, invalid: 0 } satisfies Record<BatchOutcome, number>;
  for (const result of results) counts[result.outcome] += 1;
  metrics.addMetric('UsageRated', MetricUnit.Count, counts.created);
  metrics.addMetric('UsageRejected', MetricUnit.Count, counts.rejected);
  metrics.addMetric('UsageRepeated', MetricUnit.Count, counts.repeat);
  metrics.addMetric('UsageInvalid', MetricUnit.Count, counts.invalid);
  return jsonResponse(200, { result: results, counts });
}

/** A record's own 400 (field names start `usage[<index>].`), kept in the answer instead of failing the batch. */
function readRecord(input: UsageCreate, index: number): { index: number; record: UsageRecord } | { index: number; error: TmfErrorBody } {
  try {
    return { index, record: readUsageRecord(input, `usage[${index}].`) };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { index, error: tmfErrorBody(ApiError.badRequest(error.message, error.problems)) };
  }
}

export const handler = apiHandler(ingestUsageBatch);
