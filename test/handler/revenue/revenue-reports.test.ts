import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler as bookRevenue } from '../../../functions/revenue/book-revenue.js';
import { closeRevenueMonths } from '../../../functions/revenue/close-revenue-months.js';
import { handler as getRevenueReport } from '../../../functions/revenue/get-revenue-report.js';
import { handler as listJournalEntries } from '../../../functions/revenue/list-journal-entries.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { billIssuedEvent, creditNoteIssuedEvent, writeCreditNote, writeWorkedExample } from './revenue-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const revenuePath = '/reports/v1/revenue';
const journalPath = '/reports/v1/journalEntries';
const eur = (value: number) => ({ unit: 'EUR', value });

let table: FakeBillingTable;
beforeEach(async () => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-03-05T10:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  const bill = writeWorkedExample(table);
  await bookRevenue(billIssuedEvent(bill) as never, lambdaContext('book-revenue'));
  await bookRevenue(creditNoteIssuedEvent(writeCreditNote(table, '2027-02-20T10:00:00.000Z')) as never, lambdaContext('book-revenue'));
  await closeRevenueMonths({ asOf: '2027-03-05T10:00:00.000Z', correlationId: 'corr-close' });
  return () => vi.restoreAllMocks();
});

const ask = (handler: typeof getRevenueReport, path: string, query: Record<string, string>, options: { claims?: Claims; headers?: Record<string, string> } = {}) =>
  invoke(handler, apiEvent({ method: 'GET', path, query, claims: options.claims ?? agentClaims, ...(options.headers ? { headers: options.headers } : {}) }), lambdaContext('revenue-report'));

describe('GET /reports/v1/revenue', () => {
  it('gives recognized and deferred revenue by offering and currency at the end of a closed month', async () => {
    const january = await ask(getRevenueReport, revenuePath, { month: '2027-01' });
    expect(january.statusCode).toBe(200);
    expect(january.body).toEqual({
      month: '2027-01',
      closedAt: '2027-03-05T10:00:00.000Z',
      revenue: [{ productOffering: { id: 'po-mobile-l' }, currency: 'EUR', billed: eur(37.5), credited: eur(0), recognized: eur(25.83), deferred: eur(11.67), badDebt: eur(0) }],
    });
    const february = await ask(getRevenueReport, revenuePath, { month: '2027-02' });
    expect(february.body.revenue).toEqual([{ productOffering: { id: 'po-mobile-l' }, currency: 'EUR', billed: eur(37.5), credited: eur(8.33), recognized: eur(29.17), deferred: eur(0), badDebt: eur(0) }]);
  });

  it('as CSV with Accept: text/csv, amounts as exact decimals', async () => {
    const answer = await getRevenueReport(apiEvent({ method: 'GET', path: revenuePath, query: { month: '2027-01' }, headers: { Accept: 'text/csv' }, claims: agentClaims }), lambdaContext('revenue-report'));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers!['content-type']).toBe('text/csv;charset=utf-8');
    expect(answer.body).toBe('month,productOfferingId,currency,billed,credited,recognized,deferred,badDebt\r\n2027-01,po-mobile-l,EUR,37.50,0.00,25.83,11.67,0.00\r\n');
  });

  it("leaves test clocks' ledgers out unless testClock.id names one; a clock's months are its own", async () => {
    table.put(testClockItem(testClock('clk-1', '2027-01-20T10:00:00.000Z')));
    expectTmfError(await ask(getRevenueReport, revenuePath, { month: '2027-01', 'testClock.id': 'clk-1' }), 409, 'MONTH_NOT_CLOSED');
    const unknown = await ask(getRevenueReport, revenuePath, { month: '2027-01', 'testClock.id': 'clk-nope' });
    expectTmfError(unknown, 400, 'INVALID_REQUEST');
    expect(detailFields(unknown)).toEqual(['testClock.id']);
  });

  it('refuses a month not closed yet (409), a bad month or an unknown parameter (400 naming it), a customer (403)', async () => {
    const open = await ask(getRevenueReport, revenuePath, { month: '2027-03' });
    expectTmfError(open, 409, 'MONTH_NOT_CLOSED');
    expect(open.body.message).toBe('month 2027-03 of the live revenue is not closed yet: its close runs from 2027-04-02T12:00:00.000Z');
    for (const [query, field] of [
      [{}, 'month'],
      [{ month: '2027-13' }, 'month'],
      [{ month: '2027-3' }, 'month'],
      [{ month: 'March' }, 'month'],
      [{ month: '2027-01', currency: 'EUR' }, 'currency'],
      [{ month: '2027-01', limit: '10' }, 'limit'],
    ] as const) {
      const answer = await ask(getRevenueReport, revenuePath, query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
    }
    expectTmfError(await ask(getRevenueReport, revenuePath, { month: '2027-01' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
  });
});

describe('GET /reports/v1/journalEntries', () => {
  it("gives a closed month's journal entries, the accounting export", async () => {
    const february = await ask(listJournalEntries, journalPath, { month: '2027-02' });
    expect(february.statusCode).toBe(200);
    expect(february.body).toEqual({
      month: '2027-02',
      closedAt: '2027-03-05T10:00:00.000Z',
      journalEntry: [
        { id: 'live#2027-02#po-mobile-l#EUR#credited', month: '2027-02', productOffering: { id: 'po-mobile-l' }, currency: 'EUR', kind: 'credited', debitAccount: 'deferredRevenue', creditAccount: 'receivable', amount: eur(8.33) },
        { id: 'live#2027-02#po-mobile-l#EUR#recognized', month: '2027-02', productOffering: { id: 'po-mobile-l' }, currency: 'EUR', kind: 'recognized', debitAccount: 'deferredRevenue', creditAccount: 'recognizedRevenue', amount: eur(3.34) },
      ],
    });
    expect(february.headers['x-total-count']).toBe('2');
  });

  it('as CSV with Accept: text/csv', async () => {
    const answer = await listJournalEntries(apiEvent({ method: 'GET', path: journalPath, query: { month: '2027-01' }, headers: { accept: 'text/csv, application/json;q=0.5' }, claims: agentClaims }), lambdaContext('journal'));
    expect(answer.body).toBe(
      'id,month,productOfferingId,currency,kind,debitAccount,creditAccount,amount\r\n' +
        'live#2027-01#po-mobile-l#EUR#billed,2027-01,po-mobile-l,EUR,billed,receivable,deferredRevenue,37.50\r\n' +
        'live#2027-01#po-mobile-l#EUR#recognized,2027-01,po-mobile-l,EUR,recognized,deferredRevenue,recognizedRevenue,25.83\r\n',
    );
  });

  it('refuses a month not closed, a malformed month, a customer', async () => {
    expectTmfError(await ask(listJournalEntries, journalPath, { month: '2027-03' }), 409, 'MONTH_NOT_CLOSED');
    const bad = await ask(listJournalEntries, journalPath, { month: '27-01' });
    expectTmfError(bad, 400, 'INVALID_REQUEST');
    expect(detailFields(bad)).toEqual(['month']);
    expectTmfError(await ask(listJournalEntries, journalPath, { month: '2027-01' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
  });
});
