import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { AppliedCustomerBillingRate } from '../domain/billing/customer-bill.js';
import { monthsAfter, revenueMonthOf, type RevenueMonth } from '../domain/revenue/revenue-month.js';
import { billLineSchedule } from '../domain/revenue/revenue-schedule.js';
import { closeRevenueMonths, type CloseSummary } from '../functions/revenue/close-revenue-months.js';
import { dynamoDbClient } from '../functions/lib/store/dynamo-client.js';
import { billRunHistoryItem, receivableItem } from '../functions/lib/store/report-store.js';
import { revenuePartitions, scheduleBooking } from '../functions/lib/store/revenue-store.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import type { BenchApi } from './api-client.js';
import { BenchTable } from './bench-table.js';
import { cpuBetween, cpuSeconds, DynamoDbCallRecorder, waitForStreamRelay } from './runtime-activity.js';
import { seededRandom } from './seeded-random.js';
import { percentile, round2 } from './statistics.js';

/**
 * The monthly revenue close and the /reports/v1 reports at scale (docs/reports.md, "Performance"),
 * on the runtime's DynamoDB Local.
 *
 * Seed: `accounts` live accounts, each billed every month for `months` months before the current
 * one (a monthly charge of 5 to 80 EUR from the 16th to the 16th, one of five offerings), written
 * straight into the table with the revenue store's item builders (scheduleBooking: the schedule
 * and its month index items), as book-revenue leaves them; one open bill per account in the
 * receivables read model, and a year of daily scheduled billing runs in the history, with the
 * reports store's builders.
 *
 * Close: `closeRevenueMonths` as of now, in this process (what the monthly schedule runs): every
 * month closed in order. Raw floor: the same requests, month by month, made directly with the
 * SDK on the bench's own client (the ledger's UpdateItem, one Query per partition to its last
 * page, the previous balances' GetItem, the journal entries' BatchWriteItem, the finishing
 * transaction of three writes), on a ledger of its own so nothing is really closed; once before
 * and once after the close, the mean taken.
 *
 * Reports: each /reports/v1 report over that data, through the API, one request at a time.
 */
export interface RevenueClosePlan {
  accounts: number;
  months: number;
  /** Requests per report (after a few warm-up calls). */
  reportRequests: number;
}

export interface ReportLatency {
  path: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** DynamoDB calls the handler made (parallel ones each counted: the live receivables' 16 shards are one round trip of latency). */
  dynamoDbCalls: number;
  /** What it answered, to see it was a real answer. */
  answer: string;
}

export interface RevenueCloseFigures {
  accounts: number;
  months: number;
  schedules: number;
  seed: { items: number; seconds: number };
  close: {
    seconds: number;
    monthsClosed: number;
    journalEntries: number;
    callsByOperation: Record<string, number>;
    cpuSeconds: { node: number; dynamoDbLocal: number | null };
  };
  floor: { seconds: number; runsSeconds: number[]; callsPerRun: number };
  /** The close's seconds over the floor's (1.00 = no overhead over its own requests). */
  ratio: number;
  reports: ReportLatency[];
}

const offerings = ['po-bench-mobile-s', 'po-bench-mobile-m', 'po-bench-mobile-l', 'po-bench-fibre', 'po-bench-tv'];
const accountId = (index: number) => `bench-revenue-ba-${String(index).padStart(6, '0')}`;

function monthlyLine(account: number, month: RevenueMonth, amountCents: number): AppliedCustomerBillingRate {
  const id = `bench-revenue-${String(account).padStart(6, '0')}-${month}-0001`;
  const start = `${month}-16T00:00:00.000Z`;
  const end = `${monthsAfter(month, 1)}-16T00:00:00.000Z`;
  const amount = { unit: 'EUR', value: amountCents / 100 };
  return {
    id,
    type: 'recurring',
    periodCoverage: { startDateTime: start, endDateTime: end },
    taxExcludedAmount: amount,
    appliedTax: [],
    billingAccount: { id: accountId(account), href: '', '@referredType': 'BillingAccount' },
  } as unknown as AppliedCustomerBillingRate;
}

async function seed(table: BenchTable, plan: RevenueClosePlan, months: RevenueMonth[], now: string, progress: (line: string) => void): Promise<{ items: number; schedules: number }> {
  const random = seededRandom(20_270_501);
  let items = 0;
  let schedules = 0;
  const batch = 500;
  for (let first = 0; first < plan.accounts; first += batch) {
    const chunk: Record<string, unknown>[] = [];
    for (let account = first; account < Math.min(first + batch, plan.accounts); account += 1) {
      const offeringId = offerings[account % offerings.length]!;
      const cents = 500 + Math.floor(random() * 7_500);
      for (const month of months) {
        chunk.push(...scheduleBooking('live', billLineSchedule({ line: monthlyLine(account, month, cents), offeringId, timeZone: 'UTC', bookedIn: month })).items);
        schedules += 1;
      }
      // The last month's bill still open, due on the 30th, in the receivables read model.
      const billId = `bench-revenue-bill-${String(account).padStart(6, '0')}`;
      chunk.push(
        receivableItem(
          billId,
          {
            ledger: 'live',
            movements: {},
            issued: { billId, billingAccountId: accountId(account), customerId: `bench-revenue-cust-${account}`, currency: 'EUR', paymentDueDate: `${months[months.length - 1]}-28T00:00:00.000Z`, owedAtIssueMinor: BigInt(cents) },
          },
          1,
        ),
      );
    }
    await table.putAll(chunk, { concurrency: 8 });
    items += chunk.length;
    const done = Math.min(first + batch, plan.accounts);
    if (done % 2_000 === 0 || done === plan.accounts) progress(`  ${done.toLocaleString('en')} of ${plan.accounts.toLocaleString('en')} accounts seeded (${items.toLocaleString('en')} items)`);
  }
  // A year of daily scheduled runs, as BillRunCompleted leaves them.
  const runs = Array.from({ length: 365 }, (_, day) => {
    const asOf = new Date(Date.parse(now) - (day + 1) * 86_400_000).toISOString();
    return billRunHistoryItem({ billRunId: `bench-run-${day}`, ledger: 'live', asOf, trigger: 'schedule', completed: { at: asOf, state: 'completed', counts: { due: 30, billed: 30, skipped: 0, failed: 0, bills: 30 } } });
  });
  await table.putAll(runs, { concurrency: 4 });
  return { items: items + runs.length, schedules };
}

/** The close's requests, month by month, straight through the SDK on a ledger of the floor's own. */
async function rawFloor(table: BenchTable, months: RevenueMonth[], entriesPerMonth: number): Promise<number> {
  const ledgerKey = { pk: 'REVENUE_LEDGER#bench-floor', sk: 'REVENUE_LEDGER' };
  const started = performance.now();
  for (const month of months) {
    await table.documents.send(new UpdateCommand({ TableName: table.tableName, Key: ledgerKey, UpdateExpression: 'SET lastClosedMonth = :month', ExpressionAttributeValues: { ':month': month } }));
    const [pages] = await Promise.all([
      Promise.all(
        revenuePartitions('live').map(async (partition) => {
          let startKey: Record<string, unknown> | undefined;
          let count = 0;
          do {
            const answer: QueryCommandOutput = await table.documents.send(
              new QueryCommand({ TableName: table.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :month)', ExpressionAttributeValues: { ':pk': partition, ':month': `${month}#` }, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
            );
            count += answer.Items?.length ?? 0;
            startKey = answer.LastEvaluatedKey;
          } while (startKey);
          return count;
        }),
      ),
      table.documents.send(new GetCommand({ TableName: table.tableName, Key: { pk: ledgerKey.pk, sk: `BALANCES#${monthsAfter(month, -1)}` } })),
    ]);
    if (pages.reduce((sum, count) => sum + count, 0) === 0) throw new Error(`the raw floor read nothing of ${month}`);
    const entries = Array.from({ length: entriesPerMonth }, (_, index) => ({ pk: ledgerKey.pk, sk: `JOURNAL_ENTRY#${month}#${index}`, entityType: 'BenchFloor', entry: { amountMinor: '100', month } }));
    for (let start = 0; start < entries.length; start += 25) await table.batchPut(entries.slice(start, start + 25));
    await table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: table.tableName, Key: ledgerKey, UpdateExpression: 'SET lastJournaledMonth = :month', ExpressionAttributeValues: { ':month': month } } },
          { Put: { TableName: table.tableName, Item: { pk: ledgerKey.pk, sk: `BALANCES#${month}`, entityType: 'BenchFloor', balances: offerings.map((offeringId) => ({ offeringId, currency: 'EUR', deferredMinor: '0' })) } } },
          { Put: { TableName: table.tableName, Item: { pk: `OUTBOX#bench-floor-${month}`, sk: 'BENCH_FLOOR', entityType: 'BenchFloor' } } },
        ],
      }),
    );
  }
  return (performance.now() - started) / 1000;
}

async function reportLatency(api: BenchApi, path: string, requests: number): Promise<ReportLatency> {
  for (let warmup = 0; warmup < 3; warmup += 1) await api.call(path);
  const times: number[] = [];
  let calls = 0;
  let answer = '';
  for (let request = 0; request < requests; request += 1) {
    const response = await api.call<any>(path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
    times.push(response.ms);
    calls = response.roundTrips;
    const body = response.body;
    answer = body.revenue ? `${body.revenue.length} offering balances` : body.journalEntry ? `${body.journalEntry.length} journal entries` : body.accounts ? `${body.accounts.length} accounts, ${body.totals.map((total: { open: { value: number; unit: string } }) => `${total.open.value} ${total.open.unit}`).join(', ')} open` : `${body.billRun.length} billing runs`;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { path, count: requests, p50Ms: round2(percentile(sorted, 0.5)), p99Ms: round2(percentile(sorted, 0.99)), maxMs: round2(sorted[sorted.length - 1]!), dynamoDbCalls: calls, answer };
}

export async function measureRevenueClose(runtime: LocalRuntime, api: BenchApi, plan: RevenueClosePlan, progress: (line: string) => void): Promise<RevenueCloseFigures> {
  // The monthly close's schedule must not close these months behind the bench's back.
  runtime.scheduler.stop();
  const table = new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName);
  const now = new Date().toISOString();
  const current = revenueMonthOf(Date.parse(now), 'UTC');
  const months = Array.from({ length: plan.months }, (_, index) => monthsAfter(current, index - plan.months));

  progress(`revenue close: seeding ${plan.accounts.toLocaleString('en')} accounts × ${plan.months} months of revenue schedules (${months[0]} to ${months[months.length - 1]})`);
  const seedStarted = performance.now();
  const seeded = await seed(table, plan, months, now, progress);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  await waitForStreamRelay(runtime);
  progress(`  ${seeded.items.toLocaleString('en')} items (${seeded.schedules.toLocaleString('en')} schedules) in ${seedSeconds.toFixed(1)} s`);

  // Five offerings, one currency: a month's journal has a billed and a recognized entry per offering.
  const entriesPerMonth = offerings.length * 2;
  progress('raw floor, before the close');
  table.calls = 0;
  const floorBefore = await rawFloor(table, months, entriesPerMonth);

  progress(`closing ${plan.months} months with closeRevenueMonths`);
  const recorder = new DynamoDbCallRecorder(dynamoDbClient as never);
  const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
  const closeStarted = performance.now();
  let summary: CloseSummary;
  try {
    summary = await closeRevenueMonths({ asOf: now, correlationId: 'bench-revenue-close' });
  } finally {
    recorder.stop();
  }
  const closeSeconds = (performance.now() - closeStarted) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuSeconds(runtime.dynamoDbEndpoint));
  if (summary.closed.length !== plan.months) throw new Error(`the close closed ${summary.closed.length} months, not ${plan.months}: ${JSON.stringify(summary.closed)}`);
  await waitForStreamRelay(runtime);

  progress('raw floor, after the close');
  const floorAfter = await rawFloor(table, months, entriesPerMonth);
  const floorCalls = table.calls;
  const floorSeconds = (floorBefore + floorAfter) / 2;
  const ratio = round2(closeSeconds / floorSeconds);
  progress(`  close ${closeSeconds.toFixed(1)} s, raw floor ${floorSeconds.toFixed(1)} s (${floorBefore.toFixed(1)} and ${floorAfter.toFixed(1)}): ${ratio.toFixed(2)}× the floor`);

  const lastMonth = months[months.length - 1]!;
  const reports: ReportLatency[] = [];
  for (const path of [
    `/reports/v1/revenue?month=${lastMonth}`,
    `/reports/v1/journalEntries?month=${lastMonth}`,
    `/reports/v1/receivables?asOf=${encodeURIComponent(now)}`,
    `/reports/v1/billRuns?from=${encodeURIComponent(new Date(Date.parse(now) - 366 * 86_400_000).toISOString())}&to=${encodeURIComponent(now)}`,
  ]) {
    const latency = await reportLatency(api, path, plan.reportRequests);
    reports.push(latency);
    progress(`  ${path.split('?')[0]}: p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, ${latency.dynamoDbCalls} DynamoDB calls (${latency.answer})`);
  }

  return {
    accounts: plan.accounts,
    months: plan.months,
    schedules: seeded.schedules,
    seed: { items: seeded.items, seconds: round2(seedSeconds) },
    close: {
      seconds: round2(closeSeconds),
      monthsClosed: summary.closed.length,
      journalEntries: summary.closed.reduce((sum, month) => sum + month.journalEntries, 0),
      callsByOperation: recorder.calls,
      cpuSeconds: cpu,
    },
    floor: { seconds: round2(floorSeconds), runsSeconds: [round2(floorBefore), round2(floorAfter)], callsPerRun: Math.round(floorCalls / 2) },
    ratio,
    reports,
  };
}
