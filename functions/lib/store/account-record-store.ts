import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountRecordKind } from '../../../domain/accounts/account-record.js';
import type { RecordKey, ReferenceCountChange } from '../../../domain/accounts/billing-account-references.js';
import { RuleViolationError } from '../../../domain/shared/domain-errors.js';
import { batchGetItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { ConcurrentTransactionError, StaleVersionError, failedConditions, isConditionFailure } from './store-errors.js';
import { byType, keys, versionedResourceUpdate } from './table-items.js';

/**
 * The six TMF666 records beside billing accounts share one storage shape: one item per
 * record, keyed by kind and id, listed per kind through gsi1. Beside the resource the item
 * counts the billing accounts that refer to it (`accountReferences`), kept in the billing
 * accounts' own write transactions (`referenceCountUpdates`), so a DELETE can be conditional on
 * nothing referring to it.
 */
export interface StoredAccountRecord<T> {
  resource: T;
  version: number;
  /** How many billing accounts refer to it. */
  references: number;
}

const referencesAttribute = 'accountReferences';

function stored<T>(item: Record<string, unknown>): StoredAccountRecord<T> {
  return { resource: item.resource as T, version: item.version as number, references: (item[referencesAttribute] as number | undefined) ?? 0 };
}

/**
 * A new record; with `references` (referenceCountUpdates: the records it refers to, such as a
 * party account's financial account), counted in the same transaction.
 */
export async function insertAccountRecord<T extends { id: string }>(kind: AccountRecordKind, resource: T, createdAt: string, references: ReferenceItems = []): Promise<void> {
  const table = tableName();
  const put = {
    TableName: table,
    Item: { ...keys.accountRecord(kind, resource.id), ...byType(kind, createdAt, resource.id), entityType: kind, version: 1, resource },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (references.length === 0) {
    await documentClient.send(new PutCommand(put));
    return;
  }
  await writeWithReferences(`${kind} ${resource.id}`, { Put: put }, references);
}

type ReferenceItems = ReturnType<typeof referenceCountUpdates>;

/** The record's write and its reference counts, one transaction; a record referred to that went away meanwhile is a 409 to retry. */
async function writeWithReferences(what: string, write: Record<string, unknown>, references: ReferenceItems): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [write, ...references] }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw new StaleVersionError(`${what} changed meanwhile`);
    if (failed !== undefined && failed.length > 0) throw new ConcurrentTransactionError(`a record ${what} refers to was deleted meanwhile`);
    throw error;
  }
}

export async function findAccountRecord<T>(kind: AccountRecordKind, id: string, options: { consistentRead?: boolean } = {}): Promise<StoredAccountRecord<T> | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.accountRecord(kind, id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? stored<T>(Item) : undefined;
}

/** Many records by kind and id, one BatchGetItem; those that do not exist are absent from the map (keyed `<kind>#<id>`). */
export async function findAccountRecords(named: readonly RecordKey[]): Promise<Map<string, unknown>> {
  if (named.length === 0) return new Map();
  const items = await batchGetItems(
    named.map((key) => keys.accountRecord(key.kind, key.id)),
    { what: 'account records' },
  );
  return new Map(items.map((item) => [`${item.entityType as string}#${(item.resource as { id: string }).id}`, item.resource]));
}

export function listAccountRecords<T>(kind: AccountRecordKind, page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<T>> {
  return listResources<T>({ index: 'gsi1', partitionKey: `TYPE#${kind}`, ...page });
}

/** Replaces the resource if its version is still `expectedVersion`, moving its reference counts with it; returns the new version. */
export async function updateAccountRecord<T extends { id: string }>(kind: AccountRecordKind, resource: T, expectedVersion: number, references: ReferenceItems = []): Promise<number> {
  const update = versionedResourceUpdate(tableName(), keys.accountRecord(kind, resource.id), resource, expectedVersion);
  if (references.length > 0) {
    await writeWithReferences(`${kind} ${resource.id}`, update, references);
    return expectedVersion + 1;
  }
  try {
    await documentClient.send(new UpdateCommand(update.Update));
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleVersionError(`${kind} ${resource.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/**
 * Removes the record if its version is still `expectedVersion` and no billing account refers
 * to it; 409 (`record-in-use`) when one does, StaleVersionError when it changed meanwhile.
 */
export async function deleteAccountRecord(kind: AccountRecordKind, id: string, expectedVersion: number, references: ReferenceItems = []): Promise<void> {
  const remove = {
    TableName: tableName(),
    Key: keys.accountRecord(kind, id),
    ConditionExpression: '#version = :expected AND (attribute_not_exists(#references) OR #references <= :zero)',
    ExpressionAttributeNames: { '#version': 'version', '#references': referencesAttribute },
    ExpressionAttributeValues: { ':expected': expectedVersion, ':zero': 0 },
  };
  try {
    if (references.length === 0) await documentClient.send(new DeleteCommand(remove));
    else await documentClient.send(new TransactWriteCommand({ TransactItems: [{ Delete: remove }, ...references] }));
  } catch (error) {
    if (!isConditionFailure(error) && !failedConditions(error)?.includes(0)) throw error;
    const now = await findAccountRecord(kind, id, { consistentRead: true });
    if (now && now.references > 0) throw inUse(kind, id, now.references);
    throw new StaleVersionError(`${kind} ${id} changed since version ${expectedVersion}`);
  }
}

export function inUse(kind: AccountRecordKind, id: string, references: number): RuleViolationError {
  return new RuleViolationError('record-in-use', `${kind.charAt(0).toLowerCase()}${kind.slice(1)} ${id} is used by ${references} billing account${references === 1 ? '' : 's'}: change them first`);
}

/**
 * The transaction items that count a billing account's new references (and uncount its old
 * ones), for the account's own write transaction: a record counted up must still exist when
 * the transaction commits (a DELETE meanwhile makes it fail, and the account write with it);
 * one counted down exists, since none is deleted while counted.
 */
export function referenceCountUpdates(changes: readonly ReferenceCountChange[]) {
  const table = tableName();
  return changes.map((change) => ({
    Update: {
      TableName: table,
      Key: keys.accountRecord(change.kind, change.id),
      UpdateExpression: 'ADD #references :delta',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#references': referencesAttribute, '#pk': 'pk' },
      ExpressionAttributeValues: { ':delta': change.delta },
    },
  }));
}
