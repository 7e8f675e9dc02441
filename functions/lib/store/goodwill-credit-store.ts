import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { GoodwillCredit } from '../../../domain/collections/goodwill-credit.js';
import { documentClient, tableName } from './dynamo-client.js';

/**
 * Goodwill credits (docs/data-model.md): GOODWILL_CREDIT#<id>/GOODWILL_CREDIT, with the owning
 * customer beside the resource so a customer's read is checked without reading its account.
 */
const goodwillCreditKey = (id: string) => ({ pk: `GOODWILL_CREDIT#${id}`, sk: 'GOODWILL_CREDIT' });

/** Create-only: a goodwill credit is written once, under its id. */
export function goodwillCreditPut(credit: GoodwillCredit, customerId: string) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...goodwillCreditKey(credit.id), entityType: 'GoodwillCredit', version: 1, resource: credit, customerId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findGoodwillCredit(id: string, options: { consistentRead?: boolean } = {}): Promise<{ goodwillCredit: GoodwillCredit; customerId: string } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: goodwillCreditKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? { goodwillCredit: Item.resource as GoodwillCredit, customerId: Item.customerId as string } : undefined;
}
