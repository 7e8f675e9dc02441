import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/**
 * An in-memory stand-in for the idempotency records the Powertools DynamoDB persistence layer
 * keeps in our table, behind a mocked low-level DynamoDBClient. It honours the layer's
 * conditional put (absent, expired, or in progress past its expiry) and answers a failed
 * condition with the existing item (ReturnValuesOnConditionCheckFailure: ALL_OLD), as
 * DynamoDB does.
 */
export class FakeIdempotencyTable {
  readonly items = new Map<string, Item>();

  constructor(private readonly keyAttributes: [string, string] = ['pk', 'sk']) {}

  install(mock: AwsClientStub<DynamoDBClient>): this {
    mock.on(PutItemCommand).callsFake((input: PutItemCommandInput) => this.put(input));
    mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => this.update(input));
    mock.on(GetItemCommand).callsFake((input: GetItemCommandInput) => ({ Item: this.items.get(this.keyOf(input.Key!)) }));
    mock.on(DeleteItemCommand).callsFake((input: DeleteItemCommandInput) => {
      this.items.delete(this.keyOf(input.Key!));
      return {};
    });
    return this;
  }

  private keyOf(item: Item): string {
    return this.keyAttributes.map((name) => item[name]?.S ?? '').join('|');
  }

  private put(input: PutItemCommandInput) {
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    const key = this.keyOf(input.Item!);
    const existing = this.items.get(key);
    if (existing) {
      const number = (attribute: string | undefined) => Number(attribute === undefined ? Number.NaN : (existing[attribute]?.N ?? Number.NaN));
      const expired = number(names['#expiry']) < Number(values[':now']?.N);
      const inProgressExpired =
        existing[names['#status']!]?.S === values[':inprogress']?.S &&
        names['#in_progress_expiry']! in existing &&
        number(names['#in_progress_expiry']) < Number(values[':now_in_millis']?.N);
      if (!expired && !inProgressExpired) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: { httpStatusCode: 400 },
          ...(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: existing } : {}),
        });
      }
    }
    this.items.set(key, { ...input.Item });
    return {};
  }

  private update(input: UpdateItemCommandInput) {
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    const key = this.keyOf(input.Key!);
    const item: Item = { ...(this.items.get(key) ?? input.Key!) };
    const assignments = (input.UpdateExpression ?? '').replace(/^SET\s+/i, '').split(',');
    for (const assignment of assignments) {
      const [name, value] = assignment.split('=').map((part) => part.trim());
      item[names[name!] ?? name!] = values[value!]!;
    }
    this.items.set(key, item);
    return {};
  }
}
