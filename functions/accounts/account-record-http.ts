import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type * as z from '../../domain/shared/zod.js';
import { accountRecordName, refuseBuiltInChange, type AccountRecordKind } from '../../domain/accounts/account-record.js';
import { referenceCountChanges, type RecordKey } from '../../domain/accounts/billing-account-references.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import type { ApiRequest, UseCase } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery, requestedFields, selectFields } from '../lib/http/collection-query.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { deleteAccountRecord, findAccountRecord, inUse, listAccountRecords, referenceCountUpdates, updateAccountRecord } from '../lib/store/account-record-store.js';
import { resourceMatches } from '../lib/store/list-resources.js';

/**
 * The five use cases of the TMF666 records beside billingAccount (billFormat,
 * billPresentationMedia, billingCycleSpecification, financialAccount, partyAccount,
 * settlementAccount), so each handler is one call:
 *
 *   // get-bill-format.ts
 *   export const handler = apiHandler(accountRecordGetUseCase('BillFormat', builtInBillFormats));
 *
 * Staff only (functions/lib/auth/route-access.ts). Built-in records (the cycles billing knows,
 * the PDF and HTML formats, the e-mail and SMS media) are served first, by GET and in lists,
 * and cannot be changed or deleted (409). A record a billing account refers to cannot be
 * deleted (409, `accountReferences` on the item). Whatever `create` and `change` throw is
 * rendered as usual (InvalidInputError 400, RuleViolationError 409).
 */
export interface StoredRecord {
  id: string;
  href: string;
}

export interface RecordWriteContext {
  now: string;
  /** For a change: how many accounts refer to the record (0 for a new one). */
  references: number;
}

/** What a create or a change writes: the record, and (for a record that refers to others) which ones it refers to afterwards. */
export interface RecordWrite<T> {
  resource: T;
  references?: RecordKey[];
}

const findBuiltIn = <T extends StoredRecord>(builtIns: readonly T[], id: string): T | undefined => builtIns.find((record) => record.id === id);

/** GET /<record>/{id}: a built-in one, else one GetItem; `fields` selection and ETag (built-in ones: W/"0", they never change). */
export function accountRecordGetUseCase(kind: AccountRecordKind, builtIns: readonly StoredRecord[] = []): UseCase {
  const name = accountRecordName(kind);
  return async ({ event, principal }: ApiRequest) => {
    requireStaff(principal, `read ${name} records`);
    const id = event.pathParameters?.id ?? '';
    const builtIn = findBuiltIn(builtIns, id);
    if (builtIn) return jsonResponse(200, selectFields(builtIn, requestedFields(event)), { ETag: etagOf(0) });
    const stored = await findAccountRecord<StoredRecord>(kind, id);
    if (!stored) throw ApiError.notFound(name, id);
    return jsonResponse(200, selectFields(stored.resource, requestedFields(event)), { ETag: etagOf(stored.version) });
  };
}

/**
 * GET /<record>: the built-in records that pass the filters, then the stored ones (one gsi1
 * Query over the kind, oldest first), paged together with `offset`/`limit`; `fields`
 * selection. `filterable` names the filters the list takes (exact match, comma-separated
 * values match any).
 */
export function accountRecordListUseCase(kind: AccountRecordKind, filterable: readonly string[], builtIns: readonly StoredRecord[] = []): UseCase {
  const name = accountRecordName(kind);
  return async ({ event, principal }: ApiRequest) => {
    requireStaff(principal, `list ${name} records`);
    const query = parseCollectionQuery(event, filterable);
    const filters = [...query.filters.values()];
    const builtInMatches = builtIns.filter((record) => resourceMatches(record, filters));
    const builtInPage = builtInMatches.slice(query.offset, query.offset + query.limit);
    const page = await listAccountRecords<StoredRecord>(kind, {
      filters,
      offset: Math.max(0, query.offset - builtInMatches.length),
      limit: query.limit - builtInPage.length,
    });
    return collectionResponse([...builtInPage, ...page.items], builtInMatches.length + page.total, query.fields);
  };
}

/**
 * PATCH /<record>/{id} for staff (JSON merge patch): built-in 409 → read (404) → If-Match
 * (412) → `change` → write conditional on the version read (409 when it moved on, 412 when
 * If-Match was sent), moving the counts of what it refers to → 200 with the next ETag.
 */
export function accountRecordPatchUseCase<TSchema extends z.ZodMiniType, T extends StoredRecord>(options: {
  kind: AccountRecordKind;
  patchSchema: TSchema;
  builtIns?: readonly StoredRecord[];
  /** What the current record refers to (counted), for records that refer to others. */
  referencesOf?: (current: T) => RecordKey[];
  change: (current: T, patch: z.infer<TSchema>, context: RecordWriteContext) => Promise<RecordWrite<T>> | RecordWrite<T>;
}): UseCase {
  const { kind, patchSchema, builtIns = [], referencesOf, change } = options;
  const name = accountRecordName(kind);
  return async ({ event, principal }: ApiRequest) => {
    requireStaff(principal, `change ${name} records`);
    const id = event.pathParameters?.id ?? '';
    if (findBuiltIn(builtIns, id)) refuseBuiltInChange(kind, id);
    const patch = parseBody(event, 'merge-patch', patchSchema);
    const stored = await findAccountRecord<T>(kind, id);
    if (!stored) throw ApiError.notFound(name, id);
    checkIfMatch(event, stored.version);
    const { resource, references } = await change(stored.resource, patch, { now: systemClock.now(), references: stored.references });
    const counts = references === undefined || referencesOf === undefined ? [] : referenceCountUpdates(referenceCountChanges(referencesOf(stored.resource), references));
    const version = await updateAccountRecord(kind, resource, stored.version, counts).catch((error: unknown) => {
      throw staleWriteError(event, error);
    });
    metrics.addMetric(`${kind}Updated`, MetricUnit.Count, 1);
    return jsonResponse(200, resource, { ETag: etagOf(version) });
  };
}

/**
 * DELETE /<record>/{id} for staff: built-in 409 → read (404) → If-Match (412) → 409 while a
 * billing account (or an account of a party) refers to it → removed, uncounting what it
 * referred to, conditional on the version read and on nothing referring to it → 204.
 */
export function accountRecordDeleteUseCase<T extends StoredRecord>(options: { kind: AccountRecordKind; builtIns?: readonly StoredRecord[]; referencesOf?: (current: T) => RecordKey[] }): UseCase {
  const { kind, builtIns = [], referencesOf } = options;
  const name = accountRecordName(kind);
  return async ({ event, principal }: ApiRequest): Promise<APIGatewayProxyResult> => {
    requireStaff(principal, `delete ${name} records`);
    const id = event.pathParameters?.id ?? '';
    if (findBuiltIn(builtIns, id)) refuseBuiltInChange(kind, id);
    const stored = await findAccountRecord<T>(kind, id);
    if (!stored) throw ApiError.notFound(name, id);
    checkIfMatch(event, stored.version);
    if (stored.references > 0) throw inUse(kind, id, stored.references);
    const counts = referencesOf === undefined ? [] : referenceCountUpdates(referenceCountChanges(referencesOf(stored.resource), []));
    await deleteAccountRecord(kind, id, stored.version, counts).catch((error: unknown) => {
      throw staleWriteError(event, error);
    });
    metrics.addMetric(`${kind}Deleted`, MetricUnit.Count, 1);
    return { statusCode: 204, headers: {}, body: '' };
  };
}
