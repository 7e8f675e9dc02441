import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler as getBillRunHistory } from '../../../functions/reports/get-bill-run-history.js';
import { handler as getReceivablesReport } from '../../../functions/reports/get-receivables-report.js';
import { handler as keepBillRunHistory } from '../../../functions/reports/keep-bill-run-history.js';
import { handler as keepReceivables } from '../../../functions/reports/keep-receivables.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { billRunsHistory, onBus, receivablesHistory } from './report-events.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const receivablesPath = '/reports/v1/receivables';
const billRunsPath = '/reports/v1/billRuns';
const eur = (value: number) => ({ unit: 'EUR', value });
const zero = eur(0);

let table: FakeBillingTable;
function emptyModel(): FakeBillingTable {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  table.put(testClockItem(testClock('clk-1', '2027-02-20T00:00:00.000Z')));
  return table;
}

async function deliver(events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    if (event.detailType.startsWith('BillRun')) await keepBillRunHistory(onBus(event) as never, lambdaContext('keep-bill-run-history'));
    else await keepReceivables(onBus(event) as never, lambdaContext('keep-receivables'));
  }
}

beforeEach(async () => {
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-03-05T00:00:00.000Z');
  emptyModel();
  await deliver([...receivablesHistory(), ...billRunsHistory()]);
  return () => vi.restoreAllMocks();
});

const ask = (handler: typeof getReceivablesReport, path: string, query: Record<string, string>, options: { claims?: Claims; headers?: Record<string, string> } = {}) =>
  invoke(handler, apiEvent({ method: 'GET', path, query, claims: options.claims ?? agentClaims, ...(options.headers ? { headers: options.headers } : {}) }), lambdaContext('report'));

const account = (id: string, open: number, buckets: Partial<Record<'current' | '1-30' | '31-60' | '61-90' | 'over90', number>>, oldestDueDate: string, bills: number) => ({
  billingAccount: { id, href: `/tmf-api/accountManagement/v4/billingAccount/${id}` },
  customer: { id: `cust-${id}` },
  currency: 'EUR',
  open: eur(open),
  buckets: { current: zero, '1-30': zero, '31-60': zero, '61-90': zero, over90: zero, ...Object.fromEntries(Object.entries(buckets).map(([bucket, value]) => [bucket, eur(value)])) },
  oldestDueDate,
  bills,
});

describe('GET /reports/v1/receivables', () => {
  it('ages the live bills at asOf from the read model: issue less payments, credit, credit notes and write-offs, plus refunds', async () => {
    const answer = await ask(getReceivablesReport, receivablesPath, { asOf: '2027-03-05T00:00:00Z' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      asOf: '2027-03-05T00:00:00.000Z',
      totals: [{ currency: 'EUR', open: eur(110), buckets: { current: zero, '1-30': eur(40), '31-60': eur(70), '61-90': zero, over90: zero } }],
      accounts: [account('ba-1', 70, { '31-60': 70 }, '2027-01-30T00:00:00.000Z', 1), account('ba-2', 40, { '1-30': 40 }, '2027-03-01T00:00:00.000Z', 1)],
    });
    expect(answer.headers['x-total-count']).toBe('2');
    // asOf defaults to now; an earlier instant ages the same open bills as current.
    expect((await ask(getReceivablesReport, receivablesPath, {})).body.asOf).toBe('2027-03-05T00:00:00.000Z');
    expect((await ask(getReceivablesReport, receivablesPath, { asOf: '2027-01-01T00:00:00Z' })).body.totals[0].buckets.current).toEqual(eur(110));
    expect((await ask(getReceivablesReport, receivablesPath, { currency: 'USD' })).body).toMatchObject({ totals: [], accounts: [] });
  });

  it("leaves test clocks' bills out unless testClock.id names one, aged at its frozen time", async () => {
    const clock = await ask(getReceivablesReport, receivablesPath, { 'testClock.id': 'clk-1' });
    expect(clock.body).toEqual({
      asOf: '2027-02-20T00:00:00.000Z',
      testClock: { id: 'clk-1' },
      totals: [{ currency: 'EUR', open: eur(25), buckets: { current: zero, '1-30': eur(25), '31-60': zero, '61-90': zero, over90: zero } }],
      accounts: [account('ba-9', 25, { '1-30': 25 }, '2027-02-01T00:00:00.000Z', 1)],
    });
  });

  it('as CSV with Accept: text/csv, one row per account, amounts as exact decimals', async () => {
    const answer = await getReceivablesReport(apiEvent({ method: 'GET', path: receivablesPath, query: { asOf: '2027-03-05T00:00:00Z' }, headers: { Accept: 'text/csv' }, claims: agentClaims }), lambdaContext('report'));
    expect(answer.headers!['content-type']).toBe('text/csv;charset=utf-8');
    expect(answer.body).toBe(
      'asOf,billingAccountId,customerId,currency,open,current,1-30,31-60,61-90,over90,oldestDueDate,bills\r\n' +
        '2027-03-05T00:00:00.000Z,ba-1,cust-ba-1,EUR,70.00,0.00,0.00,70.00,0.00,0.00,2027-01-30T00:00:00.000Z,1\r\n' +
        '2027-03-05T00:00:00.000Z,ba-2,cust-ba-2,EUR,40.00,0.00,40.00,0.00,0.00,0.00,2027-03-01T00:00:00.000Z,1\r\n',
    );
  });

  it('refuses a customer (403), an unknown parameter, a malformed asOf or currency, an unknown test clock (400 naming it)', async () => {
    expectTmfError(await ask(getReceivablesReport, receivablesPath, {}, { claims: customerClaims('cust-ba-1') }), 403, 'FORBIDDEN');
    for (const [query, field] of [
      [{ asOf: 'tomorrow' }, 'asOf'],
      [{ asOf: '2027-03-05' }, 'asOf'],
      [{ asOf: '2027-03-05T00:00:00' }, 'asOf'],
      [{ currency: 'EURO' }, 'currency'],
      [{ 'testClock.id': 'clk-nope' }, 'testClock.id'],
      [{ 'testClock.id': 'clk-1,clk-2' }, 'testClock.id'],
      [{ limit: '10' }, 'limit'],
      [{ month: '2027-03' }, 'month'],
    ] as const) {
      const answer = await ask(getReceivablesReport, receivablesPath, query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
    }
  });
});

describe('GET /reports/v1/billRuns', () => {
  it("lists the live runs whose asOf is in [from, to): trigger, times, state, counts; a run not completed yet is inProgress", async () => {
    const answer = await ask(getBillRunHistory, billRunsPath, { from: '2027-03-01T00:00:00Z', to: '2027-03-04T00:00:00Z' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      from: '2027-03-01T00:00:00.000Z',
      to: '2027-03-04T00:00:00.000Z',
      billRun: [
        { id: 'r1', href: '/billing/v1/billRun/r1', trigger: 'request', asOf: '2027-03-01T00:00:00.000Z', requestedAt: '2027-03-01T09:00:00.000Z', completedAt: '2027-03-01T09:05:00.000Z', state: 'completedWithErrors', counts: { due: 3, billed: 2, skipped: 0, failed: 1, bills: 2 } },
        { id: 'r2', href: '/billing/v1/billRun/r2', trigger: 'schedule', asOf: '2027-03-02T02:00:00.000Z', completedAt: '2027-03-02T02:03:00.000Z', state: 'completed', counts: { due: 3, billed: 2, skipped: 0, failed: 0, bills: 2 } },
        { id: 'r4', href: '/billing/v1/billRun/r4', trigger: 'request', asOf: '2027-03-03T00:00:00.000Z', requestedAt: '2027-03-03T00:00:01.000Z', state: 'inProgress' },
      ],
    });
    const exclusive = await ask(getBillRunHistory, billRunsPath, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T02:00:00Z' });
    expect(exclusive.body.billRun.map((run: { id: string }) => run.id)).toEqual(['r1']);
    expect((await ask(getBillRunHistory, billRunsPath, {})).body.billRun.map((run: { id: string }) => run.id)).toEqual(['r1', 'r2', 'r4']);
    const clock = await ask(getBillRunHistory, billRunsPath, { 'testClock.id': 'clk-1' });
    expect(clock.body.billRun).toEqual([expect.objectContaining({ id: 'r3', trigger: 'testClock', asOf: '2027-02-01T11:00:00.000Z', state: 'completed' })]);
  });

  it('as CSV with Accept: text/csv', async () => {
    const answer = await getBillRunHistory(apiEvent({ method: 'GET', path: billRunsPath, query: { from: '2027-03-02T00:00:00Z' }, headers: { accept: 'text/csv' }, claims: agentClaims }), lambdaContext('report'));
    expect(answer.body).toBe(
      'billRunId,trigger,asOf,requestedAt,completedAt,state,due,billed,skipped,failed,bills\r\n' +
        'r2,schedule,2027-03-02T02:00:00.000Z,,2027-03-02T02:03:00.000Z,completed,3,2,0,0,2\r\n' +
        'r4,request,2027-03-03T00:00:00.000Z,2027-03-03T00:00:01.000Z,,inProgress,,,,,\r\n',
    );
  });

  it('refuses a customer (403), malformed dates naming the field, to not after from, an unknown parameter or test clock (400)', async () => {
    expectTmfError(await ask(getBillRunHistory, billRunsPath, {}, { claims: customerClaims('cust-ba-1') }), 403, 'FORBIDDEN');
    for (const [query, field] of [
      [{ from: '2027-13-01T00:00:00Z' }, 'from'],
      [{ to: 'March' }, 'to'],
      [{ from: '2027-03-02T00:00:00Z', to: '2027-03-01T00:00:00Z' }, 'to'],
      [{ 'testClock.id': 'clk-nope' }, 'testClock.id'],
      [{ state: 'completed' }, 'state'],
    ] as const) {
      const answer = await ask(getBillRunHistory, billRunsPath, query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
    }
  });
});

describe('a rebuild from the event archive', () => {
  async function reports(): Promise<unknown[]> {
    return Promise.all([
      ask(getReceivablesReport, receivablesPath, { asOf: '2027-03-05T00:00:00Z' }).then((answer) => answer.body),
      ask(getReceivablesReport, receivablesPath, { 'testClock.id': 'clk-1' }).then((answer) => answer.body),
      ask(getBillRunHistory, billRunsPath, {}).then((answer) => answer.body),
      ask(getBillRunHistory, billRunsPath, { 'testClock.id': 'clk-1' }).then((answer) => answer.body),
    ]);
  }

  it('gives the same figures from the same events replayed into an empty model, shuffled and delivered twice', async () => {
    const expected = await reports();
    const events = [...receivablesHistory(), ...billRunsHistory()];
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const replay = [...events, ...events.filter(() => random() < 0.5)]
        .map((event) => ({ event, order: random() }))
        .sort((a, b) => a.order - b.order)
        .map(({ event }) => event);
      emptyModel();
      await deliver(replay);
      expect(await reports()).toEqual(expected);
    }
  });

  it('a delivery counted already writes nothing; a payment before its bill waits for the issue', async () => {
    const [issue, , , , , payment] = receivablesHistory();
    const before = table.itemsOf('RECEIVABLE#b1');
    expect(await keepReceivables(onBus(payment!) as never, lambdaContext('keep-receivables'))).toEqual({ bills: 1, written: 0 });
    expect(table.itemsOf('RECEIVABLE#b1')).toEqual(before);

    emptyModel();
    await deliver([payment!]);
    expect((await ask(getReceivablesReport, receivablesPath, {})).body.totals).toEqual([]);
    await deliver([issue!]);
    expect((await ask(getReceivablesReport, receivablesPath, {})).body.totals).toEqual([{ currency: 'EUR', open: eur(60), buckets: expect.any(Object) }]);
  });
});
