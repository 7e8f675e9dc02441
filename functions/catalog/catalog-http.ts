import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from '../../domain/shared/zod.js';
import { catalogLifecycleStatuses, isOnSale, type CatalogLifecycleStatus } from '../../domain/catalog/catalog-lifecycle.js';
import { decideCatalogDeletion, type CatalogReferrer, type RemovableCatalogKind } from '../../domain/catalog/catalog-removal.js';
import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';
import { isStaff, requireAdmin, type Principal } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiRequest, UseCase } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery, requestedFields, selectFields, type AttributeTable } from '../lib/http/collection-query.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import {
  deleteCatalogResource,
  findCatalogResource,
  listCatalogResources,
  updateCatalogResource,
  type CatalogKind,
  type ListAttributes,
} from '../lib/store/catalog-store.js';
import type { AttributeFilter } from '../lib/store/list-resources.js';

/**
 * The four use cases every TMF620 resource has, so each catalog handler is one call:
 *
 *   // get-product-offering.ts
 *   export const handler = apiHandler(catalogGetUseCase('ProductOffering'));
 *
 *   // list-product-offerings.ts (`lifecycleStatus` and `name` are always filterable)
 *   export const handler = apiHandler(
 *     catalogListUseCase('ProductOffering', [
 *       { name: 'category.id', listAttribute: 'categoryIds' },
 *       { name: 'isBundle', valueType: 'boolean' },
 *     ]),
 *   );
 *
 *   // create-product-offering.ts: admin only, Idempotency-Key, 201 + Location + ETag
 *   // (catalog-create-use-case.ts: a module of its own, see there)
 *   export const handler = apiHandler(
 *     catalogCreateUseCase({
 *       kind: 'ProductOffering',
 *       createSchema: productOfferingCreateSchema,
 *       create: async (input, { id, now, correlationId }) => ({ resource, events, listAttributes }),
 *     }),
 *   );
 *
 *   // patch-product-offering.ts: admin only, 404, If-Match (412), 409 on a concurrent change
 *   export const handler = apiHandler(
 *     catalogPatchUseCase({
 *       kind: 'ProductOffering',
 *       patchSchema: productOfferingPatchSchema,
 *       change: async (current: ProductOffering, patch, { now, correlationId }) => ({ resource, events, listAttributes }),
 *     }),
 *   );
 *
 * `create` and `change` load what the resource references (findCatalogResources, one
 * BatchGetItem per kind), run the pure domain rules and report reference problems through
 * `rejectFieldProblems` (domain/shared/domain-errors.ts); whatever they throw is rendered as
 * usual (InvalidInputError 400, RuleViolationError 409). Customers see only resources on sale (Active, Launched): anything
 * else answers 404 for them, exactly like an unknown id, so unpublished work cannot be probed.
 */

/** What every stored TMF620 resource has. */
export interface CatalogResource {
  id: string;
  href: string;
  lifecycleStatus: CatalogLifecycleStatus;
}

/** What a create or a change writes: the resource, its outbox events and its denormalized list attributes. */
export interface CatalogWrite<T> {
  resource: T;
  events?: DomainEvent[];
  listAttributes?: ListAttributes;
}

export interface CatalogWriteContext {
  now: string;
  correlationId: string;
  /** The origin of each event the write emits: a fresh event id, this write's time and correlation id. */
  eventOrigin: () => EventOrigin;
}

/** The context a write of the resource's runs in: its time, its correlation id and the origin of each event it emits. */
export function catalogWriteContext(now: string, correlationId: string): CatalogWriteContext {
  return { now, correlationId, eventOrigin: () => ({ eventId: newId(), occurredAt: now, correlationId }) };
}

/**
 * A list filter beyond the exact match on a resource path: `listAttribute` for arrays of
 * references denormalized at write time (`category.id` → `categoryIds`), `valueType:
 * 'boolean'` for boolean attributes (`isBundle=true`).
 */
export interface CatalogListFilter {
  name: string;
  listAttribute?: string;
  valueType?: 'boolean';
}

/** The name TMF620 gives the resource in paths and messages: ProductOffering → productOffering. */
export const catalogResourceName = (kind: CatalogKind): string => kind.charAt(0).toLowerCase() + kind.slice(1);

/** Staff see the whole catalog; customers only what is on sale. */
const visibleTo = (principal: Principal, resource: CatalogResource): boolean => isStaff(principal) || isOnSale(resource.lifecycleStatus);

/** GET /<resource>/{id}: one GetItem, `fields` selection, ETag. */
export function catalogGetUseCase(kind: CatalogKind): UseCase {
  const name = catalogResourceName(kind);
  return async ({ event, principal }: ApiRequest) => {
    const id = event.pathParameters?.id ?? '';
    const stored = await findCatalogResource<CatalogResource>(kind, id);
    if (!stored || !visibleTo(principal, stored.resource)) throw ApiError.notFound(name, id);
    return jsonResponse(200, selectFields(stored.resource, requestedFields(event)), { ETag: etagOf(stored.version) });
  };
}

const statusFilter = 'lifecycleStatus';
const onSaleStatuses = catalogLifecycleStatuses.filter(isOnSale);

/**
 * GET /<resource>: one gsi1 Query over the kind with `fields`, `offset`/`limit` and the
 * filters `lifecycleStatus`, `name` plus `filters`, and every other scalar attribute of the
 * resource's `attributes` table (exact match, and `.gt`…`.lte` on dates and numbers, as
 * FilterExpression clauses of the same Query). A customer's lifecycleStatus filter is
 * intersected with the on-sale statuses; when nothing is left the answer is an empty page
 * without a Query.
 */
export function catalogListUseCase(kind: CatalogKind, filters: readonly (string | CatalogListFilter)[] = [], attributes: AttributeTable = {}): UseCase {
  const configured = new Map<string, CatalogListFilter>(
    [statusFilter, 'name', ...filters].map((filter) => (typeof filter === 'string' ? [filter, { name: filter }] : [filter.name, filter])),
  );
  const filterable = [...configured.keys()];
  return async ({ event, principal }: ApiRequest) => {
    const query = parseCollectionQuery(event, filterable, attributes);
    const attributeFilters: AttributeFilter[] = [];
    for (const [name, filter] of query.filters) {
      const config = configured.get(name);
      if (name === statusFilter) checkValues(name, filter.values, catalogLifecycleStatuses);
      if (config?.valueType === 'boolean') checkValues(name, filter.values, ['true', 'false']);
      if (name !== statusFilter) {
        attributeFilters.push({
          ...filter,
          ...(config?.listAttribute ? { listAttribute: config.listAttribute } : {}),
          ...(config?.valueType ? { valueType: config.valueType } : {}),
        });
      }
    }
    const requestedStatuses = query.filters.get(statusFilter)?.values;
    const statuses = isStaff(principal)
      ? requestedStatuses
      : onSaleStatuses.filter((status) => requestedStatuses === undefined || requestedStatuses.includes(status));
    if (statuses !== undefined && statuses.length === 0) return collectionResponse([], 0, query.fields);
    if (statuses !== undefined) attributeFilters.push({ path: [statusFilter], values: [...new Set(statuses)] });

    const page = await listCatalogResources<CatalogResource>(kind, { filters: attributeFilters, offset: query.offset, limit: query.limit });
    return collectionResponse(page.items, page.total, query.fields);
  };
}

function checkValues(name: string, values: readonly string[], allowed: readonly string[]): void {
  const unknown = values.filter((value) => !allowed.includes(value));
  if (unknown.length > 0) {
    throw ApiError.badRequest(`filter ${name} takes ${allowed.join(', ')}`, [{ field: name, problem: `unknown value ${unknown.join(', ')}` }]);
  }
}

/**
 * PATCH /<resource>/{id} for admins (JSON merge patch): parse → read (404) → If-Match (412)
 * → `change` → write conditional on the version read (409 when it moved on, 412 when If-Match
 * was sent) → 200 with the next ETag.
 */
export function catalogPatchUseCase<TSchema extends z.ZodMiniType, T extends CatalogResource>(options: {
  kind: CatalogKind;
  patchSchema: TSchema;
  change: (current: T, patch: z.infer<TSchema>, context: CatalogWriteContext) => Promise<CatalogWrite<T>>;
}): UseCase {
  const { kind, patchSchema, change } = options;
  const name = catalogResourceName(kind);
  return async ({ event, principal, correlationId }: ApiRequest) => {
    requireAdmin(principal, 'change the product catalog');
    const id = event.pathParameters?.id ?? '';
    const patch = parseBody(event, 'merge-patch', patchSchema);
    const stored = await findCatalogResource<T>(kind, id);
    if (!stored) throw ApiError.notFound(name, id);
    checkIfMatch(event, stored.version);
    const { resource, events = [], listAttributes } = await change(stored.resource, patch, catalogWriteContext(systemClock.now(), correlationId));
    const version = await updateCatalogResource(kind, resource, stored.version, events, listAttributes).catch((error: unknown) => {
      throw staleWriteError(event, error);
    });
    metrics.addMetric(`${kind}Updated`, MetricUnit.Count, 1);
    return jsonResponse(200, resource, { ETag: etagOf(version) });
  };
}

/**
 * DELETE /<resource>/{id} for admins, with the catalog's removal rules
 * (domain/catalog/catalog-removal.ts): read (404) → If-Match (412) → the resources that refer
 * to it (`referrers`, Queries of the catalog's own gsi1 partitions) → remove it when it was
 * never on sale and nothing refers to it, retire it when it is on sale and nothing on sale
 * depends on it, 409 naming the referrers otherwise → 204. The write is conditional on the
 * version read (409 when it moved on, 412 when If-Match was sent). An already Retired resource
 * answers 204 without a write.
 */
export function catalogDeleteUseCase<T extends CatalogResource>(options: {
  kind: CatalogKind & ('ProductOffering' | 'ProductOfferingPrice' | 'ProductSpecification');
  referrers: (id: string) => Promise<CatalogReferrer[]>;
  /** The resource retired, with its events (as the patch to Retired writes them). */
  retire: (current: T, context: CatalogWriteContext) => CatalogWrite<T>;
  /** The events of the removal. */
  removed: (current: T, context: CatalogWriteContext) => DomainEvent[];
}): UseCase {
  const { kind, referrers, retire, removed } = options;
  const name = catalogResourceName(kind) as RemovableCatalogKind;
  return async ({ event, principal, correlationId }: ApiRequest): Promise<APIGatewayProxyResult> => {
    requireAdmin(principal, 'change the product catalog');
    const id = event.pathParameters?.id ?? '';
    const stored = await findCatalogResource<T>(kind, id);
    if (!stored) throw ApiError.notFound(name, id);
    checkIfMatch(event, stored.version);
    const decision = decideCatalogDeletion(name, stored.resource, await referrers(id));
    const context = catalogWriteContext(systemClock.now(), correlationId);
    if (decision === 'remove') {
      await deleteCatalogResource(kind, id, stored.version, removed(stored.resource, context)).catch((error: unknown) => {
        throw staleWriteError(event, error);
      });
      metrics.addMetric(`${kind}Deleted`, MetricUnit.Count, 1);
    } else if (decision === 'retire') {
      const { resource, events = [], listAttributes } = retire(stored.resource, context);
      await updateCatalogResource(kind, resource, stored.version, events, listAttributes).catch((error: unknown) => {
        throw staleWriteError(event, error);
      });
      metrics.addMetric(`${kind}Retired`, MetricUnit.Count, 1);
    }
    return { statusCode: 204, headers: {}, body: '' };
  };
}
