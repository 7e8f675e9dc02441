import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type BatchGetCommandInput,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, any>;

/**
 * The single table as the zone table store uses it, kept in memory behind the mocked document
 * client: GetItem, BatchGetItem, BatchWriteItem, the gsi1 Query (without its filter), and
 * TransactWriteItems with the two conditions the store writes (`attribute_not_exists(pk)` on
 * a Put, `#version = :expected` on the Update) evaluated as DynamoDB would, all or nothing.
 */
export class FakeZoneTableTable {
  readonly items = new Map<string, Item>();
  private heldReads: { count: number; waiting: (() => void)[] } | undefined;

  install(mock: AwsClientStub<DynamoDBDocumentClient>): this {
    mock.on(GetCommand).callsFake(async (input: GetCommandInput) => {
      await this.readBarrier();
      return { Item: this.copy(this.items.get(this.key(input.Key!))) };
    });
    mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems ?? {}).map(([table, request]) => [table, (request.Keys ?? []).flatMap((key) => this.copy(this.items.get(this.key(key))) ?? [])]),
      ),
    }));
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const request of requests) if (request.PutRequest) this.items.set(this.key(request.PutRequest.Item!), this.copy(request.PutRequest.Item!)!);
      }
      return { UnprocessedItems: {} };
    });
    mock.on(QueryCommand).callsFake((input: QueryCommandInput) => ({
      Items: [...this.items.values()].filter((item) => item.gsi1pk === input.ExpressionAttributeValues?.[':pk']).map((item) => this.copy(item)),
    }));
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => this.transact(input));
    return this;
  }

  /** The next `count` GetItems answer together, once all of them have been asked: two requests that both read before either writes. */
  holdReads(count: number): void {
    this.heldReads = { count, waiting: [] };
  }

  /** The items whose partition key starts with `prefix`. */
  itemsOf(prefix: string): Item[] {
    return [...this.items.values()].filter((item) => String(item.pk).startsWith(prefix));
  }

  private async readBarrier(): Promise<void> {
    const held = this.heldReads;
    if (!held) return;
    await new Promise<void>((release) => {
      held.waiting.push(release);
      if (held.waiting.length >= held.count) {
        this.heldReads = undefined;
        for (const waiting of held.waiting) waiting();
      }
    });
  }

  private transact(input: TransactWriteCommandInput) {
    const actions = input.TransactItems ?? [];
    const reasons = actions.map((action) => {
      if (action.Put?.ConditionExpression === 'attribute_not_exists(pk)' && this.items.has(this.key(action.Put.Item!))) return 'ConditionalCheckFailed';
      if (action.Update) {
        const current = this.items.get(this.key(action.Update.Key!));
        if (action.Update.ConditionExpression !== '#version = :expected') throw new Error(`the fake does not know the condition ${action.Update.ConditionExpression}`);
        if (!current || current.version !== action.Update.ExpressionAttributeValues?.[':expected']) return 'ConditionalCheckFailed';
      }
      return 'None';
    });
    if (reasons.some((reason) => reason !== 'None')) {
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons.map((Code) => ({ Code })) });
    }
    for (const action of actions) {
      if (action.Put) this.items.set(this.key(action.Put.Item!), this.copy(action.Put.Item!)!);
      if (action.Update) {
        const key = this.key(action.Update.Key!);
        const current = this.items.get(key)!;
        const values = action.Update.ExpressionAttributeValues!;
        if (action.Update.UpdateExpression !== 'SET #resource = :resource, #contents = list_append(#contents, :added), #version = :next') {
          throw new Error(`the fake does not know the update ${action.Update.UpdateExpression}`);
        }
        this.items.set(key, { ...current, resource: this.copy(values[':resource']), contents: [...current.contents, ...values[':added']], version: values[':next'] });
      }
    }
    return {};
  }

  private key(item: Record<string, unknown>): string {
    return `${String(item.pk)}|${String(item.sk)}`;
  }

  /** Items go in and out as copies, as they would through DynamoDB (binary parts stay binary). */
  private copy<T>(item: T): T {
    return item === undefined ? item : structuredClone(item);
  }
}

/** The outbox events a fake table holds, parsed, in the order written. */
export function outboxEvents(table: FakeZoneTableTable): { source: string; detailType: string; detail: any }[] {
  return table.itemsOf('OUTBOX#').map((item) => ({ source: item.source, detailType: item.detailType, detail: JSON.parse(item.detail) }));
}
