import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, type BatchGetCommandOutput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';

/**
 * The benchmark's own client of the runtime's table (the same DynamoDB Local, the document
 * client with the handlers' marshalling options), for seeding, for checking what a run wrote,
 * and for the raw floors the API is compared with. Never counted as the runtime's round trips.
 */
export class BenchTable {
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  /** Calls this client sent (a raw floor's round trips). */
  calls = 0;

  constructor(
    endpoint: string,
    readonly tableName: string,
  ) {
    this.client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 8 });
    this.client.middlewareStack.add(
      (next) => async (args) => {
        this.calls += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countBenchCalls' },
    );
    this.documents = DynamoDBDocumentClient.from(this.client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  }

  /** One BatchWriteItem of at most 25 puts, retrying what DynamoDB leaves unprocessed. */
  async batchPut(items: readonly Record<string, unknown>[]): Promise<void> {
    if (items.length > 25) throw new Error(`a BatchWriteItem takes 25 writes, not ${items.length}`);
    let pending: Record<string, unknown>[] | undefined = items.map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt >= 10) throw new Error(`BatchWriteItem left ${pending.length} writes unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const answer: BatchWriteCommandOutput = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
      pending = answer.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined;
    }
  }

  /** Every item, 25 to a BatchWriteItem, `concurrency` calls in flight. */
  async putAll(items: readonly Record<string, unknown>[], options: { concurrency: number; onProgress?: (written: number) => void; progressEvery?: number }): Promise<void> {
    const chunks: Record<string, unknown>[][] = [];
    for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
    let next = 0;
    let written = 0;
    let reported = 0;
    const every = options.progressEvery ?? 50_000;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, chunks.length) }, async () => {
        for (let index = next++; index < chunks.length; index = next++) {
          await this.batchPut(chunks[index]!);
          written += chunks[index]!.length;
          if (options.onProgress && written - reported >= every) {
            reported = written;
            options.onProgress(written);
          }
        }
      }),
    );
  }

  /** Items by key, 100 to a BatchGetItem, a few calls in flight; missing keys are absent. */
  async getAll(keys: readonly Record<string, unknown>[], projection?: string[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    const chunks: Record<string, unknown>[][] = [];
    for (let start = 0; start < keys.length; start += 100) chunks.push(keys.slice(start, start + 100));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(8, chunks.length) }, async () => {
        for (let index = next++; index < chunks.length; index = next++) {
          let pending: Record<string, unknown>[] | undefined = chunks[index]!;
          for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
            if (attempt >= 10) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
            if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
            const names = projection ? Object.fromEntries(projection.map((name, position) => [`#p${position}`, name])) : undefined;
            const answer: BatchGetCommandOutput = await this.documents.send(
              new BatchGetCommand({
                RequestItems: {
                  [this.tableName]: { Keys: pending, ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}) },
                },
              }),
            );
            found.push(...(answer.Responses?.[this.tableName] ?? []));
            pending = answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
          }
        }
      }),
    );
    return found;
  }

  destroy(): void {
    this.client.destroy();
  }
}
