import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerBillOnDemand } from '../../../domain/billing/customer-bill-on-demand.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { byCustomer, byType } from './table-items.js';

/** On-demand bill requests: CUSTOMER_BILL_ON_DEMAND#<id>, listed per customer (gsi2) and all of them (gsi1; few, so one partition). */
const onDemandKey = (id: string) => ({ pk: `CUSTOMER_BILL_ON_DEMAND#${id}`, sk: 'CUSTOMER_BILL_ON_DEMAND' });

export async function insertBillOnDemand(request: CustomerBillOnDemand, customerId: string): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...onDemandKey(request.id), ...byCustomer(customerId, 'CustomerBillOnDemand', request.lastUpdate, request.id), ...byType('CustomerBillOnDemand', request.lastUpdate, request.id), entityType: 'CustomerBillOnDemand', version: 1, customerId, resource: request },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function findBillOnDemand(id: string): Promise<{ request: CustomerBillOnDemand; customerId: string } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: onDemandKey(id) }));
  return Item ? { request: Item.resource as CustomerBillOnDemand, customerId: Item.customerId as string } : undefined;
}

export function listBillsOnDemand(page: { customerId: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CustomerBillOnDemand>> {
  const { customerId, ...rest } = page;
  return listResources<CustomerBillOnDemand>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'CustomerBillOnDemand#', ...rest });
}

/** Everyone's on-demand bill requests, newest first (gsi1). Requests written before this index are not in it. */
export function listAllBillsOnDemand(page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CustomerBillOnDemand>> {
  return listResources<CustomerBillOnDemand>({ index: 'gsi1', partitionKey: 'TYPE#CustomerBillOnDemand', newestFirst: true, ...page });
}
