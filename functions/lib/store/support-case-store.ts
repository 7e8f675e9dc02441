import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { CaseStatus } from '../../../domain/support-cases/case-lifecycle.js';
import { caseStatusOf, customerIdOfCase, type SupportCase } from '../../../domain/support-cases/support-case.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { byCustomer, byType } from './table-items.js';

/**
 * Support cases (SUPPORT_CASE#<id>/SUPPORT_CASE, docs/support-cases.md), listed by age three
 * ways: every case (gsi1), a customer's (gsi2), and the cases in one status (gsi3, the agents'
 * queues: `SUPPORT_CASE_STATUS#<status>`, moved at every status change). Beside the resource:
 * `caseStatus` (the status with `submitted`, which TMF621 cannot show, for filters) and the
 * customer's test clock, whose time every change of the case takes.
 */
export interface StoredSupportCase {
  supportCase: SupportCase;
  version: number;
  testClockId?: string;
}

const entityType = 'SupportCase';
export const supportCaseKey = (id: string) => ({ pk: `SUPPORT_CASE#${id}`, sk: 'SUPPORT_CASE' });
const statusQueue = (status: CaseStatus) => `SUPPORT_CASE_STATUS#${status}`;
const ageKey = (supportCase: SupportCase) => `${supportCase.creationDate}#${supportCase.id}`;

const storedOf = (item: Record<string, unknown>): StoredSupportCase => ({
  supportCase: item.resource as SupportCase,
  version: item.version as number,
  ...(typeof item.testClockId === 'string' ? { testClockId: item.testClockId } : {}),
});

/** Opens the case and records its events, all or nothing. */
export async function insertSupportCase(supportCase: SupportCase, testClockId: string | undefined, events: readonly DomainEvent[]): Promise<void> {
  const table = tableName();
  const status = caseStatusOf(supportCase);
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: {
              ...supportCaseKey(supportCase.id),
              ...byType(entityType, supportCase.creationDate, supportCase.id),
              ...byCustomer(customerIdOfCase(supportCase), entityType, supportCase.creationDate, supportCase.id),
              gsi3pk: statusQueue(status),
              gsi3sk: ageKey(supportCase),
              entityType,
              version: 1,
              resource: supportCase,
              caseStatus: status,
              ...(testClockId !== undefined ? { testClockId } : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...events.map((event) => outboxPut(table, event)),
      ],
    }),
  );
}

export async function findSupportCase(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredSupportCase | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: supportCaseKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? storedOf(Item) : undefined;
}

/**
 * Writes the changed case if nobody changed it since `expectedVersion`, moves it to its
 * status's queue, and records the events, in one transaction. Answers the new version.
 */
export async function updateSupportCaseItem(supportCase: SupportCase, expectedVersion: number, events: readonly DomainEvent[]): Promise<number> {
  const table = tableName();
  const status = caseStatusOf(supportCase);
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: supportCaseKey(supportCase.id),
              UpdateExpression: 'SET #resource = :resource, #version = :next, #caseStatus = :status, #gsi3pk = :queue',
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#caseStatus': 'caseStatus', '#gsi3pk': 'gsi3pk' },
              ExpressionAttributeValues: { ':resource': supportCase, ':expected': expectedVersion, ':next': expectedVersion + 1, ':status': status, ':queue': statusQueue(status) },
            },
          },
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`support case ${supportCase.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/** A filter on the case's status, `submitted` included, read from `caseStatus` beside the resource. */
export function caseStatusFilter(statuses: readonly string[]): AttributeFilter {
  return {
    path: ['status'],
    values: [...statuses],
    derived: (value) => {
      const placeholder = `:caseStatus_${value.replace(/[^A-Za-z]/g, '')}`;
      return { clause: `#caseStatus = ${placeholder}`, names: { '#caseStatus': 'caseStatus' }, values: { [placeholder]: value } };
    },
  };
}

export interface SupportCasePage {
  /** A customer's cases (gsi2); or, without it, those in `status` (gsi3); or, without either, every case (gsi1). */
  customerId?: string;
  status?: CaseStatus;
  /** Creation dates from (inclusive) and before (exclusive): the case's age. */
  createdFrom?: string;
  createdBefore?: string;
  filters: AttributeFilter[];
  offset: number;
  limit: number;
}

/** One page of cases, oldest first (the longest waiting on top of a queue). */
export function listSupportCases(page: SupportCasePage): Promise<ListPage<SupportCase>> {
  const { customerId, status, createdFrom, createdBefore, ...rest } = page;
  const window = (prefix: string) =>
    createdFrom !== undefined || createdBefore !== undefined ? { sortKeyRange: { from: `${prefix}${createdFrom ?? '0000'}`, to: `${prefix}${createdBefore ?? '9999'}` } } : prefix ? { sortKeyPrefix: prefix } : {};
  if (customerId !== undefined) return listResources<SupportCase>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, ...window(`${entityType}#`), ...rest });
  if (status !== undefined) return listResources<SupportCase>({ index: 'gsi3', partitionKey: statusQueue(status), ...window(''), ...rest });
  return listResources<SupportCase>({ index: 'gsi1', partitionKey: `TYPE#${entityType}`, ...window(''), ...rest });
}
