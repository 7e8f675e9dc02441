import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The baseline: the same DynamoDB Local and table, reached directly with the document client
 * the handlers use (same marshalling options), no gateway, no handler. Keys carry a BENCH#
 * prefix so they never collide with application items or appear in their indexes.
 */
export class RawDynamoDb {
  private readonly client: DynamoDBClient;
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    endpoint: string,
    private readonly tableName: string,
  ) {
    this.client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    this.documents = DynamoDBDocumentClient.from(this.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  static key(index: number): { pk: string; sk: string } {
    return { pk: `BENCH#${index}`, sk: 'BENCH' };
  }

  /** Milliseconds for one PutItem of `item` under the index's key. */
  async timedPut(index: number, item: Record<string, unknown>): Promise<number> {
    const started = performance.now();
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { ...item, ...RawDynamoDb.key(index) } }));
    return performance.now() - started;
  }

  /** Milliseconds for one GetItem by key; the item must exist (a miss is not the same work). */
  async timedGet(index: number): Promise<number> {
    const started = performance.now();
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: RawDynamoDb.key(index) }));
    const ms = performance.now() - started;
    if (!Item) throw new Error(`raw GetItem found no item BENCH#${index}`);
    return ms;
  }

  destroy(): void {
    this.client.destroy();
  }
}

/**
 * A raw item the size and shape of a stored customer: the TMF resource a POST returned plus
 * the envelope attributes (entityType, version) and padding as long as the gsi1 keys a customer
 * item carries, under attribute names no index uses.
 */
export function customerSizedItem(resource: Record<string, unknown>): Record<string, unknown> {
  const createdAt = String(resource.createdAt ?? new Date().toISOString());
  const id = String(resource.id ?? '');
  return {
    entityType: 'BenchItem',
    version: 1,
    typeKey: 'TYPE#Customer',
    typeSortKey: `${createdAt}#${id}`,
    resource,
  };
}
