import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

export interface AttributeFilter {
  /** Path inside the TMF resource, e.g. ['engagedParty', 'id']. */
  path: string[];
  /** Any of these values matches (TMF `status=Active,Suspended`). */
  values: string[];
  /** Boolean attributes (`isBundle=true`) are compared as booleans, not as the text of the query. */
  valueType?: 'boolean';
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
      values[placeholder] = filter.valueType === 'boolean' ? value === 'true' : value;
      return placeholder;
    });
    return `${path} IN (${placeholders.join(', ')})`;
  });
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: request.index,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
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
