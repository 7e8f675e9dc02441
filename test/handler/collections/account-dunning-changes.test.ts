import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import { BillRunCompleted } from '../../../domain/events/billing-events.js';
import { DunningPaused, DunningResumed, DunningStopped, ServiceRestored } from '../../../domain/events/collections-events.js';
import { recordAccountPayment } from '../../../functions/collections/account-payments.js';
import { collectBill } from '../../../functions/collections/bill-collection.js';
import { handler as getAccountDunning } from '../../../functions/collections/get-account-dunning.js';
import { handler as pauseAccountDunning } from '../../../functions/collections/pause-account-dunning.js';
import { handler as restoreAccountService } from '../../../functions/collections/restore-account-service.js';
import { handler as resumeAccountDunning } from '../../../functions/collections/resume-account-dunning.js';
import { handler as reviewAccountDunning } from '../../../functions/collections/review-account-dunning.js';
import { handler as runCollections } from '../../../functions/collections/run-collections.js';
import { handler as stopAccountDunning } from '../../../functions/collections/stop-account-dunning.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { simulatedPaymentGateway } from '../../../functions/lib/providers/simulated-payment-gateway.js';
import { findBillingAccount } from '../../../functions/lib/store/billing-account-store.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { billNow, writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
/** The simulated provisioning system is a state machine: what dunning asks of the network is what it starts. */
const sfnMock = mockClient(SFNClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
  sfnMock.restore();
});
const networkRequests = () => sfnMock.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input!).request as { action: string; productId: string; requestId: string });

const dueDate = '2027-02-14T23:00:00.000Z';
const day = (n: number, hours = 1) => new Date(Date.parse(dueDate) + n * 86_400_000 + hours * 3_600_000).toISOString();
const dunningPath = '/collections/v1/dunning';

let table: FakeBillingTable;
const setClock = (frozenTime: string) => table.put(testClockItem(testClock('clock-1', frozenTime)));

/** The collections run after a test clock's billing run, as of the clock's time (moved there first). */
async function runAt(asOf: string) {
  setClock(asOf);
  const event = BillRunCompleted.create(
    { billRunId: 'run-1', state: 'completed', asOf, trigger: 'testClock', counts: { due: 0, billed: 0, skipped: 0, failed: 0, bills: 0 }, testClockId: 'clock-1' },
    { eventId: `evt-${asOf}`, occurredAt: asOf, correlationId: 'corr-run' },
  );
  return runCollections({ 'detail-type': event.detailType, detail: event.detail }, lambdaContext('run-collections'));
}

const handlers = { pause: pauseAccountDunning, resume: resumeAccountDunning, stop: stopAccountDunning, restoreService: restoreAccountService };
type Change = keyof typeof handlers;
const change = (action: Change, body: unknown, options: { claims?: Claims; headers?: Record<string, string>; accountId?: string } = {}) => {
  const accountId = options.accountId ?? 'ba-1';
  return invoke(
    handlers[action],
    apiEvent({
      method: 'POST',
      path: `${dunningPath}/${accountId}/${action}`,
      resource: `${dunningPath}/{billingAccountId}/${action}`,
      pathParameters: { billingAccountId: accountId },
      body,
      headers: { 'x-correlation-id': `corr-${action}`, ...options.headers },
      claims: options.claims ?? adminClaims,
    }),
  );
};
const read = (claims: Claims = agentClaims) =>
  invoke(getAccountDunning, apiEvent({ method: 'GET', path: `${dunningPath}/ba-1`, resource: `${dunningPath}/{billingAccountId}`, pathParameters: { billingAccountId: 'ba-1' }, claims }));

const dunning = () => table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'DUNNING' }) as { version: number; dunning: Record<string, any>; gsi3sk?: string } | undefined;
const account = () => table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
const product = () => table.get({ pk: 'PRODUCT#prod-1', sk: 'PRODUCT' })!.resource as { status: string };
const audit = () => table.itemsOf('BILLING_ACCOUNT#ba-1').filter((item) => String(item.sk).startsWith('AUDIT#')).map((item) => item.resource as Record<string, any>);
const authorizations = () => table.itemsOf('SIMULATED_GATEWAY#').filter((item) => item.sk === 'AUTHORIZATION');
const messages = () =>
  table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => {
    const message = item.resource as { content: string; characteristic: { name: string; value: string }[] };
    return { kind: message.characteristic.find((each) => each.name === 'notificationKind')!.value, content: message.content };
  });
/** The events written (the outbox items committed), oldest first. */
const events = (type: { detailType: string; parseDetail: (detail: unknown) => { data: any } }) =>
  table
    .itemsOf('OUTBOX#')
    .filter((item) => item.detailType === type.detailType)
    .map((item) => type.parseDetail(JSON.parse(item.detail as string)).data)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const writes = () => documentMock.commandCalls(TransactWriteCommand).length;

/** A bill of the clocked account in its clock's open-bills index, as issuing puts it. */
function writeClockedBill(id: string, amount: number, paymentDueDate: string) {
  const bill = writeIssuedBill(table, { id, amount, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate, billDate: '2027-02-01T00:00:00.000Z' });
  const stored = table.get({ pk: `BILL#${id}`, sk: 'BILL' })!;
  table.put({ ...stored, resource: { ...bill, testClock: { id: 'clock-1' } }, gsi3pk: 'CLOCK_OPEN_BILL#clock-1', gsi3sk: `${paymentDueDate}#${id}` });
}

beforeEach(async () => {
  documentMock.reset();
  dynamoMock.reset();
  sfnMock.reset();
  new FakeIdempotencyTable().install(dynamoMock);
  vi.stubEnv('BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM', 'arn:aws:states:us-east-1:000000000000:stateMachine:simulated-provisioning-system');
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:simulated-provisioning-system:x', startDate: new Date() });
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-01T00:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  setClock('2027-02-01T02:00:00.000Z');
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' }, { defaultPaymentMethod: { id: 'pm_card_declined', '@referredType': 'PaymentMethod' }, testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } });
  table.put(productItem(productIn('active', { id: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1' }), 2));
  writeClockedBill('feb', 29.03, dueDate);
  await collectBill('feb', { correlationId: 'corr-issue', gateway: simulatedPaymentGateway });
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('POST /collections/v1/dunning/{billingAccountId}/pause (pause-account-dunning)', () => {
  it('200: no step before `until`, the steps postponed by the pause; the dunning, its event and its audit entry in one transaction; GET shows the pause', async () => {
    await runAt(day(2));
    expect(dunning()).toMatchObject({ version: 2, dunning: { stepsDone: 1, nextStepAt: day(3, 0) } });
    const before = writes();
    const answer = await change('pause', { until: day(12), reason: 'promised to pay on the 26th' }, { claims: agentClaims });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers.etag).toBe('W/"3"');
    expect(answer.body).toMatchObject({
      status: 'active',
      pausedAt: day(2),
      pausedUntil: day(12),
      pauseReason: 'promised to pay on the 26th',
      pausedBy: { subject: 'agent-user', role: 'agent' },
      nextStepAt: day(13, 0),
      interventions: [{ action: 'paused', at: day(2), until: day(12), reason: 'promised to pay on the 26th', by: { subject: 'agent-user', role: 'agent' } }],
      policy: expect.arrayContaining([{ day: 14, actions: ['suspend'] }]),
    });
    expect(writes()).toBe(before + 1);
    // Found by the run again only once the postponed step falls due.
    expect(dunning()!.gsi3sk).toBe(`${day(13, 0)}#ba-1`);
    expect(events(DunningPaused)).toEqual([
      { billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: dueDate, testClockId: 'clock-1', pausedAt: day(2), pausedUntil: day(12), reason: 'promised to pay on the 26th', pausedBy: { subject: 'agent-user', role: 'agent' }, nextStepAt: day(13, 0) },
    ]);
    expect(audit()).toEqual([
      expect.objectContaining({
        at: day(2),
        resource: { type: 'BillingAccount', id: 'ba-1' },
        action: 'dunningPaused',
        actor: { subject: 'agent-user', role: 'agent' },
        reason: 'promised to pay on the 26th',
        correlationId: 'corr-pause',
        before: expect.objectContaining({ pausedUntil: null, nextStepAt: day(3, 0) }),
        after: expect.objectContaining({ pausedUntil: day(12), nextStepAt: day(13, 0) }),
      }),
    ]);
    const shown = await read();
    expect(shown).toMatchObject({ statusCode: 200, headers: { etag: 'W/"3"' }, body: { pausedUntil: day(12), pauseReason: 'promised to pay on the 26th', pausedBy: { role: 'agent' } } });
    // Its customer reads the pause, not who on the staff made it nor the words staff wrote.
    const own = await read(customerClaims('cust-1'));
    expect(own.body).toMatchObject({ pausedUntil: day(12), interventions: [{ action: 'paused', at: day(2), until: day(12) }] });
    expect(own.body.pausedBy).toBeUndefined();
    expect(JSON.stringify(own.body)).not.toMatch(/promised to pay|agent-user/);

    // Day 3's retry fell due during the pause: the runs do nothing until it comes, 10 days later.
    await expect(runAt(day(5))).resolves.toMatchObject({ advanced: 0, failed: [] });
    await expect(runAt(day(12, 0))).resolves.toMatchObject({ advanced: 0 });
    expect(authorizations()).toHaveLength(2);
    await expect(runAt(day(13))).resolves.toMatchObject({ advanced: 1 });
    expect(dunning()!.dunning).toMatchObject({ stepsDone: 2, nextStepAt: day(17, 0) });
    expect(dunning()!.dunning.pausedUntil).toBeUndefined();
    expect(authorizations()).toHaveLength(3);
  });

  it('refuses, naming the problem and writing nothing: `until` not after the account time or more than 30 days on (400), no active dunning (409), an unknown account (404), a customer (403)', async () => {
    await runAt(day(2));
    const before = writes();
    const tooSoon = await change('pause', { until: day(2), reason: 'x' });
    expectTmfError(tooSoon, 400, 'INVALID_REQUEST');
    expect(tooSoon.body.details).toEqual([{ field: 'until', problem: `must be after the account's time now, ${day(2)}` }]);
    const tooLate = await change('pause', { until: day(32, 2), reason: 'x' });
    expectTmfError(tooLate, 400, 'INVALID_REQUEST');
    expect(tooLate.body.details[0].problem).toContain('at most 30 days');
    expect(detailFields(await change('pause', { reason: 'x' }))).toEqual(['until']);
    expect(detailFields(await change('pause', { until: day(4), reason: ' ' }))).toEqual(['reason']);
    expectTmfError(await change('pause', { until: day(4), reason: 'x' }, { accountId: 'nope' }), 404, 'NOT_FOUND');
    const customer = await change('pause', { until: day(4), reason: 'x' }, { claims: customerClaims('cust-1') });
    expectTmfError(customer, 403, 'FORBIDDEN');
    writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
    const none = await change('pause', { until: day(4), reason: 'x' }, { accountId: 'ba-2' });
    expectTmfError(none, 409, 'NO_ACTIVE_DUNNING');
    expect(writes()).toBe(before);
    expect(audit()).toEqual([]);
  });

  it('If-Match: a stale ETag is a 412; a change meanwhile without it a 409; nothing written either way', async () => {
    await runAt(day(2));
    const { headers } = await read();
    expectTmfError(await change('pause', { until: day(4), reason: 'x' }, { headers: { 'if-match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED');
    // Another writer (the run) moves the dunning between the read and the write.
    table.beforeTransaction = (input) => {
      if (input.TransactItems?.some((item) => item.Put?.Item?.entityType === 'AuditEntry')) {
        const current = dunning()!;
        table.put({ ...current, version: current.version + 1 });
        table.beforeTransaction = undefined;
      }
    };
    expectTmfError(await change('pause', { until: day(4), reason: 'x' }), 409, 'CONCURRENT_MODIFICATION');
    expect(audit()).toEqual([]);
    expect(events(DunningPaused)).toEqual([]);
    // With the ETag now current.
    expect((await change('pause', { until: day(4), reason: 'x' }, { headers: { 'if-match': (await read()).headers.etag! } })).statusCode).toBe(200);
    expect(headers.etag).toBe('W/"2"');
  });

  it('Idempotency-Key: a retry answers the same and pauses once', async () => {
    await runAt(day(2));
    const first = await change('pause', { until: day(9), reason: 'x' }, { headers: { 'idempotency-key': 'pause-1' } });
    const again = await change('pause', { until: day(9), reason: 'x' }, { headers: { 'idempotency-key': 'pause-1' } });
    expect(again.body).toEqual(first.body);
    expect(dunning()!.dunning.interventions).toHaveLength(1);
    expect(events(DunningPaused)).toHaveLength(1);
    expectTmfError(await change('pause', { until: day(10), reason: 'x' }, { headers: { 'idempotency-key': 'pause-1' } }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });
});

describe('POST /collections/v1/dunning/{billingAccountId}/resume (resume-account-dunning)', () => {
  it('200: the pause ends early, the steps fall due as much later as it lasted; 409 when no pause holds', async () => {
    await runAt(day(2));
    expectTmfError(await change('resume', { reason: 'x' }, { claims: agentClaims }), 409, 'DUNNING_NOT_PAUSED');
    await change('pause', { until: day(12), reason: 'promised' }, { claims: agentClaims });
    setClock(day(4));
    const answer = await change('resume', { reason: 'the promise was withdrawn' }, { claims: agentClaims });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ nextStepAt: day(5, 0), postponedMs: 2 * 86_400_000 });
    expect(answer.body.pausedUntil).toBeUndefined();
    expect(answer.body.interventions.map((each: { action: string }) => each.action)).toEqual(['paused', 'resumed']);
    expect(events(DunningResumed)).toEqual([
      { billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: dueDate, testClockId: 'clock-1', resumedAt: day(4), reason: 'the promise was withdrawn', resumedBy: { subject: 'agent-user', role: 'agent' }, nextStepAt: day(5, 0) },
    ]);
    expect(audit().map((entry) => [entry.action, entry.reason])).toEqual([
      ['dunningPaused', 'promised'],
      ['dunningResumed', 'the promise was withdrawn'],
    ]);
    await expect(runAt(day(5))).resolves.toMatchObject({ advanced: 1 });
    expectTmfError(await change('resume', { reason: 'x' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
  });
});

describe('POST /collections/v1/dunning/{billingAccountId}/stop (stop-account-dunning)', () => {
  it('admins only: an agent gets 403 saying so, a customer too; nothing read or written', async () => {
    await runAt(day(2));
    const before = writes();
    const byAgent = await change('stop', { reason: 'x' }, { claims: agentClaims });
    expectTmfError(byAgent, 403, 'FORBIDDEN');
    expect(byAgent.body.message).toContain('only admin users may');
    expectTmfError(await change('stop', { reason: 'x' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(writes()).toBe(before);
  });

  it('200: dunning stopped without write-off, the suspension lifted as a payment lifts it; the debt stays owed and no step follows; a bill overdue later begins dunning again', async () => {
    await runAt(day(15));
    expect(product().status).toBe('suspended');
    const answer = await change('stop', { reason: 'handed to the collection agency' });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'stopped', stoppedAt: day(15), suspended: false, interventions: [{ action: 'stopped', reason: 'handed to the collection agency', by: { subject: 'admin-user', role: 'admin' }, productIds: ['prod-1'] }] });
    expect(answer.body.nextStepAt).toBeUndefined();
    expect(product().status).toBe('active');
    expect((account().resource as BillingAccount).state).toBe('Active');
    expect(account().overdueSince).toBeUndefined();
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend', 'resume']);
    expect(messages().filter((message) => message.kind === 'serviceRestored')).toEqual([{ kind: 'serviceRestored', content: expect.stringContaining('It still has 29.03 EUR overdue since 2027-02-14.') }]);
    expect(events(DunningStopped)).toEqual([
      { billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: dueDate, testClockId: 'clock-1', stoppedAt: day(15), reason: 'handed to the collection agency', stoppedBy: { subject: 'admin-user', role: 'admin' }, wasSuspended: true, productIds: ['prod-1'] },
    ]);
    expect(audit()).toEqual([expect.objectContaining({ action: 'dunningStopped', actor: { subject: 'admin-user', role: 'admin' }, reason: 'handed to the collection agency', after: expect.objectContaining({ status: 'stopped' }) })]);
    expectTmfError(await change('stop', { reason: 'again' }), 409, 'NO_ACTIVE_DUNNING');

    // Past day 30: nothing written off, the same bill begins no new dunning.
    await expect(runAt(day(40))).resolves.toMatchObject({ began: 0, advanced: 0, writtenOff: 0, failed: [] });
    expect(billNow(table, 'feb')).toMatchObject({ remainingAmount: { value: 29.03 } });
    expect(dunning()!.dunning.status).toBe('stopped');
    expect(product().status).toBe('active');

    // March's bill falls overdue after the stop: dunning begins again, counting from its due date.
    const marchDue = '2027-03-31T22:00:00.000Z';
    writeClockedBill('mar', 25, marchDue);
    await expect(runAt(new Date(Date.parse(marchDue) + 86_400_000 + 3_600_000).toISOString())).resolves.toMatchObject({ began: 1, advanced: 1 });
    expect(dunning()!.dunning).toMatchObject({ status: 'active', since: marchDue, stepsDone: 1 });
  });
});

describe('POST /collections/v1/dunning/{billingAccountId}/restoreService (restore-account-service)', () => {
  it('admins only; 409 when nothing is suspended; 400 for `until` as a pause', async () => {
    await runAt(day(8));
    const byAgent = await change('restoreService', { reason: 'x', until: day(10) }, { claims: agentClaims });
    expectTmfError(byAgent, 403, 'FORBIDDEN');
    expect(byAgent.body.message).toContain('only admin users may');
    expectTmfError(await change('restoreService', { reason: 'x', until: day(10) }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expectTmfError(await change('restoreService', { reason: 'x', until: day(10) }), 409, 'SERVICE_NOT_SUSPENDED');
    await runAt(day(15));
    expect(detailFields(await change('restoreService', { reason: 'x', until: day(46) }))).toEqual(['until']);
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend']);
    expect(product().status).toBe('suspended');
  });

  it('200: the service back now through the provisioning port, dunning paused until the promise; unpaid then, suspended again and the steps go on; a payment ends it all', async () => {
    await runAt(day(15));
    const answer = await change('restoreService', { reason: 'will pay on the 12th', until: day(25) });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'active', suspended: false, stepsDone: 3, pausedUntil: day(25), pauseReason: 'will pay on the 12th', pausedBy: { role: 'admin' }, nextStepAt: day(25) });
    expect(answer.body.interventions).toEqual([{ action: 'serviceRestored', at: day(15), until: day(25), reason: 'will pay on the 12th', by: { subject: 'admin-user', role: 'admin' }, productIds: ['prod-1'] }]);
    expect(product().status).toBe('active');
    expect((account().resource as BillingAccount).state).toBe('Active');
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend', 'resume']);
    expect(messages().filter((message) => message.kind === 'serviceRestored')).toEqual([{ kind: 'serviceRestored', content: expect.stringContaining('please pay it by 2027-03-12') }]);
    expect(events(ServiceRestored)).toEqual([
      { billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: dueDate, testClockId: 'clock-1', restoredAt: day(15), pausedUntil: day(25), reason: 'will pay on the 12th', restoredBy: { subject: 'admin-user', role: 'admin' }, productIds: ['prod-1'] },
    ]);
    expect(audit()).toEqual([expect.objectContaining({ action: 'serviceRestored', reason: 'will pay on the 12th', before: expect.objectContaining({ suspended: true }), after: expect.objectContaining({ suspended: false, pausedUntil: day(25) }) })]);
    expectTmfError(await change('restoreService', { reason: 'again', until: day(20) }), 409, 'SERVICE_NOT_SUSPENDED');

    // The next run does not suspend again at once.
    await expect(runAt(day(20))).resolves.toMatchObject({ advanced: 0 });
    expect(product().status).toBe('active');
    // The promise was not kept: suspended again, told to the network anew (a request of its own).
    await expect(runAt(day(25))).resolves.toMatchObject({ advanced: 1, failed: [] });
    expect(product().status).toBe('suspended');
    const requests = networkRequests();
    expect(requests.map((request) => request.action)).toEqual(['suspend', 'resume', 'suspend']);
    expect(new Set(requests.map((request) => request.requestId)).size).toBe(3);
    expect(dunning()!.dunning).toMatchObject({ suspended: true, stepsDone: 4 });
    expect(messages().filter((message) => message.kind === 'serviceSuspended')).toHaveLength(2);

    // Then paid: dunning resolved, the service back once more.
    setClock(day(26));
    const { account: current } = (await findBillingAccount('ba-1'))!;
    await recordAccountPayment({ paymentId: 'pay-late', account: current, channel: 'cash', paymentMethodId: 'receipt-1', amountMinor: 2903n, now: day(26), correlationId: 'corr-pay', description: 'cash' });
    const received = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'PaymentReceived')!;
    await expect(reviewAccountDunning({ 'detail-type': 'PaymentReceived', detail: JSON.parse(received.detail as string) }, lambdaContext('review-account-dunning'))).resolves.toBe('resolved');
    expect(product().status).toBe('active');
    expect(networkRequests().map((request) => request.action)).toEqual(['suspend', 'resume', 'suspend', 'resume']);
  });
});
