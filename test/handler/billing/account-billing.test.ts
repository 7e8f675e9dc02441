import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { seriesOf } from '../../../domain/billing/bill-numbering.js';
import { billIdFor, type CustomerBill } from '../../../domain/billing/customer-bill.js';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { billsPerTransaction, draftNextBill, issueBills, type BillingContext, type DraftedBill } from '../../../functions/billing/account-billing.js';
import { putBillDraft } from '../../../functions/lib/store/bill-store.js';
import { findSchedule, scheduleAfterBill } from '../../../functions/lib/store/billing-schedule-store.js';
import { simulatedTaxProvider } from '../../../functions/lib/providers/simulated-tax-provider.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { billLines, feb1, mar1, mobileMTerm, mobileStart, outboxEvents, scheduleOf, seriesCounter, storedBill, transactions, writeAccount, writeCatalog } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

/** The bills are written at 02:00 on 1 Feb (UTC), the morning run. */
const now = '2027-02-01T02:00:00.000Z';
const context: BillingContext = { taxProvider: simulatedTaxProvider, paymentTermsDays: 14, correlationId: 'corr-run-1', now };
const billId = billIdFor('ba-1', feb1);

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
});

async function draft(accountId = 'ba-1', options: { offCycleAt?: string } = {}) {
  const schedule = await findSchedule(accountId);
  return draftNextBill({ ...schedule!, nextBillAt: schedule!.nextBillAt! }, context, options);
}

async function drafted(accountId = 'ba-1'): Promise<DraftedBill> {
  const outcome = await draft(accountId);
  if (outcome.kind !== 'drafted') throw new Error(`${accountId} had nothing to bill`);
  return outcome;
}

describe('draftNextBill', () => {
  it('writes the worked example `new` with its two lines: Mobile M from 16 Jan 10:00 Paris billed on 1 Feb is 5.03 + 10.00 = 15.03', async () => {
    const outcome = await drafted();
    expect(outcome.bill).toMatchObject({
      id: billId,
      href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`,
      state: 'new',
      runType: 'onCycle',
      billDate: feb1,
      billingPeriod: { startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: feb1 },
      paymentDueDate: '2027-02-14T23:00:00.000Z',
      nextBillDate: mar1,
      amountDue: { unit: 'EUR', value: 15.03 },
      remainingAmount: { unit: 'EUR', value: 15.03 },
      taxIncludedAmount: { unit: 'EUR', value: 15.03 },
      taxExcludedAmount: { unit: 'EUR', value: 12.52 },
      taxItem: [{ taxCategory: 'telecommunications', taxRate: 20, taxAmount: { unit: 'EUR', value: 2.51 }, '@type': 'TaxItem' }],
      billingAccount: { id: 'ba-1', name: 'Account ba-1' },
      relatedParty: [{ id: 'cust-1', name: 'Customer cust-1', role: 'Customer' }],
      lastUpdate: now,
      lineCount: 2,
    });
    expect(outcome.bill.billNo).toBeUndefined();
    expect(outcome.series).toEqual({ key: '2027', prefix: '2027-' });
    expect(outcome.customerId).toBe('cust-1');
    expectValidTmf(tmf678, 'CustomerBill', outcome.bill);

    // Written as built, under the customer (gsi2), only if it is not issued already.
    const put = documentMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({
      Item: { pk: `BILL#${billId}`, sk: 'BILL', entityType: 'CustomerBill', version: 1, customerId: 'cust-1', creditCarriedMinor: '0', gsi2pk: 'CUSTOMER#cust-1', gsi2sk: `CustomerBill#${feb1}#${billId}` },
      ConditionExpression: 'attribute_not_exists(pk) OR #resource.#state = :new',
      ExpressionAttributeValues: { ':new': 'new' },
    });
    expect(storedBill(table, billId)!.resource).toEqual(outcome.bill);

    const lines = billLines(table, billId);
    expect(lines.map((line) => [line.sk, line.gsi2pk])).toEqual([
      ['LINE#0001', 'CUSTOMER#cust-1'],
      ['LINE#0002', 'CUSTOMER#cust-1'],
    ]);
    const resources = lines.map((line) => line.resource as Record<string, any>);
    expect(resources.map((line) => [line.id, line.type, line.periodCoverage, line.taxIncludedAmount.value, line.taxExcludedAmount.value])).toEqual([
      [`${billId}-0001`, 'recurring', { startDateTime: mobileStart, endDateTime: feb1 }, 5.03, 4.19],
      [`${billId}-0002`, 'recurring', { startDateTime: feb1, endDateTime: mar1 }, 10, 8.33],
    ]);
    expect(resources[0]).toMatchObject({
      name: 'Mobile M monthly',
      bill: { id: billId, '@referredType': 'CustomerBill' },
      billingAccount: { id: 'ba-1' },
      product: { id: 'prod-ba-1-1', name: 'Mobile M', '@referredType': 'Product' },
      appliedTax: [{ taxCategory: 'telecommunications', taxRate: 20, '@type': 'AppliedBillingTaxRate' }],
      characteristic: [{ name: 'productOfferingPrice', value: 'm-monthly' }],
    });
    for (const line of resources) expectValidTmf(tmf678, 'AppliedCustomerBillingRate', line);
  });

  it('hands the issuing transaction the schedule moving on to 1 Mar, conditional on the date it billed; the schedule itself is not touched yet', async () => {
    const outcome = await drafted();
    expect(outcome.also).toEqual([
      {
        Update: expect.objectContaining({
          Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILL_SCHEDULE' },
          ConditionExpression: '#next = :billed',
          ExpressionAttributeValues: expect.objectContaining({ ':billed': feb1, ':next': mar1, ':last': feb1, ':credit': '0', ':dueSk': `${mar1}#ba-1` }),
        }),
      },
    ]);
    expect(scheduleOf(table, 'ba-1')).toMatchObject({ nextBillAt: feb1, gsi3sk: `${feb1}#ba-1` });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a bill dated 1 January in Paris is in the series of its local year, though it is still 31 December in UTC', async () => {
    table.items.clear();
    writeCatalog(table);
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', products: [[mobileMTerm('2026-12-10T09:00:00.000Z')]] });
    const outcome = await drafted();
    expect(outcome.bill.billDate).toBe('2026-12-31T23:00:00.000Z');
    expect(outcome.series).toEqual({ key: '2027', prefix: '2027-' });
  });

  it('an account whose product ended before its last bill has nothing to bill: no bill written, the schedule comes to rest', async () => {
    table.items.clear();
    writeCatalog(table);
    // Terminated on 20 Jan: the 1 Feb bill knew it and credited the rest of January.
    writeAccount(table, {
      accountId: 'ba-1',
      customerId: 'cust-1',
      products: [[mobileMTerm('2026-11-10T09:00:00.000Z', { to: '2027-01-20T09:00:00.000Z', endedBy: 'termination' })]],
      nextBillAt: mar1,
      lastBillAt: feb1,
    });
    const outcome = await draft();
    expect(outcome).toEqual({ kind: 'nothing', billedAt: mar1, scheduleAfter: expect.objectContaining({ lastBillAt: mar1, creditCarriedMinor: '0' }) });
    expect(outcome.kind === 'nothing' && outcome.scheduleAfter.nextBillAt).toBeUndefined();
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('an off-cycle bill is dated at the instant asked for and charges the period up to it', async () => {
    const at = '2027-01-20T10:00:00.000Z';
    const outcome = await draft('ba-1', { offCycleAt: at });
    expect(outcome.kind).toBe('drafted');
    const bill = (outcome as DraftedBill).bill;
    expect(bill).toMatchObject({ id: billIdFor('ba-1', at), billDate: at, runType: 'offCycle' });
    expectValidTmf(tmf678, 'CustomerBill', bill);
  });

  it('a bill rebuilt after a failed attempt replaces its lines: those beyond the new count are deleted', async () => {
    const first = await drafted();
    // The earlier attempt wrote three lines; this one writes two.
    table.put({ ...storedBill(table, billId)!, resource: { ...first.bill, lineCount: 3 } });
    table.put({ ...billLines(table, billId)[0]!, sk: 'LINE#0003' });
    documentMock.resetHistory();
    await drafted();
    const writes = documentMock.commandCalls(BatchWriteCommand).flatMap((call) => Object.values(call.args[0].input.RequestItems!).flat());
    expect(writes.filter((write) => write.DeleteRequest).map((write) => write.DeleteRequest!.Key)).toEqual([{ pk: `BILL#${billId}`, sk: 'LINE#0003' }]);
    expect(billLines(table, billId).map((line) => line.sk)).toEqual(['LINE#0001', 'LINE#0002']);
  });

  it('refuses to rebuild a bill another run issued meanwhile, and says which', async () => {
    await drafted();
    table.put({ ...storedBill(table, billId)!, resource: { ...(storedBill(table, billId)!.resource as CustomerBill), state: 'validated', billNo: '2027-000001' } });
    await expect(draft()).rejects.toThrow(`bill ${billId} is already validated, but the account is still due on ${feb1}`);
  });

  it('refuses to bill a customer without a postal address: its bill could not be taxed', async () => {
    table.put({ ...table.get({ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' })!, resource: { ...(table.get({ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' })!.resource as object), contactMedium: [] } });
    await expect(draft()).rejects.toThrow('customer cust-1 has no postal address with a country: its bill cannot be taxed');
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('issueBills', () => {
  it('numbers the bill, issues it `validated`, moves the schedule on and records CustomerBillIssued, in one transaction', async () => {
    const outcome = await drafted();
    const result = await issueBills([outcome], { correlationId: 'corr-run-1', now: '2027-02-01T02:00:05.000Z' });
    expect(result).toMatchObject({ issuedElsewhere: [], notIssued: [] });
    const [issued, ...rest] = result.issued;
    expect(rest).toEqual([]);
    expect(issued).toEqual({
      ...outcome.bill,
      billNo: '2027-000001',
      state: 'validated',
      lastUpdate: '2027-02-01T02:00:05.000Z',
      billDocument: [{ id: `${outcome.bill.id}-document`, url: `/tmf-api/customerBillManagement/v4/customerBill/${outcome.bill.id}/document`, name: '2027-000001.pdf', mimeType: 'application/pdf', '@type': 'Attachment' }],
    });
    expectValidTmf(tmf678, 'CustomerBill', issued);

    const [actions] = transactions(documentMock);
    expect(actions).toHaveLength(6);
    expect(actions![0]!.Update).toMatchObject({
      Key: { pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES' },
      ConditionExpression: 'attribute_not_exists(#last) AND #holder = :holder',
      ExpressionAttributeValues: { ':last': 1, ':type': 'BillSeries', ':holder': expect.any(String) },
    });
    expect(actions![1]!.Update).toMatchObject({ Key: { pk: `BILL#${billId}`, sk: 'BILL' }, ConditionExpression: '#resource.#state = :new', ExpressionAttributeValues: { ':resource': issued, ':new': 'new' } });
    expect(actions![2]).toEqual(outcome.also[0]);
    // The bill enters its account's ledger in the same transaction: the entry, and the balance it adds to.
    expect(actions![3]!.Put).toMatchObject({
      Item: { pk: 'BILLING_ACCOUNT#ba-1', sk: `LEDGER#2027-02-01T02:00:05.000Z#bill-${billId}`, resource: { kind: 'bill', amount: issued!.amountDue, recordedAt: '2027-02-01T02:00:05.000Z' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(actions![4]!.Update).toMatchObject({ Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' }, UpdateExpression: 'ADD #balance :amount', ExpressionAttributeValues: { ':amount': Math.round(issued!.amountDue.value * 100) } });

    const [event] = outboxEvents(documentMock);
    expect(event).toMatchObject({ source: 'bss.billing', detailType: 'CustomerBillIssued' });
    const detail = CustomerBillIssued.parseDetail(event!.detail);
    expect(detail.metadata).toMatchObject({ occurredAt: '2027-02-01T02:00:05.000Z', correlationId: 'corr-run-1' });
    expect(detail.data.bill).toEqual({
      id: billId,
      href: issued!.href,
      billNo: '2027-000001',
      billDate: feb1,
      paymentDueDate: '2027-02-14T23:00:00.000Z',
      runType: 'onCycle',
      state: 'validated',
      billingAccountId: 'ba-1',
      customerId: 'cust-1',
      amountDue: { unit: 'EUR', value: 15.03 },
      taxExcludedAmount: { unit: 'EUR', value: 12.52 },
      taxIncludedAmount: { unit: 'EUR', value: 15.03 },
    });

    // What the table holds afterwards.
    expect(storedBill(table, billId)).toMatchObject({ version: 2, resource: issued });
    expect(seriesCounter(table, '2027')).toBe(1);
    expect(scheduleOf(table, 'ba-1')).toMatchObject({ nextBillAt: mar1, lastBillAt: feb1, gsi3sk: `${mar1}#ba-1`, version: 2 });
  });

  it('numbers in the order given, consecutively per series, each counter moving from the number read to the last given', async () => {
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2' });
    writeAccount(table, { accountId: 'ba-3', customerId: 'cust-3', testClockId: 'clock-7f3a9c21-b' });
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 41 });
    const bills = [await drafted('ba-2'), await drafted('ba-3'), await drafted('ba-1')];
    expect(bills[1]!.series).toEqual(seriesOf(feb1, 'Europe/Paris', 'clock-7f3a9c21-b'));

    const { issued } = await issueBills(bills, context);
    expect(issued.map((bill) => [bill.billingAccount.id, bill.billNo])).toEqual([
      ['ba-2', '2027-000042'],
      ['ba-3', 'TEST-clock-7f-2027-000001'],
      ['ba-1', '2027-000043'],
    ]);
    const [actions] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(1);
    const counters = actions!.slice(0, 2).map((action) => action.Update!);
    expect(counters.map((counter) => [counter.Key!.pk, counter.ConditionExpression, counter.ExpressionAttributeValues])).toEqual([
      ['BILL_SERIES#2027', '#last = :read AND #holder = :holder', { ':last': 43, ':type': 'BillSeries', ':read': 41, ':holder': expect.any(String) }],
      ['BILL_SERIES#test-clock-clock-7f3a9c21-b-2027', 'attribute_not_exists(#last) AND #holder = :holder', { ':last': 1, ':type': 'BillSeries', ':holder': expect.any(String) }],
    ]);
    expect(outboxEvents(documentMock).map((event) => [event.detail.data.bill.billNo, event.detail.data.bill.testClockId])).toEqual([
      ['2027-000042', undefined],
      ['TEST-clock-7f-2027-000001', 'clock-7f3a9c21-b'],
      ['2027-000043', undefined],
    ]);
    expect(seriesCounter(table, '2027')).toBe(43);
    expect(seriesCounter(table, 'test-clock-clock-7f3a9c21-b-2027')).toBe(1);
  });

  it(`issues at most ${billsPerTransaction} bills per transaction: one more is a second transaction, numbered on from the first`, async () => {
    const bills: DraftedBill[] = [];
    for (let index = 0; index <= billsPerTransaction; index += 1) bills.push(await writtenBill(`ba-${index}`));
    const { issued } = await issueBills(bills, context);
    expect(issued.map((bill) => bill.billNo)).toEqual(Array.from({ length: billsPerTransaction + 1 }, (_, index) => `2027-${String(index + 1).padStart(6, '0')}`));
    const [first, second] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(2);
    // 1 counter + per bill (bill, schedule, ledger entry, balance, event): within DynamoDB's 100 actions.
    expect(first).toHaveLength(1 + billsPerTransaction * 5);
    expect(first!.length).toBeLessThanOrEqual(100);
    expect(second).toHaveLength(6);
    expect(second![0]!.Update).toMatchObject({ ConditionExpression: '#last = :read AND #holder = :holder', ExpressionAttributeValues: { ':read': billsPerTransaction, ':last': billsPerTransaction + 1 } });
  });

  it('a transaction that loses the race for a counter reads it again and numbers on from there', async () => {
    const outcome = await drafted();
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      // Another run issues five bills of the same series first.
      table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 5 });
    };
    const billReads = () => documentMock.commandCalls(GetCommand).filter((call) => call.args[0].input.Key?.pk === `BILL#${billId}`).length;
    const readsBefore = billReads();
    const {
      issued: [issued],
    } = await issueBills([outcome], context);
    expect(issued!.billNo).toBe('2027-000006');
    // Only the counter failed: the bill itself is not read again.
    expect(billReads()).toBe(readsBefore);
    const [lost, won] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(2);
    expect(lost![0]!.Update!.ConditionExpression).toBe('attribute_not_exists(#last) AND #holder = :holder');
    expect(won![0]!.Update).toMatchObject({ ConditionExpression: '#last = :read AND #holder = :holder', ExpressionAttributeValues: { ':read': 5, ':last': 6 } });
    expect(outboxEvents(documentMock, 1).map((event) => event.detail.data.bill.billNo)).toEqual(['2027-000006']);
    expect(seriesCounter(table, '2027')).toBe(6);
    expect(storedBill(table, billId)!.resource).toMatchObject({ state: 'validated', billNo: '2027-000006' });
  });

  it('a bill another run issued meanwhile is left out of the retry; the others are numbered without a gap', async () => {
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2' });
    const mine = await drafted('ba-1');
    const theirs = await drafted('ba-2');
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      const stored = storedBill(table, theirs.bill.id)!;
      table.put({ ...stored, resource: { ...(stored.resource as CustomerBill), state: 'validated', billNo: '2027-000001' } });
      table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 1 });
    };
    const { issued, issuedElsewhere, notIssued } = await issueBills([theirs, mine], context);
    expect(issued.map((bill) => [bill.id, bill.billNo])).toEqual([[mine.bill.id, '2027-000002']]);
    expect(issuedElsewhere).toEqual([theirs]);
    expect(notIssued).toEqual([]);
    const retry = transactions(documentMock)[1]!;
    expect(retry.map((action) => action.Update?.Key?.pk ?? action.Put?.Item?.pk)).toEqual([
      'BILL_SERIES#2027',
      `BILL#${mine.bill.id}`,
      'BILLING_ACCOUNT#ba-1',
      'BILLING_ACCOUNT#ba-1',
      'BILLING_ACCOUNT#ba-1',
      expect.stringMatching(/^OUTBOX#/),
    ]);
    expect(seriesCounter(table, '2027')).toBe(2);
  });

  it('every bill of the batch issued by another run: nothing is written again', async () => {
    const outcome = await drafted();
    table.beforeTransaction = () => {
      const stored = storedBill(table, billId)!;
      table.put({ ...stored, resource: { ...(stored.resource as CustomerBill), state: 'validated', billNo: '2027-000001' } });
    };
    await expect(issueBills([outcome], context)).resolves.toEqual({ issued: [], issuedElsewhere: [outcome], notIssued: [] });
    expect(transactions(documentMock)).toHaveLength(1);
    expect(storedBill(table, billId)!.resource).toMatchObject({ billNo: '2027-000001' });
  });

  it('an error other than a failed condition is not taken for a race: those bills are not issued, with the error, nothing numbered; the next transaction goes on', async () => {
    const bills: DraftedBill[] = [];
    for (let index = 0; index <= billsPerTransaction; index += 1) bills.push(await writtenBill(`ba-${index}`));
    let calls = 0;
    table.beforeTransaction = () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    const { issued, notIssued } = await issueBills(bills, context);
    expect(notIssued.map(({ draft, reason }) => [draft.bill.id, reason])).toEqual(bills.slice(0, billsPerTransaction).map((bill) => [bill.bill.id, 'Rate exceeded']));
    expect(notIssued[0]!.error).toMatchObject({ name: 'ThrottlingException' });
    expect(issued.map((bill) => [bill.id, bill.billNo])).toEqual([[bills[billsPerTransaction]!.bill.id, '2027-000001']]);
    expect(seriesCounter(table, '2027')).toBe(1);
    expect(storedBill(table, bills[0]!.bill.id)!.resource).toMatchObject({ state: 'new' });
  });

  it('a concurrent transaction on the same items (TransactionConflict) is a lost race: retried, not an error', async () => {
    const outcome = await drafted();
    let calls = 0;
    table.beforeTransaction = () => {
      calls += 1;
      if (calls === 1) throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }] });
      if (calls === 2) throw new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
    };
    const { issued, notIssued } = await issueBills([outcome], context);
    expect(notIssued).toEqual([]);
    expect(issued.map((bill) => bill.billNo)).toEqual(['2027-000001']);
    expect(transactions(documentMock)).toHaveLength(3);
  });

  it('a bill whose schedule moved meanwhile (another run billed the account) is not issued, with the reason; the others are', async () => {
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2' });
    const mine = await drafted('ba-1');
    const moved = await drafted('ba-2');
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      table.put({ ...table.get({ pk: 'BILLING_ACCOUNT#ba-2', sk: 'BILL_SCHEDULE' })!, nextBillAt: mar1 });
    };
    const { issued, issuedElsewhere, notIssued } = await issueBills([moved, mine], context);
    expect(issued.map((bill) => [bill.id, bill.billNo])).toEqual([[mine.bill.id, '2027-000001']]);
    expect(issuedElsewhere).toEqual([]);
    expect(notIssued).toEqual([{ draft: moved, reason: expect.stringContaining('the schedule of billing account ba-2 moved') }]);
    expect(storedBill(table, moved.bill.id)!.resource).toMatchObject({ state: 'new' });
  });

  it('counters that keep moving: after the time limit the bills are not issued, with the reason, and nothing is thrown', async () => {
    const outcome = await drafted();
    let lastNumber = 0;
    table.beforeTransaction = () => {
      lastNumber += 1;
      table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber });
    };
    const { issued, notIssued } = await issueBills([outcome], context, { timeLimitMs: 50 });
    expect(issued).toEqual([]);
    expect(notIssued).toEqual([{ draft: outcome, reason: expect.stringMatching(/^could not number 1 bills in \d+ s \(\d+ attempts\): the series counters kept moving, or others held their numbering turn$/) }]);
    expect(transactions(documentMock).length).toBeGreaterThan(1);
    expect(storedBill(table, billId)!.resource).toMatchObject({ state: 'new' });
  });

  it('takes the numbering turn before the transaction (which also reads the last number) and ends it with the transaction', async () => {
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 7 });
    const counterReads = () => documentMock.commandCalls(GetCommand).filter((call) => call.args[0].input.Key?.pk === 'BILL_SERIES#2027').length;
    const { issued } = await issueBills([await drafted()], context);
    expect(issued.map((bill) => bill.billNo)).toEqual(['2027-000008']);
    const [taken] = documentMock.commandCalls(UpdateCommand).filter((call) => call.args[0].input.Key?.pk === 'BILL_SERIES#2027');
    expect(taken!.args[0].input).toMatchObject({ ConditionExpression: 'attribute_not_exists(#holder) OR #holder = :holder OR #until < :now', ReturnValues: 'ALL_NEW' });
    expect(counterReads()).toBe(0);
    const [actions] = transactions(documentMock);
    expect(actions![0]!.Update).toMatchObject({ UpdateExpression: 'SET #last = :last, #entityType = :type REMOVE #holder, #until', ExpressionAttributeValues: { ':holder': taken!.args[0].input.ExpressionAttributeValues![':holder'] } });
    expect(table.get({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES' })).toEqual({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 8 });
  });

  it("another's numbering turn: no transaction is sent until it ends (or runs out), then the bills are numbered on from that holder's", async () => {
    const outcome = await drafted();
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 3, turnHolder: 'another-page', turnUntil: Date.now() + 60_000 });
    // The other page numbers two bills and ends its turn, a little later.
    setTimeout(() => table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 5 }), 60);
    const { issued } = await issueBills([outcome], { ...context, issueDeadline: Date.now() + 60_000 });
    expect(issued.map((bill) => bill.billNo)).toEqual(['2027-000006']);
    expect(transactions(documentMock)).toHaveLength(1);

    // A turn whose holder died runs out: it is taken over.
    const next = await writtenBill('ba-9');
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 6, turnHolder: 'a-dead-page', turnUntil: Date.now() - 1 });
    expect((await issueBills([next], context)).issued.map((bill) => bill.billNo)).toEqual(['2027-000007']);
  });

  it("a turn others hold past the deadline: the bills are not issued, with the reason, without a transaction sent", async () => {
    const outcome = await drafted();
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 3, turnHolder: 'another-page', turnUntil: Date.now() + 60_000 });
    const { issued, notIssued } = await issueBills([outcome], context, { timeLimitMs: 50 });
    expect(issued).toEqual([]);
    expect(notIssued).toEqual([{ draft: outcome, reason: expect.stringContaining('or others held their numbering turn') }]);
    expect(transactions(documentMock)).toHaveLength(0);
    expect(table.get({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES' })).toMatchObject({ turnHolder: 'another-page', lastNumber: 3 });
  });

  it("a turn asked for while another's issuing transaction holds the counter (TransactionConflictException) is waited for like a taken one", async () => {
    const outcome = await drafted();
    let conflicts = 2;
    table.beforeUpdate = (input) => {
      if (input.Key?.pk !== 'BILL_SERIES#2027' || conflicts === 0) return;
      conflicts -= 1;
      throw new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
    };
    const { issued, notIssued } = await issueBills([outcome], context);
    expect(notIssued).toEqual([]);
    expect(issued.map((bill) => bill.billNo)).toEqual(['2027-000001']);
    expect(conflicts).toBe(0);
    expect(transactions(documentMock)).toHaveLength(1);
  });

  it('a turn taken for bills that all turn out issued elsewhere is given back, not left to run out', async () => {
    const outcome = await drafted();
    table.beforeTransaction = () => {
      const stored = storedBill(table, billId)!;
      table.put({ ...stored, resource: { ...(stored.resource as CustomerBill), state: 'validated', billNo: '2027-000001' } });
    };
    await expect(issueBills([outcome], context)).resolves.toEqual({ issued: [], issuedElsewhere: [outcome], notIssued: [] });
    expect(table.get({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES' })).toEqual({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries' });
  });

  it("counters that keep moving past a billing page's deadline: the bills are not issued; until then they keep trying, however long the race", async () => {
    const outcome = await drafted();
    let lastNumber = 0;
    let moves = 8;
    table.beforeTransaction = () => {
      if (moves === 0) return;
      moves -= 1;
      lastNumber += 1;
      table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber });
    };
    const past = await issueBills([outcome], { ...context, issueDeadline: Date.now() - 1 });
    expect(past.notIssued).toEqual([{ draft: outcome, reason: expect.stringContaining('the series counters kept moving') }]);

    // The same race, with the page's time still ahead: it outlasts the counter's seven other moves and takes the number after them.
    const later = await issueBills([outcome], { ...context, issueDeadline: Date.now() + 60_000 });
    expect(later.notIssued).toEqual([]);
    expect(later.issued.map((bill) => bill.billNo)).toEqual(['2027-000009']);
  });
});

/** A bill written `new` for an account of its own, as draftNextBill leaves it: for batches larger than a fixture is worth building. */
async function writtenBill(accountId: string): Promise<DraftedBill> {
  writeAccount(table, { accountId, customerId: `cust-${accountId}` });
  const base = (await drafted('ba-1')).bill;
  const bill: CustomerBill = { ...base, id: billIdFor(accountId, feb1), href: `${base.href.replace(base.id, billIdFor(accountId, feb1))}`, billingAccount: { ...base.billingAccount, id: accountId } };
  await putBillDraft(bill, [], { customerId: `cust-${accountId}`, creditCarriedMinor: '0' });
  const schedule = (await findSchedule(accountId))!;
  return { kind: 'drafted', bill, series: seriesOf(feb1, 'Europe/Paris'), customerId: `cust-${accountId}`, also: [scheduleAfterBill({ ...schedule, nextBillAt: mar1, lastBillAt: feb1 }, feb1)] };
}
