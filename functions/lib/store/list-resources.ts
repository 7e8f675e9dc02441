import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

/** TMF630 operators on ordered attributes: `lastUpdate.gte=…`. */
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

const comparisonOperators: Record<Comparison, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

export interface AttributeFilter {
  /** Path inside the TMF resource, e.g. ['engagedParty', 'id']. */
  path: string[];
  /** Any of these values matches (TMF `status=Active,Suspended`). */
  values: string[];
  /** Boolean (`isBundle=true`) and number attributes are compared as such, not as the text of the query. */
  valueType?: 'boolean' | 'number';
  /** Compares the attribute with the one value (dates as their stored UTC ISO text) instead of matching any value. */
  comparison?: Comparison;
  /**
   * Set when the resource attribute is an array of references (`category.id`): the filter
   * then matches a top-level list attribute of the item, denormalized at write time, that
   * contains any of the values.
   */
  listAttribute?: string;
  /**
   * Set when the attribute is derived from top-level attributes of the item (an account's
   * `paymentStatus` from its ledger balance): the clause each value matches, over those
   * attributes, instead of a comparison inside the resource.
   */
  derived?: (value: string) => { clause: string; names: Record<string, string>; values: Record<string, unknown> };
}

export interface ListRequest {
  index: 'gsi1' | 'gsi2' | 'gsi3';
  partitionKey: string;
  sortKeyPrefix?: string;
  /** Sort keys from `from` to `to`, both inclusive (a date window on keys that start with a date); instead of sortKeyPrefix. */
  sortKeyRange?: { from: string; to: string };
  filters: AttributeFilter[];
  offset: number;
  limit: number;
  /** The whole items instead of their resources (an entity whose resource is put together from several attributes). */
  whole?: boolean;
  /** The resource as served, from the whole item (attributes kept beside the resource added to it). */
  present?: (item: Record<string, unknown>) => unknown;
  /** Reads the index backwards: newest first on keys that start with a date. */
  newestFirst?: boolean;
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

/**
 * One page of resources from an index Query (never a Scan). The whole matching range is read
 * so that X-Total-Count is exact; items outside the page are counted, not kept.
 */
export async function listResources<T>(request: ListRequest): Promise<ListPage<T>> {
  const names: Record<string, string> = { '#pk': `${request.index}pk` };
  const values: Record<string, unknown> = { ':pk': request.partitionKey };
  let keyCondition = '#pk = :pk';
  if (request.sortKeyPrefix) {
    keyCondition += ' AND begins_with(#sk, :prefix)';
    names['#sk'] = `${request.index}sk`;
    values[':prefix'] = request.sortKeyPrefix;
  } else if (request.sortKeyRange) {
    keyCondition += ' AND #sk BETWEEN :from AND :to';
    names['#sk'] = `${request.index}sk`;
    values[':from'] = request.sortKeyRange.from;
    values[':to'] = request.sortKeyRange.to;
  }
  if (request.filters.some((filter) => !filter.listAttribute && !filter.derived)) names['#resource'] = 'resource';
  const filterClauses = request.filters.map((filter, filterIndex) => {
    if (filter.derived) {
      const alternatives = filter.values.map((value) => {
        const derived = filter.derived!(value);
        Object.assign(names, derived.names);
        Object.assign(values, derived.values);
        return `(${derived.clause})`;
      });
      return `(${alternatives.join(' OR ')})`;
    }
    if (filter.listAttribute) {
      names[`#l${filterIndex}`] = filter.listAttribute;
      const alternatives = filter.values.map((value, valueIndex) => {
        const placeholder = `:f${filterIndex}_${valueIndex}`;
        values[placeholder] = value;
        return `contains(#l${filterIndex}, ${placeholder})`;
      });
      return `(${alternatives.join(' OR ')})`;
    }
    const path = ['#resource', ...filter.path.map((segment, segmentIndex) => {
      const placeholder = `#f${filterIndex}_${segmentIndex}`;
      names[placeholder] = segment;
      return placeholder;
    })].join('.');
    const placeholders = filter.values.map((value, valueIndex) => {
      const placeholder = `:f${filterIndex}_${valueIndex}`;
      values[placeholder] = typedValue(filter, value);
      return placeholder;
    });
    if (filter.comparison) return `${path} ${comparisonOperators[filter.comparison]} ${placeholders[0]}`;
    return `${path} IN (${placeholders.join(', ')})`;
  });
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: request.index,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
    ...(request.newestFirst ? { ScanIndexForward: false } : {}),
  };

  const items: T[] = [];
  let seen = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStartKey }));
    for (const item of page.Items ?? []) {
      if (seen >= request.offset && items.length < request.limit) items.push((request.whole ? item : (request.present?.(item) ?? item.resource)) as T);
      seen += 1;
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return { items, total: seen };
}

function typedValue(filter: AttributeFilter, value: string): string | number | boolean {
  if (filter.valueType === 'boolean') return value === 'true';
  if (filter.valueType === 'number') return Number(value);
  return value;
}

/**
 * The filters' match on a resource already read (lists that read by key, not by Query), with
 * the semantics of the FilterExpression listResources builds. Filters over item attributes
 * (`listAttribute`, `derived`) are not resource paths and are left to the Query.
 */
export function resourceMatches(resource: object, filters: Iterable<AttributeFilter>): boolean {
  for (const filter of filters) {
    if (filter.listAttribute || filter.derived) continue;
    const value = filter.path.reduce<unknown>((at, segment) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[segment] : undefined), resource);
    const wanted = filter.values.map((one) => typedValue(filter, one));
    if (filter.comparison) {
      const bound = wanted[0];
      if (typeof value !== typeof bound || value === undefined) return false;
      const [a, b] = [value as string | number, bound as string | number];
      const ok = { gt: a > b, gte: a >= b, lt: a < b, lte: a <= b }[filter.comparison];
      if (!ok) return false;
    } else if (!wanted.includes(value as string | number | boolean)) {
      return false;
    }
  }
  return true;
}

/**
 * One page over several index partitions (customers, products): each read from its start up to
 * `offset + limit`, merged by `orderOf` (then id), oldest first unless `order` is `newest` (each
 * partition then read newest first too), and cut to the page; the total adds theirs.
 */
export async function listAcrossPartitions<P, T extends { id: string }>(
  partitions: readonly P[],
  page: { offset: number; limit: number },
  list: (partition: P, page: { offset: number; limit: number }) => Promise<ListPage<T>>,
  orderOf: (resource: T) => string,
  order: 'oldest' | 'newest' = 'oldest',
): Promise<ListPage<T>> {
  const perPartition = await Promise.all(partitions.map((partition) => list(partition, { offset: 0, limit: page.offset + page.limit })));
  const direction = order === 'newest' ? -1 : 1;
  const merged = perPartition.flatMap((one) => one.items).sort((a, b) => direction * (orderOf(a).localeCompare(orderOf(b)) || a.id.localeCompare(b.id)));
  return { items: merged.slice(page.offset, page.offset + page.limit), total: perPartition.reduce((sum, one) => sum + one.total, 0) };
}
