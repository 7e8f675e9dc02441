import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

/** Every item a Query matches, page after page (for ranges known to be small: a product's, a bill's). */
export async function queryAllItems(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const answer: QueryCommandOutput = await documentClient.send(new QueryCommand({ ...input, TableName: tableName(), ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** How many items a Query matches (index keys only, `Select: COUNT`), page after page. */
export async function countItems(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Select'>): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const answer: QueryCommandOutput = await documentClient.send(new QueryCommand({ ...input, TableName: tableName(), Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    count += answer.Count ?? 0;
    startKey = answer.LastEvaluatedKey;
  } while (startKey);
  return count;
}
