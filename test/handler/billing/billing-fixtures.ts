import type { AwsClientStub } from 'aws-sdk-client-mock';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startBillRun, type BillRun } from '../../../domain/billing/bill-run.js';
import { firstBillAt } from '../../../domain/billing/billing-schedule.js';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import { computeBill } from '../../../domain/billing/bill-computation.js';
import { billIdFor, billLineResources, issueCustomerBill, newCustomerBill, type AppliedCustomerBillingRate, type CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { TestClock } from '../../../domain/billing/test-clock.js';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import type { Customer } from '../../../domain/customers/customer.js';
import { billRunPut } from '../../../functions/lib/store/bill-run-store.js';
import { allBillLinesIndexKeys, allBillsIndexKeys } from '../../../functions/lib/store/bill-store.js';
import { scheduleArming } from '../../../functions/lib/store/billing-schedule-store.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { billInput, catalog, paris, product, term } from '../../unit/domain/billing/billing-fixtures.js';
import type { FakeBillingTable, Item } from './billing-table.js';

/**
 * Billing's world for handler tests, written into the fake table as the stores write it: a
 * customer in Paris (its postal address is where its bills are taxed), its account billed on the
 * 1st in Europe/Paris, products with their charge terms, the small French catalog of the domain
 * tests, the account's schedule armed by the store's own action, runs and test clocks.
 */
export const billingApi = '/tmf-api/customerBillManagement/v4';
export const customerBillPath = `${billingApi}/customerBill`;
export const ratePath = `${billingApi}/appliedCustomerBillingRate`;
export const onDemandPath = `${billingApi}/customerBillOnDemand`;
export const billRunPath = '/billing/v1/billRun';
export const testClockPath = '/billing/v1/testClock';

/** The worked example's dates: Mobile M from 16 Jan 2027 10:00 Paris, billed on 1 Feb (00:00 Paris). */
export const mobileStart = '2027-01-16T09:00:00.000Z';
export const feb1 = '2027-01-31T23:00:00.000Z';
export const mar1 = '2027-02-28T23:00:00.000Z';
export const apr1 = '2027-03-31T22:00:00.000Z';
export const may1 = '2027-04-30T22:00:00.000Z';

export function parisCustomer(id: string, overrides: Partial<Customer> = {}): Customer {
  return customerResource({
    id,
    name: `Customer ${id}`,
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: `${id}@example.com` } },
      { mediumType: 'postalAddress', characteristic: { street1: '8 rue de Rivoli', city: 'Paris', postCode: '75004', country: 'FR' } },
    ],
    ...overrides,
  });
}

export function parisAccount(id: string, ownerId: string, overrides: Partial<BillingAccount> = {}): BillingAccount {
  return billingAccountResource({ id, ownerId, name: `Account ${id}`, billingCycleDay: 1, timeZone: 'Europe/Paris', ...overrides });
}

/** Mobile M sold in the launch promotion (20.00 − 50 %), from `from`. */
export const mobileMTerm = (from = mobileStart, extra: Partial<ChargeTerm> = {}): ChargeTerm => term('mobile-m', from, ['m-monthly', 'm-promo'], extra);

export function writeCatalog(table: FakeBillingTable): void {
  for (const offering of catalog.offerings.values()) table.put({ pk: `PRODUCT_OFFERING#${offering.id}`, sk: 'PRODUCT_OFFERING', entityType: 'ProductOffering', version: 1, resource: offering });
  for (const price of catalog.prices.values()) table.put({ pk: `PRODUCT_OFFERING_PRICE#${price.id}`, sk: 'PRODUCT_OFFERING_PRICE', entityType: 'ProductOfferingPrice', version: 1, resource: price });
}

export interface AccountSetup {
  accountId: string;
  customerId: string;
  /** Each product's terms; a product named `prod-<account>-<n>`. */
  products?: ChargeTerm[][];
  /** The account's next bill; by default the first boundary after its first product's start. */
  nextBillAt?: string;
  lastBillAt?: string;
  creditCarriedMinor?: string;
  testClockId?: string;
  customer?: Partial<Customer>;
  account?: Partial<BillingAccount>;
}

/** A customer, its account, its products and the account's schedule, armed as activation arms it. */
export function writeAccount(table: FakeBillingTable, setup: AccountSetup): void {
  const { accountId, customerId } = setup;
  const products = setup.products ?? [[mobileMTerm()]];
  table.put(customerItem(parisCustomer(customerId, setup.customer)));
  table.put(billingAccountItem(parisAccount(accountId, customerId, setup.account)));
  products.forEach((terms, index) => {
    const product = productIn('active', { id: `prod-${accountId}-${index + 1}`, name: terms[terms.length - 1]!.productOffering.name, customerId, billingAccountId: accountId });
    table.put({ ...productItem(product, 2, terms), ...(setup.testClockId ? { testClockId: setup.testClockId } : {}) });
  });
  const start = products[0]?.[0]?.from ?? mobileStart;
  table.apply(
    scheduleArming({ billingAccountId: accountId, customerId, cycleDay: paris.cycleDay, timeZone: paris.timeZone, testClockId: setup.testClockId, firstBillAt: setup.nextBillAt ?? firstBillAt(paris, start) }),
  );
  const schedule = table.get({ pk: `BILLING_ACCOUNT#${accountId}`, sk: 'BILL_SCHEDULE' })!;
  table.put({ ...schedule, ...(setup.lastBillAt ? { lastBillAt: setup.lastBillAt } : {}), ...(setup.creditCarriedMinor ? { creditCarriedMinor: setup.creditCarriedMinor } : {}) });
}

export const scheduleOf = (table: FakeBillingTable, accountId: string) => table.get({ pk: `BILLING_ACCOUNT#${accountId}`, sk: 'BILL_SCHEDULE' })!;
export const storedBill = (table: FakeBillingTable, billId: string) => table.get({ pk: `BILL#${billId}`, sk: 'BILL' });
export const seriesCounter = (table: FakeBillingTable, key: string) => table.get({ pk: `BILL_SERIES#${key}`, sk: 'BILL_SERIES' })?.lastNumber;
export const billLines = (table: FakeBillingTable, billId: string) =>
  table
    .itemsOf(`BILL#${billId}`)
    .filter((item) => String(item.sk).startsWith('LINE#'))
    .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));

export function testClock(id: string, frozenTime: string, overrides: Partial<TestClock> = {}): TestClock {
  return {
    id,
    href: `${testClockPath}/${id}`,
    '@type': 'TestClock',
    name: `Clock ${id}`,
    frozenTime,
    status: 'ready',
    createdAt: '2026-12-01T08:00:00.000Z',
    lastUpdate: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}

export const testClockItem = (clock: TestClock, version = 1): Item => ({
  pk: `TEST_CLOCK#${clock.id}`,
  sk: 'TEST_CLOCK',
  gsi1pk: 'TYPE#TestClock',
  gsi1sk: `${clock.createdAt}#${clock.id}`,
  entityType: 'TestClock',
  version,
  resource: clock,
});

/** A run as the API or a test clock recorded it, written with the store's own put. */
export function writeRun(table: FakeBillingTable, input: Partial<Parameters<typeof startBillRun>[0]> & { id: string }, counts: Partial<BillRun['counts']> = {}): BillRun {
  const run = startBillRun({ trigger: 'request', asOf: feb1, now: '2027-02-01T06:00:00.000Z', ...input });
  table.apply(billRunPut(run));
  const item = table.get({ pk: `BILL_RUN#${run.id}`, sk: 'BILL_RUN' })!;
  table.put({ ...item, ...counts });
  return run;
}

/** A bill as bill-store keeps it, with its lines (for the read handlers). */
export function billItem(bill: CustomerBill, customerId: string, version = 2): Item {
  return {
    pk: `BILL#${bill.id}`,
    sk: 'BILL',
    entityType: 'CustomerBill',
    version,
    resource: bill,
    billingAccountId: bill.billingAccount.id,
    customerId,
    creditCarriedMinor: '0',
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `CustomerBill#${bill.billDate}#${bill.id}`,
    ...allBillsIndexKeys(bill),
  };
}

export const lineItem = (line: AppliedCustomerBillingRate, customerId: string): Item => ({
  pk: `BILL#${line.bill.id}`,
  sk: `LINE#${line.id.slice(-4)}`,
  entityType: 'AppliedCustomerBillingRate',
  version: 1,
  resource: line,
  gsi2pk: `CUSTOMER#${customerId}`,
  gsi2sk: `AppliedCustomerBillingRate#${line.date}#${line.id}`,
  ...allBillLinesIndexKeys(line),
});

/** The outbox events of every transaction so far (or of one), in order, with their parsed detail. */
export function outboxEvents(mock: AwsClientStub<DynamoDBDocumentClient>, call?: number) {
  const calls = mock.commandCalls(TransactWriteCommand);
  return (call === undefined ? calls : [calls[call]!])
    .flatMap((each) => each.args[0].input.TransactItems ?? [])
    .filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ source: item.Put!.Item!.source as string, detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));
}

export const transactions = (mock: AwsClientStub<DynamoDBDocumentClient>) => mock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

/**
 * An issued bill and its lines, built by the domain as a run builds them (the worked example's
 * Mobile M unless told otherwise): for the handlers that only read bills.
 */
export function issuedBill(input: { accountId: string; customerId: string; billDate: string; previousBillDate?: string; terms?: ChargeTerm[]; billNo: string; productId?: string }): {
  bill: CustomerBill;
  lines: AppliedCustomerBillingRate[];
} {
  const draft = computeBill(
    billInput({
      account: { id: input.accountId, name: `Account ${input.accountId}`, currency: 'EUR', cycle: paris, paymentTermsDays: 14 },
      billDate: Date.parse(input.billDate),
      previousBillDate: input.previousBillDate === undefined ? undefined : Date.parse(input.previousBillDate),
      products: [product(input.productId ?? `prod-${input.accountId}-1`, input.terms ?? [mobileMTerm()])],
    }),
  );
  const bill = newCustomerBill(draft, {
    id: billIdFor(input.accountId, input.billDate),
    now: input.billDate,
    billingAccount: { id: input.accountId, name: `Account ${input.accountId}` },
    customer: { id: input.customerId, name: `Customer ${input.customerId}` },
  });
  return { bill: issueCustomerBill(bill, input.billNo, input.billDate), lines: billLineResources(bill, draft.lines) };
}

/** The bill and its lines as items of the table. */
export function writeBill(table: FakeBillingTable, issued: ReturnType<typeof issuedBill>, customerId: string): void {
  table.put(billItem(issued.bill, customerId));
  for (const line of issued.lines) table.put(lineItem(line, customerId));
}

/**
 * What the read handlers read: cust-1 with two accounts (ba-1 billed on 1 Feb and 1 Mar, ba-1b
 * on 1 Mar, Mobile L from 10 Feb) and cust-2 (ba-2 billed on 1 Feb), with the accounts.
 */
export function writeBilledWorld(table: FakeBillingTable) {
  const bills = {
    ba1Feb: issuedBill({ accountId: 'ba-1', customerId: 'cust-1', billDate: feb1, billNo: '2027-000001' }),
    ba1Mar: issuedBill({ accountId: 'ba-1', customerId: 'cust-1', billDate: mar1, previousBillDate: feb1, billNo: '2027-000007' }),
    ba1bMar: issuedBill({ accountId: 'ba-1b', customerId: 'cust-1', billDate: mar1, terms: [term('mobile-l', '2027-02-10T09:00:00.000Z', ['l-monthly'])], billNo: '2027-000006' }),
    ba2Feb: issuedBill({ accountId: 'ba-2', customerId: 'cust-2', billDate: feb1, billNo: '2027-000002' }),
  };
  writeBill(table, bills.ba1Feb, 'cust-1');
  writeBill(table, bills.ba1Mar, 'cust-1');
  writeBill(table, bills.ba1bMar, 'cust-1');
  writeBill(table, bills.ba2Feb, 'cust-2');
  table.put(billingAccountItem(parisAccount('ba-1', 'cust-1')));
  table.put(billingAccountItem(parisAccount('ba-1b', 'cust-1', { isDefault: false })));
  table.put(billingAccountItem(parisAccount('ba-2', 'cust-2')));
  return bills;
}
