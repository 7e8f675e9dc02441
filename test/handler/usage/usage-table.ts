import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import type { TestClock } from '../../../domain/billing/test-clock.js';
import type { ProductStatus } from '../../../domain/product-inventory/product.js';
import { readUsageRecord, type Usage, type UsageCreate } from '../../../domain/usage/usage.js';
import { usageItem } from '../../../functions/lib/store/usage-store.js';
import { billingAccountItem, billingAccountResource } from '../../support/fixtures.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { eur, offeringWith, price } from '../../unit/domain/pricing/pricing-fixtures.js';

/**
 * Usage tests' table: an in-memory stand-in behind the mocked document client for the calls
 * ingestion makes (GetItem, BatchGetItem, conditional PutItem and TransactWriteItems), holding
 * products with their charge terms, phone numbers, test clocks, the catalog, schedules and usage
 * records as the stores write them. A failed condition answers as DynamoDB does: a cancelled
 * transaction with a reason per action, or ConditionalCheckFailedException.
 */
export const usageApi = '/tmf-api/usageManagement/v4';
export const usagePath = `${usageApi}/usage`;
export const batchPath = '/usage/v1/usageBatch';
export const now = '2026-03-15T12:00:00.000Z';

/** Mobile charges data (GB) and SMS; Broadband has no usage price. */
export const dataOverage = price({ id: 'data-overage', name: 'Data overage', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' }, price: eur(2) });
export const smsPrice = price({ id: 'sms', name: 'SMS', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'SMS' }, price: eur(0.1) });
export const mobileMonthly = price({ id: 'mobile-monthly', name: 'Mobile monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
export const broadbandMonthly = price({ id: 'broadband-monthly', name: 'Broadband monthly', priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
export const mobileOffering = offeringWith('po-mobile', [mobileMonthly, dataOverage, smsPrice], { name: 'Mobile' });
export const broadbandOffering = offeringWith('po-broadband', [broadbandMonthly], { name: 'Broadband' });

export function chargeTerm(offering: 'po-mobile' | 'po-broadband', from: string, end?: { to: string; endedBy: 'planChange' | 'termination' }): ChargeTerm {
  return {
    from,
    ...(end ?? {}),
    productOffering: { id: offering, href: `/tmf-api/productCatalogManagement/v4/productOffering/${offering}`, name: offering === 'po-mobile' ? 'Mobile' : 'Broadband' },
    quantity: 1,
    characteristic: [],
    pinnedPrice: [],
  };
}

export const mobileTerms = [chargeTerm('po-mobile', '2026-01-01T00:00:00.000Z')];

/** The body of a record: the characteristics given, on top of a GB record of prod-1. */
export function usageBody(characteristics: Record<string, string | number | undefined> = {}, overrides: Partial<UsageCreate> = {}): UsageCreate {
  const merged = { quantity: 1.5, unit: 'GB', recordId: 'cdr-1', productId: 'prod-1', ...characteristics };
  return {
    usageDate: '2026-03-01T10:00:00Z',
    usageType: 'data',
    usageCharacteristic: Object.entries(merged).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }])),
    ...overrides,
  };
}

type Item = Record<string, unknown>;

/** What DynamoDB answers for a ProjectionExpression of paths like `#a.#b, #c`: only those attributes, nested as stored. */
function projected(item: Item, expression: string, names: Record<string, string>): Item {
  const answer: Item = {};
  for (const path of expression.split(',').map((part) => part.trim().split('.').map((name) => names[name] ?? name))) {
    let from: unknown = item;
    let to = answer;
    path.forEach((name, depth) => {
      from = (from as Item | undefined)?.[name];
      if (from === undefined) return;
      if (depth === path.length - 1) to[name] = from;
      else to = (to[name] ??= {}) as Item;
    });
  }
  return answer;
}
const keyOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;

export class FakeUsageTable {
  readonly items = new Map<string, Item>();

  install(mock: AwsClientStub<DynamoDBDocumentClient>): this {
    mock.on(GetCommand).callsFake((input: GetCommandInput) => ({ Item: this.read(input.Key!) }));
    mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
          table,
          (request.Keys ?? []).flatMap((key) => {
            const item = this.read(key);
            return item === undefined ? [] : [request.ProjectionExpression ? projected(item, request.ProjectionExpression, request.ExpressionAttributeNames ?? {}) : item];
          }),
        ]),
      ),
    }));
    mock.on(PutCommand).callsFake((input: PutCommandInput) => {
      if (!this.holds(input)) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      this.write(input.Item!);
      return {};
    });
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      const actions = input.TransactItems ?? [];
      const reasons = actions.map((action) => ({ Code: action.Put && !this.holds(action.Put) ? 'ConditionalCheckFailed' : 'None' }));
      if (reasons.some((reason) => reason.Code !== 'None')) {
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
      }
      for (const action of actions) {
        if (!action.Put) throw new Error('the fake usage table writes only Put actions');
        this.write(action.Put.Item!);
      }
      return {};
    });
    // Arming a schedule again: the tests read the call, the fake keeps nothing of it.
    mock.on(UpdateCommand).resolves({});
    return this;
  }

  private read(key: Record<string, unknown>): Item | undefined {
    const item = this.items.get(keyOf(key));
    return item === undefined ? undefined : structuredClone(item);
  }

  private write(item: Record<string, unknown>): void {
    this.items.set(keyOf(item), structuredClone(item));
  }

  /** The two conditions the usage store writes with: a new record, or the version read. */
  private holds(input: { Item?: Record<string, unknown>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> }): boolean {
    const existing = this.items.get(keyOf(input.Item!));
    if (input.ConditionExpression === 'attribute_not_exists(pk)') return existing === undefined;
    if (input.ConditionExpression === 'version = :expected') return existing !== undefined && existing.version === input.ExpressionAttributeValues![':expected'];
    throw new Error(`the fake usage table does not know the condition ${input.ConditionExpression}`);
  }

  /** A product of cust-1 billed to ba-1, with its charge terms (and test clock). */
  product(id: string, options: { status?: ProductStatus; customerId?: string; billingAccountId?: string; terms?: ChargeTerm[]; testClockId?: string } = {}): this {
    const product = productIn(options.status ?? 'active', { id, name: `Product ${id}`, customerId: options.customerId ?? 'cust-1', billingAccountId: options.billingAccountId ?? 'ba-1' });
    const item = { ...productItem(product, 1, options.terms ?? mobileTerms), ...(options.testClockId ? { testClockId: options.testClockId } : {}) };
    this.write(item);
    return this;
  }

  phoneNumber(phoneNumber: string, assignments: { productId: string; from: string; to?: string }[]): this {
    this.write({ pk: `PHONE_NUMBER#${phoneNumber}`, sk: 'PHONE_NUMBER', entityType: 'PhoneNumber', assignments });
    return this;
  }

  testClock(id: string, frozenTime: string): this {
    const clock: TestClock = { id, href: `/billing/v1/testClock/${id}`, '@type': 'TestClock', name: id, frozenTime, status: 'ready', createdAt: '2026-01-01T00:00:00.000Z', lastUpdate: '2026-01-01T00:00:00.000Z' };
    this.write({ pk: `TEST_CLOCK#${id}`, sk: 'TEST_CLOCK', entityType: 'TestClock', version: 1, resource: clock });
    return this;
  }

  /** The demo-like catalog: Mobile and Broadband with their prices. */
  catalog(): this {
    for (const offering of [mobileOffering, broadbandOffering]) this.write({ pk: `PRODUCT_OFFERING#${offering.id}`, sk: 'PRODUCT_OFFERING', resource: offering });
    for (const each of [mobileMonthly, dataOverage, smsPrice, broadbandMonthly]) this.write({ pk: `PRODUCT_OFFERING_PRICE#${each.id}`, sk: 'PRODUCT_OFFERING_PRICE', resource: each });
    return this;
  }

  /** An account's billing schedule; resting (not due) unless `nextBillAt` is given. */
  schedule(billingAccountId: string, nextBillAt?: string): this {
    this.write({
      pk: `BILLING_ACCOUNT#${billingAccountId}`,
      sk: 'BILL_SCHEDULE',
      entityType: 'BillingSchedule',
      billingAccountId,
      customerId: 'cust-1',
      cycleDay: 1,
      timeZone: 'UTC',
      creditCarriedMinor: '0',
      lastBillAt: '2026-03-01T00:00:00.000Z',
      version: 3,
      ...(nextBillAt ? { nextBillAt } : {}),
    });
    return this;
  }

  /** A billing account owned by `customerId`, as the account store keeps it. */
  billingAccount(id: string, customerId: string): this {
    this.write(billingAccountItem(billingAccountResource({ id, ownerId: customerId, name: id })));
    return this;
  }

  /** A stored record, as the usage store writes it. */
  usage(usage: Usage, stored: { productId?: string; customerId?: string; billingAccountId?: string; version?: number } = {}): this {
    const record = readUsageRecord(usage);
    this.write(usageItem({ usage, productId: stored.productId, customerId: stored.customerId, billingAccountId: stored.billingAccountId, quantity: record.quantity, unit: record.unit, recordId: record.recordId }, stored.version));
    return this;
  }

  storedUsage(id: string): Item | undefined {
    return this.read({ pk: `USAGE#${id}`, sk: 'USAGE' });
  }

  get usageItems(): Item[] {
    return [...this.items.values()].filter((item) => item.entityType === 'Usage');
  }
}
