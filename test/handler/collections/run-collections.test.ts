import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillRunCompleted } from '../../../domain/events/billing-events.js';
import { collectBill } from '../../../functions/collections/bill-collection.js';
import { handler } from '../../../functions/collections/run-collections.js';
import { applyCreditToOpenBills, recordAccountPayment } from '../../../functions/collections/account-payments.js';
import { grantGoodwillCredit } from '../../../functions/collections/goodwill-credits.js';
import { issueCreditNote } from '../../../functions/collections/credit-notes.js';
import { findBillWithCredited } from '../../../functions/lib/store/credit-note-store.js';
import { handler as reviewHandler } from '../../../functions/collections/review-account-dunning.js';
import { findBillingAccount } from '../../../functions/lib/store/billing-account-store.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { simulatedPaymentGateway } from '../../../functions/lib/providers/simulated-payment-gateway.js';
import { preferencesItem } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { billNow, writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';

const documentMock = mockClient(DynamoDBDocumentClient);
/** The simulated provisioning system is a state machine: what dunning asks of the network is what it starts. */
const sfnMock = mockClient(SFNClient);
afterAll(() => {
  documentMock.restore();
  sfnMock.restore();
});
const networkRequests = () => sfnMock.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input!).request as { action: string; productId: string; orderId: string });

const dueDate = '2027-02-14T23:00:00.000Z';
const day = (n: number, hours = 1) => new Date(Date.parse(dueDate) + n * 86_400_000 + hours * 3_600_000).toISOString();

/** The collections run after a test clock's billing run, as of the clock's time. */
async function runAt(asOf: string) {
  table.put(testClockItem(testClock('clock-1', asOf)));
  const event = BillRunCompleted.create(
    { billRunId: 'run-1', state: 'completed', asOf, trigger: 'testClock', counts: { due: 0, billed: 0, skipped: 0, failed: 0, bills: 0 }, testClockId: 'clock-1' },
    { eventId: `evt-${asOf}`, occurredAt: asOf, correlationId: 'corr-run' },
  );
  return handler({ 'detail-type': event.detailType, detail: event.detail }, lambdaContext('run-collections'));
}
const dunning = () => table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'DUNNING' })?.dunning as Record<string, any> | undefined;
const authorizations = () => table.itemsOf('SIMULATED_GATEWAY#').filter((item) => item.sk === 'AUTHORIZATION');
const messages = () => table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => (item.resource as { characteristic: { name: string; value: string }[] }).characteristic.find((each) => each.name === 'notificationKind')!.value);
const account = () => table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;

let table: FakeBillingTable;
beforeEach(async () => {
  documentMock.reset();
  sfnMock.reset();
  vi.stubEnv('BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM', 'arn:aws:states:us-east-1:000000000000:stateMachine:simulated-provisioning-system');
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:simulated-provisioning-system:x', startDate: new Date() });
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-01T00:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  table.put(testClockItem(testClock('clock-1', '2027-02-01T02:00:00.000Z')));
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' }, { defaultPaymentMethod: { id: 'pm_card_declined', '@referredType': 'PaymentMethod' }, testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } });
  const bill = writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: dueDate, billDate: '2027-02-01T00:00:00.000Z' });
  const stored = table.get({ pk: 'BILL#feb', sk: 'BILL' })!;
  // In the open-bills index of its clock, as issuing puts it.
  table.put({ ...stored, resource: { ...bill, testClock: { id: 'clock-1' } }, gsi3pk: 'CLOCK_OPEN_BILL#clock-1', gsi3sk: `${dueDate}#feb` });
  await collectBill('feb', { correlationId: 'corr-issue', gateway: simulatedPaymentGateway });
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('run-collections (dunning)', () => {
  it('nothing happens before the due date has passed', async () => {
    await expect(runAt(dueDate)).resolves.toMatchObject({ began: 0, advanced: 0, failed: [] });
    expect(dunning()).toBeUndefined();
  });

  it('day 1: dunning begins, retries the card (attempt 2, after the declined attempt at issue) and reminds; running again changes nothing', async () => {
    await expect(runAt(day(1))).resolves.toMatchObject({ began: 1, advanced: 1, failed: [] });
    expect(dunning()).toMatchObject({ status: 'active', since: dueDate, stepsDone: 1, nextStepAt: new Date(Date.parse(dueDate) + 3 * 86_400_000).toISOString() });
    expect(account().overdueSince).toBe(dueDate);
    expect(authorizations()).toHaveLength(2);
    expect(messages()).toEqual(['paymentReminder']);

    await expect(runAt(day(1, 5))).resolves.toMatchObject({ began: 0, advanced: 0 });
    expect(authorizations()).toHaveLength(2);
    expect(messages()).toEqual(['paymentReminder']);
  });

  it('a run that comes late performs every step due, in order, each once; the suspension goes to the network through the provisioning port', async () => {
    const product = productIn('active', { id: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1' });
    table.put(productItem(product, 2));
    await runAt(day(15));
    expect(networkRequests()).toEqual([expect.objectContaining({ action: 'suspend', productId: 'prod-1', orderId: product.productOrderItem[0]!.productOrderId })]);
    expect((table.get({ pk: 'PRODUCT#prod-1', sk: 'PRODUCT' })!.resource as { status: string }).status).toBe('suspended');
    expect(dunning()!.history.map((step: { day: number }) => step.day)).toEqual([1, 3, 7, 14]);
    expect(authorizations()).toHaveLength(4);
    expect(messages().sort()).toEqual(['paymentReminder', 'paymentReminder', 'serviceSuspended']);
    expect((account().resource as BillingAccount).state).toBe('Suspended');
  });

  it('a run that comes after day 30 walks every step to the write-off in one go: the bill written off, the product terminated, the account Closed', async () => {
    table.put(productItem(productIn('active', { id: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1' }), 2));
    await expect(runAt(day(31))).resolves.toMatchObject({ writtenOff: 1, failed: [] });
    expect(dunning()).toMatchObject({ status: 'writtenOff', suspended: true });
    expect(dunning()!.history.map((step: { day: number }) => step.day)).toEqual([1, 3, 7, 14, 21, 30]);
    expect((account().resource as BillingAccount).state).toBe('Closed');
    expect(account().balanceMinor).toBe(0);
    expect(billNow(table, 'feb')).toMatchObject({ remainingAmount: { value: 0 }, writeOff: { amount: { unit: 'EUR', value: 29.03 } } });
    expect((table.get({ pk: 'PRODUCT#prod-1', sk: 'PRODUCT' })!.resource as { status: string }).status).toBe('terminated');
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend', 'delete']);
  });

  it("no retry while the last attempt is still running: a bill whose attempt was claimed and not answered is not charged again", async () => {
    const stored = table.get({ pk: 'BILL#feb', sk: 'BILL' })!;
    table.put({ ...stored, collectionAttempt: 2, declinedAttempt: 1 });
    await runAt(day(1));
    expect(authorizations()).toHaveLength(1);
  });

  it('a payment that clears what is overdue stops dunning at once (PaymentReceived), and the suspended service comes back', async () => {
    table.put(productItem(productIn('active', { id: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1' }), 2));
    await runAt(day(15));
    table.put(testClockItem(testClock('clock-1', day(16))));
    const { account: current } = (await findBillingAccount('ba-1'))!;
    await recordAccountPayment({ paymentId: 'pay-rescue', account: current, channel: 'cash', paymentMethodId: 'receipt-1', amountMinor: 2903n, now: day(16), correlationId: 'corr-pay', description: 'cash' });
    expect(billNow(table, 'feb').state).toBe('settled');
    const received = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'PaymentReceived')!;
    await expect(reviewHandler({ 'detail-type': 'PaymentReceived', detail: JSON.parse(received.detail as string) }, lambdaContext('review-account-dunning'))).resolves.toBe('resolved');
    expect(dunning()).toMatchObject({ status: 'resolved', resolvedAt: day(16), suspended: true });
    expect(account().overdueSince).toBeUndefined();
    expect((account().resource as BillingAccount).state).toBe('Active');
    expect(messages()).toContain('serviceRestored');
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend', 'resume']);
    expect((table.get({ pk: 'PRODUCT#prod-1', sk: 'PRODUCT' })!.resource as { status: string }).status).toBe('active');
    // Nothing more happens on later runs.
    await expect(runAt(day(40))).resolves.toMatchObject({ began: 0, advanced: 0, writtenOff: 0 });
  });

  it('a credit note voiding the overdue bill stops dunning at once (CreditNoteIssued)', async () => {
    await runAt(day(4));
    table.put(testClockItem(testClock('clock-1', day(5))));
    table.put({
      pk: 'BILL#feb',
      sk: 'LINE#0001',
      entityType: 'AppliedCustomerBillingRate',
      version: 1,
      resource: { id: 'feb-0001', href: '/l/feb-0001', type: 'recurring', description: 'Mobile M', taxExcludedAmount: { unit: 'EUR', value: 29.03 }, taxIncludedAmount: { unit: 'EUR', value: 29.03 }, appliedTax: [] },
    });
    const { account: current } = (await findBillingAccount('ba-1'))!;
    await issueCreditNote({ creditNoteId: 'cn-1', stored: (await findBillWithCredited('feb'))!, account: current, request: { kind: 'whole' }, reason: 'disputed', now: day(5), correlationId: 'corr-cn' });
    expect(billNow(table, 'feb').state).toBe('settled');
    const issued = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'CreditNoteIssued')!;
    await expect(reviewHandler({ 'detail-type': 'CreditNoteIssued', detail: JSON.parse(issued.detail as string) }, lambdaContext('review-account-dunning'))).resolves.toBe('resolved');
    expect(dunning()).toMatchObject({ status: 'resolved', resolvedAt: day(5) });
  });

  it('a goodwill credit paying the overdue bill stops dunning at once (AccountCreditApplied)', async () => {
    await runAt(day(4));
    table.put(testClockItem(testClock('clock-1', day(5))));
    const { account: current } = (await findBillingAccount('ba-1'))!;
    await grantGoodwillCredit({ goodwillCreditId: 'gc-1', account: current, amountMinor: 2903n, reason: 'outage', now: day(5), correlationId: 'corr-gc' });
    await applyCreditToOpenBills(current, { now: day(5), correlationId: 'corr-gc' });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', appliedGoodwillCredit: [{ goodwillCredit: { id: 'gc-1' } }] });
    const applied = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'AccountCreditApplied')!;
    await expect(reviewHandler({ 'detail-type': 'AccountCreditApplied', detail: JSON.parse(applied.detail as string) }, lambdaContext('review-account-dunning'))).resolves.toBe('resolved');
    expect(dunning()).toMatchObject({ status: 'resolved', resolvedAt: day(5) });
  });
});

describe('run-collections: dunning notices follow the customer’s communication preferences', () => {
  it('reminders refused everywhere are withheld (the steps still done and announced); the final notice, mandatory, goes by SMS as chosen; the suspension by e-mail', async () => {
    const customer = table.get({ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' })!;
    const resource = customer.resource as { contactMedium: unknown[] };
    table.put({ ...customer, resource: { ...resource, contactMedium: [...resource.contactMedium, { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } }] } });
    table.put(
      preferencesItem('cust-1', [
        { kind: 'paymentReminder', email: false, sms: false },
        { kind: 'finalNotice', email: false, sms: true },
      ]),
    );
    await runAt(day(22));
    const sent = table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => item.resource as { messageType: string; characteristic: { value: string }[] });
    expect(sent.map((message) => [message.characteristic[0]!.value, message.messageType]).sort()).toEqual([
      ['finalNotice', 'SMS'],
      ['serviceSuspended', 'email'],
    ]);
    const notices = table
      .itemsOf('OUTBOX#')
      .filter((item) => item.detailType === 'PaymentReminderSent')
      .map((item) => JSON.parse(item.detail as string).data as { kind: string; communicationMessageId?: string });
    expect(notices.filter((notice) => notice.kind === 'reminder').map((notice) => notice.communicationMessageId)).toEqual([undefined, undefined]);
    expect(notices.find((notice) => notice.kind === 'finalNotice')!.communicationMessageId).toEqual(expect.stringMatching(/^cm-/));
  });
});

describe('run-collections (accounts charged on the due date)', () => {
  beforeEach(() => {
    writeCustomerAccount(
      table,
      { customerId: 'cust-2', accountId: 'ba-2' },
      { defaultPaymentMethod: { id: 'pm_card_visa', '@referredType': 'PaymentMethod' }, paymentCollection: 'onDueDate', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } },
    );
    const bill = writeIssuedBill(table, { id: 'feb-2', amount: 25, accountId: 'ba-2', customerId: 'cust-2', paymentDueDate: dueDate, billDate: '2027-02-01T00:00:00.000Z' });
    const stored = table.get({ pk: 'BILL#feb-2', sk: 'BILL' })!;
    table.put({ ...stored, resource: { ...bill, testClock: { id: 'clock-1' } }, gsi3pk: 'CLOCK_OPEN_BILL#clock-1', gsi3sk: `${dueDate}#feb-2` });
  });

  it('at issue nothing is charged; on the due date the card is, once, and the account never enters dunning', async () => {
    await expect(collectBill('feb-2', { correlationId: 'corr-issue', gateway: simulatedPaymentGateway })).resolves.toEqual({ outcome: 'notThisMoment' });
    expect(billNow(table, 'feb-2').state).toBe('validated');
    await expect(runAt(new Date(Date.parse(dueDate) - 3_600_000).toISOString())).resolves.toMatchObject({ collectedOnDueDate: 0 });
    expect(billNow(table, 'feb-2').state).toBe('validated');

    await expect(runAt(dueDate)).resolves.toMatchObject({ collectedOnDueDate: 1 });
    expect(billNow(table, 'feb-2')).toMatchObject({ state: 'settled', remainingAmount: { value: 0 } });
    const payment = table.itemsOf('PAYMENT#').map((item) => item.resource as Record<string, any>).find((each) => each.correlatorId === 'feb-2')!;
    expect(payment.paymentDate).toBe(dueDate);
    await runAt(day(2));
    expect(table.get({ pk: 'BILLING_ACCOUNT#ba-2', sk: 'DUNNING' })).toBeUndefined();
    expect(table.itemsOf('PAYMENT#').filter((item) => (item.resource as { correlatorId: string }).correlatorId === 'feb-2')).toHaveLength(1);
  });
});
