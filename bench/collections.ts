import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ledgerEntry } from '../domain/collections/account-ledger.js';
import { applyPaymentToBill } from '../domain/collections/bill-settlement.js';
import type { Dunning } from '../domain/collections/dunning.js';
import { PaymentReceived } from '../domain/events/collections-events.js';
import { money, moneyToTmf } from '../domain/money/money.js';
import { newAccountPayment } from '../domain/payments/account-payment.js';
import { collectBill, collectionKeys, type CollectionOutcome } from '../functions/collections/bill-collection.js';
import { runCollections, type CollectionsRunSummary } from '../functions/collections/run-collections.js';
import { idFrom } from '../functions/lib/ids.js';
import { simulatedPaymentGateway } from '../functions/lib/providers/simulated-payment-gateway.js';
import { simulatedMessageId } from '../functions/lib/providers/simulated-notification-sender.js';
import { ledgerEntryActions } from '../functions/lib/store/account-ledger-store.js';
import { billKey, billPaymentUpdate } from '../functions/lib/store/bill-store.js';
import { communicationMessageKey } from '../functions/lib/store/communication-message-store.js';
import { dynamoDbClient, tableName } from '../functions/lib/store/dynamo-client.js';
import { outboxPut } from '../functions/lib/store/outbox.js';
import { paymentKey, paymentPut } from '../functions/lib/store/payment-store.js';
import { countingRoundTrips } from '../functions/lib/store/round-trips.js';
import { keys } from '../functions/lib/store/table-items.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import { BenchTable } from './bench-table.js';
import { billingAccountItems, customerItem } from './bench-items.js';
import { dunningDigest, issuedBill, issuedBillItems, openBillSeeds, pool, type DunningDigest, type OpenBillSeed } from './collections-items.js';
import { cpuBetween, cpuSeconds, DynamoDbCallRecorder, InvocationRecorder, waitForStreamRelay, type FunctionActivity } from './runtime-activity.js';
import { round2 } from './statistics.js';

/**
 * Collections at scale (docs/collections.md), on the runtime's DynamoDB Local, in this process.
 *
 * Collection: bills issued and open, written straight into the table as the billing run's
 * issuing leaves them (one account each, a visa card on file, no credit), collected by
 * `collectBill` called here with bounded concurrency: what the rule
 * `customer-bill-issued-collects-bill` runs per issued bill, without the event's delivery (the
 * billing run's own bills are collected by that rule while the run goes on, which would tangle the
 * two figures). The raw floor makes the same DynamoDB requests per bill directly with the SDK,
 * with the same concurrency, on other bills of the same population, half before and half after.
 *
 * Dunning: accounts on one test clock, each with one open bill a day past its due date whose
 * collection at issue was declined (`pm_card_declined`), and an e-mail address; one
 * `runCollections` as of that day begins dunning for all and performs day 1 (a real retry through
 * the gateway, declined again, and the reminder) for all. No floor: the figure is reported as is.
 */
export interface CollectionsPlan {
  bills: number;
  floorBills: number;
  /** Bills collected at once (each issued bill is a Lambda invocation of its own on AWS). */
  concurrency: number;
  dunningAccounts: number;
}

export interface BillCollectionFigures {
  bills: number;
  concurrency: number;
  seed: { items: number; seconds: number };
  run: {
    seconds: number;
    billsPerSecond: number;
    outcomes: Record<string, number>;
    /** Every bill settled, out of the open-bills index, with its payment recorded. */
    settledEveryBill: boolean;
    checked: { settled: number; leftOpenIndex: number; payments: number };
    problems: string[];
    /** collectBill's own round trips per bill (counted in its scope), and the spread. */
    roundTripsPerBill: { mean: number; min: number; max: number };
    /** The shared client's calls by operation while the bills were collected (background handlers' included), per bill. */
    callsPerBill: Record<string, number>;
    callErrors: Record<string, number>;
    /** Functions the runtime invoked meanwhile (PaymentReceived delivered to review-account-dunning). */
    byFunction: Record<string, FunctionActivity>;
    cpuSeconds: { node: number; dynamoDbLocal: number | null };
  };
  floor: { bills: number; seconds: number; billsPerSecond: number; callsPerBill: number; callsByOperationPerBill: Record<string, number>; cpuSeconds: { node: number; dynamoDbLocal: number | null } };
  /** Bills/s collected over the floor's. */
  ratio: number;
}

export interface DunningFigures {
  accounts: number;
  asOf: string;
  seed: { items: number; seconds: number };
  seconds: number;
  accountsPerSecond: number;
  summary: Omit<CollectionsRunSummary, 'failed'> & { failed: number; failures: string[] };
  digest: DunningDigest;
  /** Bills whose second attempt (the day-1 retry) was declined by the gateway; reminders recorded. */
  retriesDeclined: number;
  reminders: number;
  everyAccountDayOne: boolean;
  callsPerAccount: Record<string, number>;
  callErrors: Record<string, number>;
  byFunction: Record<string, FunctionActivity>;
  cpuSeconds: { node: number; dynamoDbLocal: number | null };
}

const dayMs = 86_400_000;
const perUnit = (calls: Record<string, number>, units: number) => Object.fromEntries(Object.entries(calls).map(([operation, count]) => [operation, round2(count / units)]));

export async function measureBillCollection(runtime: LocalRuntime, plan: CollectionsPlan, progress: (line: string) => void): Promise<BillCollectionFigures> {
  // The daily collections run (the runtime's cron) would find these bills too.
  runtime.scheduler.stop();
  const table = new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName);
  try {
    const issuedAt = new Date(Date.now() - 60_000).toISOString();
    const billDate = new Date(Date.parse(issuedAt) - dayMs).toISOString();
    const paymentDueDate = new Date(Date.parse(billDate) + 14 * dayMs).toISOString();
    const population = (count: number, seed: number, numberPrefix: string) => openBillSeeds({ count, seed, billDate, paymentDueDate, idOf: randomUUID, numberPrefix });
    const bills = population(plan.bills, 20_270_301, 'BENCH-COLLECT');
    const floorBills = population(plan.floorBills, 20_270_302, 'BENCH-FLOOR');

    progress(`bill collection: seeding ${bills.length.toLocaleString('en')} issued open bills and ${floorBills.length.toLocaleString('en')} for the raw floor (one account each, visa on file)`);
    const seedStarted = performance.now();
    const items = [...bills, ...floorBills].flatMap((seed) => accountAndBillItems(runtime.tableName, seed, issuedAt, { paymentMethodId: 'pm_card_visa' }));
    await table.putAll(items, { concurrency: 8, progressEvery: 25_000, onProgress: (written) => progress(`  ${written.toLocaleString('en')} of ${items.length.toLocaleString('en')} items written`) });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const catchUp = await waitForStreamRelay(runtime);
    progress(`  ${items.length.toLocaleString('en')} items in ${seedSeconds.toFixed(1)} s; the stream relay caught up ${catchUp.toFixed(1)} s later`);

    const now = new Date().toISOString();
    const floorWork = floorBills.map((seed) => prepareFloorBill(seed, issuedAt, now));
    const half = Math.ceil(floorWork.length / 2);
    progress(`raw floor, first half: ${half.toLocaleString('en')} bills, ${plan.concurrency} at a time`);
    const floorA = await runFloor(table, floorWork.slice(0, half), plan.concurrency, runtime.dynamoDbEndpoint);
    await waitForStreamRelay(runtime);

    progress(`bill collection: ${bills.length.toLocaleString('en')} bills through collectBill, ${plan.concurrency} at a time`);
    const run = await collectAll(runtime, table, bills, plan.concurrency, progress);
    await waitForStreamRelay(runtime);

    progress(`raw floor, second half: ${(floorWork.length - half).toLocaleString('en')} bills`);
    const floorB = await runFloor(table, floorWork.slice(half), plan.concurrency, runtime.dynamoDbEndpoint);
    const floorSeconds = floorA.seconds + floorB.seconds;
    const floorRate = floorWork.length / floorSeconds;
    const floorCalls = Object.fromEntries([...new Set([...Object.keys(floorA.calls), ...Object.keys(floorB.calls)])].map((operation) => [operation, (floorA.calls[operation] ?? 0) + (floorB.calls[operation] ?? 0)]));
    const floorCallCount = Object.values(floorCalls).reduce((sum, count) => sum + count, 0);
    const ratio = round2(run.billsPerSecond / floorRate);
    progress(`  collection ${run.billsPerSecond} bills/s, raw floor ${Math.round(floorRate)} bills/s (ratio ${ratio.toFixed(2)}); ${run.roundTripsPerBill.mean} round trips per bill against the floor's ${round2(floorCallCount / floorWork.length)}`);
    return {
      bills: bills.length,
      concurrency: plan.concurrency,
      seed: { items: items.length, seconds: round2(seedSeconds) },
      run,
      floor: {
        bills: floorWork.length,
        seconds: round2(floorSeconds),
        billsPerSecond: Math.round(floorRate),
        callsPerBill: round2(floorCallCount / floorWork.length),
        callsByOperationPerBill: perUnit(floorCalls, floorWork.length),
        cpuSeconds: {
          node: round2(floorA.cpu.node + floorB.cpu.node),
          dynamoDbLocal: floorA.cpu.dynamoDbLocal === null || floorB.cpu.dynamoDbLocal === null ? null : round2(floorA.cpu.dynamoDbLocal + floorB.cpu.dynamoDbLocal),
        },
      },
      ratio,
    };
  } finally {
    table.destroy();
  }
}

/** The customer (with an e-mail address), its default account (card on file, balance moved by the bill) and the issued bill with its ledger entry. */
function accountAndBillItems(table: string, seed: OpenBillSeed, issuedAt: string, options: { paymentMethodId: string; declinedAttempts?: number }): Record<string, unknown>[] {
  const account = { id: seed.accountId, customerId: seed.customerId, openedAt: new Date(Date.parse(seed.billDate) - 60 * dayMs).toISOString() };
  const [accountItem, ...rest] = billingAccountItems({ table, timeZone: 'Europe/Paris' }, account, { paymentMethodId: options.paymentMethodId, ...(seed.testClockId ? { testClockId: seed.testClockId } : {}) });
  const bill = issuedBillItems(seed, issuedAt, options.declinedAttempts ? { declinedAttempts: options.declinedAttempts } : {});
  return [customerItem({ table }, { customerId: seed.customerId, openedAt: account.openedAt }), { ...accountItem!, balanceMinor: Number(seed.amountMinor) }, ...rest, bill.bill, bill.ledgerEntry];
}

async function collectAll(runtime: LocalRuntime, table: BenchTable, bills: readonly OpenBillSeed[], concurrency: number, progress: (line: string) => void): Promise<BillCollectionFigures['run']> {
  const invocations = new InvocationRecorder(runtime);
  const calls = new DynamoDbCallRecorder(dynamoDbClient as never);
  const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
  const outcomes: Record<string, number> = {};
  const trips: number[] = [];
  const failures: string[] = [];
  let done = 0;
  let lastReport = performance.now();
  const started = performance.now();
  try {
    await pool(bills, concurrency, async (seed) => {
      try {
        const { result, roundTrips } = await countingRoundTrips<CollectionOutcome>(() => collectBill(seed.billId, { correlationId: `bench-collection-${seed.billId}`, gateway: simulatedPaymentGateway }));
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        trips.push(roundTrips);
      } catch (error) {
        outcomes.failed = (outcomes.failed ?? 0) + 1;
        if (failures.length < 3) failures.push(`bill ${seed.billId}: ${(error as Error).message}`);
      }
      done += 1;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        progress(`  ${done.toLocaleString('en')} of ${bills.length.toLocaleString('en')} bills collected`);
      }
    });
  } finally {
    invocations.stop();
    calls.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuSeconds(runtime.dynamoDbEndpoint));

  const stored = await table.getAll(bills.map((seed) => billKey(seed.billId)), ['resource', 'gsi3pk']);
  const settled = stored.filter((item) => (item.resource as { state: string }).state === 'settled').length;
  const leftOpenIndex = stored.filter((item) => item.gsi3pk === undefined).length;
  const payments = (await table.getAll(bills.map((seed) => paymentKey(idFrom(collectionKeys(seed.billId, 1).authorization))), ['pk'])).length;
  const problems = [...failures];
  if (settled !== bills.length || leftOpenIndex !== bills.length || payments !== bills.length) {
    problems.push(`${settled} bills settled, ${leftOpenIndex} out of the open-bills index and ${payments} payments recorded for ${bills.length} bills; outcomes ${JSON.stringify(outcomes)}`);
  }
  const figures = {
    seconds: round2(seconds),
    billsPerSecond: Math.round((outcomes.collected ?? 0) / seconds),
    outcomes,
    settledEveryBill: problems.length === 0,
    checked: { settled, leftOpenIndex, payments },
    problems,
    roundTripsPerBill: { mean: round2(trips.reduce((sum, count) => sum + count, 0) / Math.max(1, trips.length)), min: Math.min(...trips), max: Math.max(...trips) },
    callsPerBill: perUnit(calls.calls, bills.length),
    callErrors: calls.errors,
    byFunction: invocations.summary(),
    cpuSeconds: cpu,
  };
  progress(
    `  ${(outcomes.collected ?? 0).toLocaleString('en')} of ${bills.length.toLocaleString('en')} bills collected in ${figures.seconds} s; ${settled.toLocaleString('en')} settled, ${payments.toLocaleString('en')} payments; ` +
      `CPU: this process ${cpu.node} s, DynamoDB Local ${cpu.dynamoDbLocal ?? 'n/a'} s`,
  );
  for (const problem of problems) progress(`  PROBLEM: ${problem}`);
  return figures;
}

/** What the floor writes for one bill, built beforehand: the gateway's items, the payment's transaction. */
interface FloorBill {
  seed: OpenBillSeed;
  authorizationItem: Record<string, unknown>;
  captureItem: Record<string, unknown>;
  paymentActions: Record<string, unknown>[];
}

/** The gateway's ledger key of an idempotency key (functions/lib/providers/simulated-payment-gateway.ts: 32 hex digits of its SHA-256). */
const gatewayId = (prefix: string, idempotencyKey: string) => `${prefix}${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;

function prepareFloorBill(seed: OpenBillSeed, issuedAt: string, now: string): FloorBill {
  const table = tableName();
  const gatewayKeys = collectionKeys(seed.billId, 1);
  const authorizationId = gatewayId('sim_auth_', gatewayKeys.authorization);
  const captureId = gatewayId('sim_cap_', gatewayKeys.capture);
  const amount = { minorUnits: seed.amountMinor.toString(), currency: 'EUR' };
  const bill = issuedBill(seed, issuedAt);
  const paymentId = idFrom(gatewayKeys.authorization);
  const payment = newAccountPayment({
    id: paymentId,
    billingAccountId: seed.accountId,
    customerId: seed.customerId,
    channel: 'card',
    paymentMethodId: 'pm_card_visa',
    amountMinor: seed.amountMinor,
    currency: 'EUR',
    allocations: [{ billId: seed.billId, amountMinor: seed.amountMinor }],
    unappliedMinor: 0n,
    now,
    description: `Collection of bill ${seed.billNo}`,
    correlatorId: seed.billId,
    authorizationCode: 'FLOOR0',
    captureId,
  });
  const paid = applyPaymentToBill(bill, { id: paymentId, amountMinor: seed.amountMinor }, now);
  const entry = ledgerEntry({
    billingAccountId: seed.accountId,
    kind: 'payment',
    amountMinor: -seed.amountMinor,
    currency: 'EUR',
    recordedAt: now,
    reference: { id: payment.id, href: payment.href, '@referredType': 'Payment' },
    description: 'card payment',
  });
  const event = PaymentReceived.create(
    {
      payment: {
        id: payment.id,
        href: payment.href,
        paymentDate: payment.paymentDate,
        channel: 'card',
        billingAccountId: seed.accountId,
        customerId: seed.customerId,
        totalAmount: payment.totalAmount,
        unappliedAmount: moneyToTmf(money(0n, 'EUR')),
      },
      bills: [{ id: seed.billId, appliedAmount: moneyToTmf(money(seed.amountMinor, 'EUR')), remainingAmount: paid.remainingAmount, state: paid.state }],
    },
    { eventId: randomUUID(), occurredAt: now, correlationId: 'bench-collection-floor' },
  );
  return {
    seed,
    authorizationItem: {
      pk: `SIMULATED_GATEWAY#${authorizationId}`,
      sk: 'AUTHORIZATION',
      entityType: 'SimulatedGatewayAuthorization',
      version: 1,
      authorizationId,
      idempotencyKey: gatewayKeys.authorization,
      paymentMethodToken: 'pm_card_visa',
      amount,
      description: `Bill ${seed.billNo}`,
      attempts: 1,
      recordedAt: now,
      outcome: 'authorized',
      status: 'authorized',
      authorizationCode: 'FLOOR0',
    },
    captureItem: {
      pk: `SIMULATED_GATEWAY#${captureId}`,
      sk: 'CAPTURE',
      entityType: 'SimulatedGatewayCapture',
      version: 1,
      captureId,
      idempotencyKey: gatewayKeys.capture,
      authorizationId,
      amount,
      recordedAt: now,
    },
    // Issued bills are at version 2 (written `new`, then issued); claiming an attempt leaves the version alone.
    paymentActions: [paymentPut(payment), billPaymentUpdate(paid, 2), ...ledgerEntryActions(entry), outboxPut(table, event)],
  };
}

/**
 * collectBill's requests for a bill of an account with no credit and a card that authorizes, in
 * its order (each await one step; Promise.all where it reads side by side): the bill, the
 * account; the bill and the credit; the attempt's claim; the gateway's authorization lookup, its
 * authorize (read, conditional put), its capture (read the capture, read the authorization, one
 * transaction); the payment's reads (the customer's bills, the credit) and its transaction (the
 * payment, the bill, the ledger entry, the balance, the event); the bill read back.
 */
async function floorCollect(table: BenchTable, work: FloorBill): Promise<void> {
  const documents = table.documents;
  const name = table.tableName;
  const { seed } = work;
  const get = (key: Record<string, unknown>, consistent = true) => documents.send(new GetCommand({ TableName: name, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }));
  const creditKey = { pk: keys.billingAccount(seed.accountId).pk, sk: 'ACCOUNT_CREDIT' };
  const authorizationKey = { pk: work.authorizationItem.pk, sk: 'AUTHORIZATION' };
  await get(billKey(seed.billId));
  await get(keys.billingAccount(seed.accountId), false);
  await Promise.all([get(billKey(seed.billId)), get(creditKey)]);
  await documents.send(
    new UpdateCommand({
      TableName: name,
      Key: billKey(seed.billId),
      UpdateExpression: 'SET #attempt = :attempt',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#attempt) OR #attempt = :attempt)',
      ExpressionAttributeNames: { '#attempt': 'collectionAttempt' },
      ExpressionAttributeValues: { ':attempt': 1 },
    }),
  );
  await get(authorizationKey);
  await get(authorizationKey);
  await documents.send(new PutCommand({ TableName: name, Item: work.authorizationItem, ConditionExpression: 'attribute_not_exists(pk)' }));
  await get({ pk: work.captureItem.pk, sk: 'CAPTURE' });
  await get(authorizationKey);
  await documents.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: name,
            Key: authorizationKey,
            UpdateExpression: 'SET #status = :captured, captureId = :captureId, capturedAmount = :amount, refundedAmount = :nothing, #version = :next',
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
            ExpressionAttributeValues: { ':captured': 'captured', ':captureId': work.captureItem.captureId, ':amount': work.captureItem.amount, ':nothing': { minorUnits: '0', currency: 'EUR' }, ':expected': 1, ':next': 2 },
          },
        },
        { Put: { TableName: name, Item: work.captureItem, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
  await Promise.all([
    documents.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${seed.customerId}`, ':prefix': 'CustomerBill#' },
      }),
    ),
    get(creditKey),
  ]);
  await documents.send(new TransactWriteCommand({ TransactItems: work.paymentActions as never }));
  await get(billKey(seed.billId));
}

async function runFloor(table: BenchTable, work: readonly FloorBill[], concurrency: number, endpoint: string): Promise<{ seconds: number; calls: Record<string, number>; cpu: { node: number; dynamoDbLocal: number | null } }> {
  const calls = new DynamoDbCallRecorder(table.client as never);
  const cpuBefore = cpuSeconds(endpoint);
  const started = performance.now();
  try {
    await pool(work, concurrency, (bill) => floorCollect(table, bill));
  } finally {
    calls.stop();
  }
  return { seconds: (performance.now() - started) / 1000, calls: calls.calls, cpu: cpuBetween(cpuBefore, cpuSeconds(endpoint)) };
}

export async function measureDunning(runtime: LocalRuntime, plan: CollectionsPlan, progress: (line: string) => void): Promise<DunningFigures> {
  runtime.scheduler.stop();
  const table = new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName);
  try {
    // Every bill a day and an hour past its due date: day 1 of the default policy is due, day 3 is not.
    const testClockId = randomUUID();
    const paymentDueDate = new Date(Math.floor(Date.now() / dayMs) * dayMs - 2 * dayMs).toISOString();
    const billDate = new Date(Date.parse(paymentDueDate) - 14 * dayMs).toISOString();
    const issuedAt = new Date(Date.parse(billDate) + 60_000).toISOString();
    const asOf = new Date(Date.parse(paymentDueDate) + dayMs + 3_600_000).toISOString();
    const seeds = openBillSeeds({ count: plan.dunningAccounts, seed: 20_270_303, billDate, paymentDueDate, idOf: randomUUID, numberPrefix: 'BENCH-DUNNING', testClockId });

    progress(`dunning: seeding ${seeds.length.toLocaleString('en')} accounts on test clock ${testClockId}, each with one bill overdue since ${paymentDueDate} (collection at issue declined, pm_card_declined)`);
    const seedStarted = performance.now();
    const items = seeds.flatMap((seed) => accountAndBillItems(runtime.tableName, seed, issuedAt, { paymentMethodId: 'pm_card_declined', declinedAttempts: 1 }));
    await table.putAll(items, { concurrency: 8, progressEvery: 25_000, onProgress: (written) => progress(`  ${written.toLocaleString('en')} of ${items.length.toLocaleString('en')} items written`) });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const catchUp = await waitForStreamRelay(runtime);
    progress(`  ${items.length.toLocaleString('en')} items in ${seedSeconds.toFixed(1)} s; the stream relay caught up ${catchUp.toFixed(1)} s later`);

    progress(`dunning: one collections run as of ${asOf} on the test clock (${seeds.length.toLocaleString('en')} accounts to begin, day 1 for each)`);
    const invocations = new InvocationRecorder(runtime);
    const calls = new DynamoDbCallRecorder(dynamoDbClient as never);
    const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
    const started = performance.now();
    // runCollections reports only when done: its transactions (a dunning begun, a step recorded) show how far it is.
    const ticker = setInterval(() => progress(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${(calls.calls.TransactWriteItems ?? 0).toLocaleString('en')} dunning transactions so far (2 per account when done)`), 10_000);
    let summary: CollectionsRunSummary;
    try {
      summary = await runCollections({ asOf, testClockId, correlationId: `bench-dunning-${testClockId}` });
    } finally {
      clearInterval(ticker);
      invocations.stop();
      calls.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuBetween(cpuBefore, cpuSeconds(runtime.dynamoDbEndpoint));
    await waitForStreamRelay(runtime);

    const dunningItems = await table.getAll(seeds.map((seed) => ({ pk: keys.billingAccount(seed.accountId).pk, sk: 'DUNNING' })));
    const stored = new Map(dunningItems.map((item) => [(item.dunning as Dunning).billingAccountId, item.dunning as Dunning]));
    const digest = dunningDigest(
      seeds.map((seed) => seed.accountId),
      stored,
      new Map(seeds.map((seed) => [seed.accountId, seed.paymentDueDate])),
    );
    const bills = await table.getAll(seeds.map((seed) => billKey(seed.billId)), ['collectionAttempt', 'declinedAttempt']);
    const retriesDeclined = bills.filter((item) => item.collectionAttempt === 2 && item.declinedAttempt === 2).length;
    // The reminder's message id derives from its idempotency key (account-dunning.ts: the step's key and the notice's kind).
    const reminderKeys = seeds.map((seed) => communicationMessageKey(simulatedMessageId(`dunning-${seed.accountId}-${seed.paymentDueDate}-day-1-reminder-paymentReminder`)));
    const reminders = (await table.getAll(reminderKeys, ['pk'])).length;
    const everyAccountDayOne =
      summary.began === seeds.length && summary.advanced === seeds.length && summary.failed.length === 0 && digest.problems.length === 0 && retriesDeclined === seeds.length && reminders === seeds.length;
    const figures: DunningFigures = {
      accounts: seeds.length,
      asOf,
      seed: { items: items.length, seconds: round2(seedSeconds) },
      seconds: round2(seconds),
      accountsPerSecond: Math.round(seeds.length / seconds),
      summary: { ...summary, failed: summary.failed.length, failures: [...new Set(summary.failed.map((failure) => failure.reason))].slice(0, 3) },
      digest,
      retriesDeclined,
      reminders,
      everyAccountDayOne,
      callsPerAccount: perUnit(calls.calls, seeds.length),
      callErrors: calls.errors,
      byFunction: invocations.summary(),
      cpuSeconds: cpu,
    };
    progress(
      `  ${figures.accountsPerSecond} accounts/s: ${summary.began.toLocaleString('en')} began dunning, ${summary.advanced.toLocaleString('en')} did day 1, ${summary.failed.length} failed in ${figures.seconds} s; ` +
        `${digest.dayOneDone.toLocaleString('en')} dunnings with day 1 done, ${retriesDeclined.toLocaleString('en')} retries declined, ${reminders.toLocaleString('en')} reminders; CPU: this process ${cpu.node} s, DynamoDB Local ${cpu.dynamoDbLocal ?? 'n/a'} s`,
    );
    if (!everyAccountDayOne) progress(`  PROBLEM: not every account did day 1: ${[...digest.problems, ...figures.summary.failures].join('; ') || JSON.stringify(figures.summary)}`);
    return figures;
  } finally {
    table.destroy();
  }
}
