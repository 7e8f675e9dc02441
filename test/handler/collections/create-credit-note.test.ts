import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../../domain/billing/customer-bill.js';
import { CreditNoteIssued } from '../../../domain/events/collections-events.js';
import { handler as createCreditNote } from '../../../functions/collections/create-credit-note.js';
import { handler as createPayment } from '../../../functions/collections/create-payment.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { billItem, lineItem, outboxEvents, seriesCounter, testClock, testClockItem } from '../billing/billing-fixtures.js';
import type { FakeBillingTable } from '../billing/billing-table.js';
import { balanceOf, billNow, creditOf, installCollectionsTable, ledgerOfAccount, paymentPath, writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const creditNotePath = '/collections/v1/creditNote';
const now = '2027-03-05T10:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const credit = (body: Record<string, unknown>, options: { claims?: Claims; key?: string } = {}) =>
  invoke(
    createCreditNote,
    apiEvent({ method: 'POST', path: creditNotePath, body: { bill: { id: 'feb' }, reason: 'network outage', ...body }, headers: { 'x-correlation-id': 'corr-cn-1', ...(options.key ? { 'idempotency-key': options.key } : {}) }, claims: options.claims ?? agentClaims }),
    lambdaContext('create-credit-note'),
  );
const cash = async (value: number) => {
  const answer = await invoke(createPayment, apiEvent({ method: 'POST', path: paymentPath, body: { account: { id: 'ba-1' }, totalAmount: eur(value), paymentMethod: { id: 'receipt-1', name: 'cash' } }, claims: agentClaims }), lambdaContext('create-payment'));
  expect(answer.statusCode).toBe(201);
};
const issuedEvents = () => outboxEvents(documentMock).filter((event) => event.detailType === 'CreditNoteIssued').map((event) => CreditNoteIssued.parseDetail(event.detail).data);

/** A bill line as billing writes it: 29.99 incl. 20 % VAT, 10.00 incl. 5.5 %, and a credit line. */
function rate(billId: string, index: number, type: AppliedCustomerBillingRate['type'], taxExcluded: number, tax: number, taxRate: number): AppliedCustomerBillingRate {
  const id = `${billId}-${String(index).padStart(4, '0')}`;
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${id}`,
    '@type': 'AppliedCustomerBillingRate',
    name: `line ${index}`,
    description: `line ${index}`,
    type,
    date: '2027-02-01T00:00:00.000Z',
    isBilled: true,
    bill: { id: billId, href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`, '@referredType': 'CustomerBill' },
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
    taxExcludedAmount: eur(taxExcluded),
    taxIncludedAmount: eur(Math.round((taxExcluded + tax) * 100) / 100),
    appliedTax: taxRate === 0 ? [] : [{ taxCategory: 'VAT', taxRate, taxAmount: eur(tax), '@type': 'AppliedBillingTaxRate' }],
  };
}

/** Bill `id` of 39.99 EUR (29.99 + 10.00 of charges), issued, owing it all, in the ledger. */
function writeTaxedBill(id: string, billDate: string, testClockId?: string): CustomerBill {
  const bill = writeIssuedBill(table, { id, amount: 39.99, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z', billDate, ...(testClockId ? { testClockId } : {}) });
  for (const line of [rate(id, 1, 'recurring', 24.99, 5, 20), rate(id, 2, 'oneTime', 9.48, 0.52, 5.5), rate(id, 3, 'credit', 0, 0, 0)]) table.put(lineItem(line, 'cust-1'));
  return bill;
}
const cents = (amount: { value: number }) => Math.round(amount.value * 100);
/** Balance = ledger = what the bills owe minus the credit. */
const expectBalanced = (billIds = ['feb', 'mar']) => {
  const owed = billIds.reduce((sum, id) => sum + cents(billNow(table, id).remainingAmount), 0);
  const held = creditOf(table, 'ba-1').reduce((sum, [, minor]) => sum + Number(minor), 0);
  const ledger = ledgerOfAccount(table, 'ba-1').reduce((sum, entry) => sum + cents(entry.amount), 0);
  expect(balanceOf(table, 'ba-1')).toBe(ledger);
  expect(balanceOf(table, 'ba-1')).toBe(owed - held);
};
const writes = () => documentMock.commandCalls(TransactWriteCommand).length;

let table: FakeBillingTable;
beforeEach(() => {
  table = installCollectionsTable({ documentMock, dynamoMock }, now);
  writeTaxedBill('feb', '2027-02-01T00:00:00.000Z');
  writeTaxedBill('mar', '2027-03-01T00:00:00.000Z');
  return () => vi.restoreAllMocks();
});

describe('POST /collections/v1/creditNote (create-credit-note)', () => {
  it('201: a whole credit of an unpaid bill voids it (settled, owing 0 through the credit note); note, counter, bill, ledger and CreditNoteIssued in one transaction', async () => {
    const answer = await credit({ whole: true });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers.location).toBe(`${creditNotePath}/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      '@type': 'CreditNote',
      creditNoteNo: 'CN-2027-000001',
      date: now,
      reason: 'network outage',
      bill: { id: 'feb', billNo: '2027-feb' },
      taxExcludedAmount: eur(34.47),
      taxIncludedAmount: eur(39.99),
      taxItem: [
        { taxCategory: 'VAT', taxRate: 20, taxAmount: eur(5) },
        { taxCategory: 'VAT', taxRate: 5.5, taxAmount: eur(0.52) },
      ],
      appliedToBill: eur(39.99),
      toAccountCredit: eur(0),
    });
    expect(answer.body.lines.map((line: { creditedLine: { id: string } }) => line.creditedLine.id)).toEqual(['feb-0001', 'feb-0002']);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0), appliedCreditNote: [{ creditNote: { id: answer.body.id }, appliedAmount: eur(39.99) }] });
    expect(table.get({ pk: 'BILL#feb', sk: 'BILL' })!.creditedMinor).toBe('3999');
    // Owing nothing, it left the open-bills index collections read.
    expect(table.get({ pk: 'BILL#feb', sk: 'BILL' })!.gsi3pk).toBeUndefined();
    expect(seriesCounter(table, 'cn-2027')).toBe(1);
    expect(ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'creditNote')).toEqual([expect.objectContaining({ amount: eur(-39.99), reference: expect.objectContaining({ id: answer.body.id }) })]);
    expect(writes()).toBe(1);
    expect(issuedEvents()).toEqual([expect.objectContaining({ creditNote: expect.objectContaining({ creditNoteNo: 'CN-2027-000001', toAccountCredit: eur(0) }), bill: { id: 'feb', remainingAmount: eur(0), state: 'settled' } })]);
    expectBalanced();
  });

  it('201: by an amount, spread over the lines in proportion; the bill is partially paid', async () => {
    const answer = await credit({ amount: eur(10) });
    expect(answer.statusCode).toBe(201);
    // 10.00 × 29.99 / 39.99 = 7.4993… and 2.5006…: 7.50 and 2.50.
    expect(answer.body.lines.map((line: { taxIncludedAmount: { value: number } }) => line.taxIncludedAmount.value)).toEqual([7.5, 2.5]);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(29.99) });
    expectBalanced();
  });

  it('201: by lines, one in full, one in part; what is left of each stays creditable, and no more', async () => {
    const first = await credit({ lines: [{ id: 'feb-0001' }, { id: 'feb-0002', amount: eur(4) }] });
    expect(first.statusCode).toBe(201);
    expect(first.body).toMatchObject({ taxIncludedAmount: eur(33.99), appliedToBill: eur(33.99) });
    expect(table.get({ pk: 'BILL#feb', sk: 'BILL' })!.creditedLines).toEqual({ 'feb-0001': { taxIncludedMinor: '2999', taxMinor: '500' }, 'feb-0002': { taxIncludedMinor: '400', taxMinor: '21' } });
    const again = await credit({ lines: [{ id: 'feb-0001', amount: eur(0.01) }] });
    expectTmfError(again, 409, 'CREDIT_EXCEEDS_CREDITABLE');
    expect(detailFields(again)).toEqual(['lines[0].amount.value']);
    const rest = await credit({ lines: [{ id: 'feb-0002' }] });
    expect(rest.body).toMatchObject({ creditNoteNo: 'CN-2027-000002', taxIncludedAmount: eur(6), lines: [expect.objectContaining({ appliedTax: [expect.objectContaining({ taxAmount: eur(0.31) })] })] });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    expectBalanced();
  });

  it('201: a credit note on a paid bill becomes account credit named after it, which pays the open bills at once', async () => {
    await cash(39.99);
    expect(billNow(table, 'feb').state).toBe('settled');
    const answer = await credit({ amount: eur(5) });
    expect(answer.body).toMatchObject({ appliedToBill: eur(0), toAccountCredit: eur(5) });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    // March's bill was open: the credit went to it rather than waiting for the next bill.
    expect(billNow(table, 'mar')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(34.99), appliedCreditNote: [{ creditNote: { id: answer.body.id }, appliedAmount: eur(5) }] });
    expect(creditOf(table, 'ba-1')).toEqual([]);
    expect(outboxEvents(documentMock).filter((event) => event.detailType === 'AccountCreditApplied').map((event) => event.detail.data)).toEqual([expect.objectContaining({ creditNoteIds: [answer.body.id], bill: expect.objectContaining({ id: 'mar' }) })]);
    expectBalanced();

    await cash(34.99);
    const second = await credit({ bill: { id: 'mar' }, amount: eur(2) });
    expect(second.body).toMatchObject({ appliedToBill: eur(0), toAccountCredit: eur(2) });
    // No bill open any more: it waits as credit for the next one.
    expect(creditOf(table, 'ba-1')).toEqual([[second.body.id, '200']]);
    expectBalanced();
  });

  it('201: part to the bill, the rest to credit, when the bill is partly paid', async () => {
    await cash(30);
    const answer = await credit({ bill: { id: 'feb' }, amount: eur(15) });
    expect(answer.body).toMatchObject({ appliedToBill: eur(9.99), toAccountCredit: eur(5.01) });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    expectBalanced();
  });

  it('numbers gaplessly in its series, and a test clock account in the clock series at the clock time', async () => {
    expect((await credit({ amount: eur(1) })).body.creditNoteNo).toBe('CN-2027-000001');
    expect((await credit({ bill: { id: 'mar' }, amount: eur(1) })).body.creditNoteNo).toBe('CN-2027-000002');
    expect(seriesCounter(table, 'cn-2027')).toBe(2);

    writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' }, { testClock: { id: 'clock-1234567890', href: '/billing/v1/testClock/clock-1234567890' } });
    table.put(testClockItem(testClock('clock-1234567890', '2028-06-01T09:00:00.000Z')));
    const onClock = writeTaxedBill('sim', '2028-05-01T00:00:00.000Z', 'clock-1234567890');
    expect(onClock.testClock).toEqual({ id: 'clock-1234567890' });
    const answer = await credit({ bill: { id: 'sim' }, whole: true });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ creditNoteNo: 'CN-TEST-clock-12-2028-000001', date: '2028-06-01T09:00:00.000Z', testClock: { id: 'clock-1234567890' } });
    expect(seriesCounter(table, 'cn-test-clock-clock-1234567890-2028')).toBe(1);
    expect(seriesCounter(table, 'cn-2027')).toBe(2);
  });

  it('a lost race (another credit note took the number, a payment moved the bill) is read again and issued anew: numbered next, gapless', async () => {
    let raced = 0;
    table.beforeTransaction = () => {
      raced += 1;
      if (raced === 1) table.put({ pk: 'BILL_SERIES#cn-2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 1 });
      if (raced === 2) {
        const stored = table.get({ pk: 'BILL#feb', sk: 'BILL' })!;
        table.put({ ...stored, version: (stored.version as number) + 1 });
      }
    };
    const answer = await credit({ amount: eur(10) });
    expect(answer.statusCode).toBe(201);
    expect(writes()).toBe(3);
    expect(answer.body.creditNoteNo).toBe('CN-2027-000002');
    expect(seriesCounter(table, 'cn-2027')).toBe(2);
    expect(ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'creditNote')).toHaveLength(1);
    expectBalanced();
  });

  it('Idempotency-Key: a repeat answers the same credit note and records it once', async () => {
    const first = await credit({ amount: eur(10) }, { key: 'cn-key-1' });
    const again = await credit({ amount: eur(10) }, { key: 'cn-key-1' });
    expect(again.statusCode).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(writes()).toBe(1);
    expect(billNow(table, 'feb').remainingAmount).toEqual(eur(29.99));
    expect(seriesCounter(table, 'cn-2027')).toBe(1);
    expectBalanced();
  });

  it('refuses, naming the field and writing nothing', async () => {
    const refusals: [Record<string, unknown>, number, string, string[]][] = [
      [{ bill: { id: 'nope' }, whole: true }, 400, 'INVALID_REQUEST', ['bill.id']],
      [{}, 400, 'INVALID_REQUEST', ['whole', 'lines', 'amount']],
      [{ whole: true, amount: eur(1) }, 400, 'INVALID_REQUEST', ['whole', 'amount']],
      [{ lines: [{ id: 'mar-0001' }] }, 400, 'INVALID_REQUEST', ['lines[0].id']],
      [{ lines: [{ id: 'feb-0003' }] }, 400, 'INVALID_REQUEST', ['lines[0].id']],
      [{ lines: [{ id: 'feb-0001', amount: { unit: 'USD', value: 1 } }] }, 400, 'INVALID_REQUEST', ['lines[0].amount.unit']],
      [{ lines: [{ id: 'feb-0002', amount: eur(10.01) }] }, 409, 'CREDIT_EXCEEDS_CREDITABLE', ['lines[0].amount.value']],
      [{ amount: { unit: 'USD', value: 1 } }, 400, 'INVALID_REQUEST', ['amount.unit']],
      [{ amount: eur(0) }, 400, 'INVALID_REQUEST', ['amount.value']],
      [{ amount: eur(40) }, 409, 'CREDIT_EXCEEDS_CREDITABLE', ['amount.value']],
    ];
    for (const [body, status, code, fields] of refusals) {
      const answer = await credit(body);
      expectTmfError(answer, status, code);
      expect({ body, fields: detailFields(answer) }).toEqual({ body, fields });
    }
    table.put(billItem({ ...billNow(table, 'mar'), billNo: undefined as unknown as string, state: 'new' }, 'cust-1'));
    const draft = await credit({ bill: { id: 'mar' }, whole: true });
    expectTmfError(draft, 409, 'BILL_NOT_ISSUED');
    expect(detailFields(draft)).toEqual(['bill.id']);
    expectTmfError(await credit({ whole: true }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(writes()).toBe(0);
  });

  it('409 naming `whole` once the bill is credited in full', async () => {
    await credit({ whole: true });
    const again = await credit({ whole: true });
    expectTmfError(again, 409, 'CREDIT_EXCEEDS_CREDITABLE');
    expect(detailFields(again)).toEqual(['whole']);
  });
});
