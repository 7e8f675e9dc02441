import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import { withAccountBalance } from '../../../domain/collections/account-ledger.js';
import { ownerCustomerId, ownerCustomerIdOf } from '../../../domain/customers/billing-account-owner.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { ConcurrentTransactionError, StaleVersionError, failedConditions } from './store-errors.js';
import { byCustomer, byType, keys, versionedResourceUpdate, type EntityItem } from './table-items.js';

export interface StoredBillingAccount {
  /** As served: with its ledger's balance and the paymentStatus it gives. */
  account: BillingAccount;
  version: number;
}

/**
 * The account item's attributes beside the resource that collections keep (docs/collections.md):
 * `balanceMinor`, the ledger's running sum, and `overdueSince`. The resource is served with
 * them and stored without them, so a write of the resource never carries a stale balance.
 */
function presentedAccount(item: Record<string, unknown>): BillingAccount {
  const balance = item.balanceMinor as number | undefined;
  return withAccountBalance(item.resource as BillingAccount, { balanceMinor: BigInt(balance ?? 0), overdueSince: item.overdueSince as string | undefined });
}

function storedResource(account: BillingAccount): BillingAccount {
  const { accountBalance: _served, ...stored } = account;
  return stored;
}

/** `paymentStatus` is derived from the ledger's attributes, so a filter on it is a clause over them. */
const paymentStatusClauses: Record<string, string> = {
  paidUp: 'attribute_not_exists(#balance) OR #balance <= :zero',
  due: '#balance > :zero AND attribute_not_exists(#overdueSince)',
  overdue: '#balance > :zero AND attribute_exists(#overdueSince)',
};

function derivedFilters(filters: readonly AttributeFilter[]): AttributeFilter[] {
  return filters.map((filter) =>
    filter.path.length === 1 && filter.path[0] === 'paymentStatus'
      ? {
          ...filter,
          derived: (value: string) => ({
            // An unknown status matches nothing.
            clause: paymentStatusClauses[value] ?? 'attribute_exists(#balance) AND attribute_not_exists(#balance)',
            names: { '#balance': 'balanceMinor', '#overdueSince': 'overdueSince' },
            values: { ':zero': 0 },
          }),
        }
      : filter,
  );
}

function accountItem(account: BillingAccount): EntityItem<BillingAccount> {
  account = storedResource(account);
  // An organization's account is listed with every account, under no customer.
  const customerId = ownerCustomerIdOf(account);
  return {
    ...keys.billingAccount(account.id),
    ...byType('BillingAccount', account.createdAt, account.id),
    ...(customerId !== undefined ? byCustomer(customerId, 'BillingAccount', account.createdAt, account.id) : {}),
    entityType: 'BillingAccount',
    version: 1,
    resource: account,
  };
}

/**
 * The conditional updates that count the account management records an account refers to
 * (account-record-store.ts, `referenceCountUpdates`), written in the account's transaction:
 * built by the caller, so that only the writers of references are granted those records.
 */
export type ReferenceCountItems = readonly Record<string, unknown>[];

/**
 * Opens an additional account: a customer's, which must still exist when the transaction
 * commits, or an organization's; the records it refers to are counted (and must still exist)
 * in the same transaction.
 */
export async function insertBillingAccount(account: BillingAccount, event: DomainEvent, references: ReferenceCountItems = []): Promise<void> {
  const table = tableName();
  const customerId = ownerCustomerIdOf(account);
  const customerCheck =
    customerId === undefined ? [] : [{ ConditionCheck: { TableName: table, Key: keys.customer(customerId), ConditionExpression: 'attribute_exists(pk)' } }];
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...customerCheck,
          { Put: { TableName: table, Item: accountItem(account), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...references,
          outboxPut(table, event),
        ],
      }),
    );
  } catch (error) {
    // A conflicting transaction becomes ConcurrentTransactionError (409, retry), not a 500.
    const failed = failedConditions(error);
    const firstReference = customerCheck.length + 1;
    if (failed?.some((index) => index >= firstReference && index < firstReference + references.length)) {
      throw new ConcurrentTransactionError(`a record billing account ${account.id} refers to was deleted meanwhile`);
    }
    throw error;
  }
}

/**
 * The two puts that open a customer's default account: the marker item
 * CUSTOMER#<id>/DEFAULT_BILLING_ACCOUNT (first, so its failed condition says "already has one")
 * and the account. Shared with onboarding, which opens the default account of an approved customer.
 */
export function defaultBillingAccountPuts(table: string, account: BillingAccount) {
  return [
    {
      Put: {
        TableName: table,
        Item: { ...keys.defaultBillingAccount(ownerCustomerId(account)), entityType: 'DefaultBillingAccount', version: 1, billingAccountId: account.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: table, Item: accountItem(account), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/**
 * Opens the customer's default account unless it already has one. The marker item
 * CUSTOMER#<id>/DEFAULT_BILLING_ACCOUNT is claimed in the same transaction, so a duplicate
 * CustomerCreated delivery, or two racing ones, can never open a second default account.
 */
export async function insertDefaultBillingAccount(
  account: BillingAccount,
  event: DomainEvent,
): Promise<{ opened: boolean; billingAccountId: string }> {
  const table = tableName();
  const customerId = ownerCustomerId(account);
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [...defaultBillingAccountPuts(table, account), outboxPut(table, event)],
      }),
    );
    return { opened: true, billingAccountId: account.id };
  } catch (error) {
    if (!failedConditions(error)?.includes(0)) throw error;
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table, Key: keys.defaultBillingAccount(customerId), ConsistentRead: true }),
    );
    return { opened: false, billingAccountId: Item?.billingAccountId as string };
  }
}

/** The id of the customer's default billing account, opened when the customer was created (or approved). */
export async function findDefaultBillingAccountId(customerId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.defaultBillingAccount(customerId) }));
  return Item?.billingAccountId as string | undefined;
}

export async function findBillingAccount(id: string): Promise<StoredBillingAccount | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.billingAccount(id) }));
  if (!Item) return undefined;
  return { account: presentedAccount(Item), version: Item.version as number };
}

export function listBillingAccounts(page: {
  customerId?: string;
  filters: AttributeFilter[];
  offset: number;
  limit: number;
}): Promise<ListPage<BillingAccount>> {
  const { customerId, filters, ...rest } = page;
  const request = { filters: derivedFilters(filters), present: presentedAccount, ...rest };
  return customerId
    ? listResources<BillingAccount>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'BillingAccount#', ...request })
    : listResources<BillingAccount>({ index: 'gsi1', partitionKey: 'TYPE#BillingAccount', ...request });
}

/**
 * The customer's billing accounts whose default payment method is one of `paymentMethodIds`
 * and that are not Closed: one Query of the customer's own range of gsi2 (its accounts, never a
 * Scan), filtered on the default's id. Read before a card leaves the customer's record
 * (domain/customers/default-payment-method.ts).
 */
export async function billingAccountsDefaultingTo(customerId: string, paymentMethodIds: readonly string[]): Promise<BillingAccount[]> {
  if (paymentMethodIds.length === 0) return [];
  const page = await listBillingAccounts({
    customerId,
    filters: [
      { path: ['defaultPaymentMethod', 'id'], values: [...paymentMethodIds] },
      { path: ['state'], values: ['Active', 'Suspended'] },
    ],
    offset: 0,
    limit: Number.MAX_SAFE_INTEGER,
  });
  return page.items;
}

/**
 * A change of an account's default payment method, counted on its customer's item
 * (`accountDefaultsVersion`, beside the resource: the customer's version and ETag do not move).
 * A change of the customer's cards that removes one is written conditional on the count it read
 * (customer-store.ts), so a default set meanwhile to the card being removed makes one of the two
 * writes fail instead of leaving an account with a card its customer no longer lists. With
 * `customerVersion` (a customer choosing among its own cards) the change is also conditional on
 * the customer record read, whose cards were checked.
 */
export interface DefaultPaymentMethodChange {
  customerId: string;
  customerVersion?: number;
}

function accountDefaultsCount(table: string, change: DefaultPaymentMethodChange) {
  const checked = change.customerVersion !== undefined;
  return {
    Update: {
      TableName: table,
      Key: keys.customer(change.customerId),
      UpdateExpression: 'ADD #accountDefaults :one',
      ConditionExpression: checked ? '#version = :customerVersion' : 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#accountDefaults': 'accountDefaultsVersion', ...(checked ? { '#version': 'version' } : {}) },
      ExpressionAttributeValues: { ':one': 1, ...(checked ? { ':customerVersion': change.customerVersion } : {}) },
    },
  };
}

/**
 * Writes the changed account if nobody changed it since `expectedVersion`, with its events; when
 * its default payment method changed, counts the change on its customer in the same transaction.
 */
export async function updateBillingAccount(
  account: BillingAccount,
  expectedVersion: number,
  events: DomainEvent[],
  defaultChange?: DefaultPaymentMethodChange,
  references: ReferenceCountItems = [],
): Promise<number> {
  const table = tableName();
  const firstReference = defaultChange ? 2 : 1;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          versionedResourceUpdate(table, keys.billingAccount(account.id), storedResource(account), expectedVersion),
          ...(defaultChange ? [accountDefaultsCount(table, defaultChange)] : []),
          ...references,
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw new StaleVersionError(`billing account ${account.id} changed since version ${expectedVersion}`);
    if (failed?.some((index) => index >= firstReference && index < firstReference + references.length)) {
      throw new ConcurrentTransactionError(`a record billing account ${account.id} refers to was deleted meanwhile`);
    }
    if (defaultChange && failed?.includes(1)) {
      if (defaultChange.customerVersion !== undefined) throw new ConcurrentTransactionError(`customer ${defaultChange.customerId} changed its payment methods meanwhile`);
      throw new Error(`invariant broken: billing account ${account.id}'s customer ${defaultChange.customerId} does not exist`);
    }
    throw error;
  }
  return expectedVersion + 1;
}
