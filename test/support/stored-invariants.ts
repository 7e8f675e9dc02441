import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { customerMovements, stepsOfStored, sumMovements, movementCounters, type MrrMovement } from '../../domain/reports/mrr.js';
import { moneyFromTmf, type TmfMoney } from '../../domain/money/money.js';

/**
 * The invariants docs/reliability.md promises, checked from what the table holds once the system
 * is idle, never from logs or answers: each check returns the problems it found, one line each
 * naming the items, so a failed expectation says what broke and where.
 */
export interface TableItem {
  pk: string;
  sk: string;
  [attribute: string]: any;
}

/** Every item of the table: a paginated Scan (a test may; no request path does). */
export async function scanTable(endpoint: string, tableName = 'bss'): Promise<TableItem[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  try {
    const items: TableItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      items.push(...((page.Items ?? []) as TableItem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  } finally {
    client.destroy();
  }
}

/** What changes whenever anything is written: two equal fingerprints some time apart say nothing was. */
export function fingerprintOf(items: readonly TableItem[]): string {
  const hash = createHash('sha256');
  for (const item of [...items].sort((a, b) => (a.pk === b.pk ? (a.sk < b.sk ? -1 : 1) : a.pk < b.pk ? -1 : 1))) hash.update(`${item.pk}\u0000${item.sk}\u0000${item.version ?? ''}\u0000${item.balanceMinor ?? ''}\u0000${item.lastNumber ?? ''}\n`);
  return `${items.length}:${hash.digest('hex').slice(0, 16)}`;
}

const minorOf = (amount: TmfMoney) => moneyFromTmf(amount).amount;
const gatewayMinor = (amount: { minorUnits: string }) => BigInt(amount.minorUnits);
const sum = (values: Iterable<bigint>) => [...values].reduce((total, value) => total + value, 0n);
const terminalOrderStates = ['completed', 'partial', 'failed', 'cancelled'];

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  return groups;
}

/** An outbox item's event, as the relay publishes it. */
export interface OutboxEvent {
  eventId: string;
  source: string;
  detailType: string;
  data: any;
}

/** The table's items sorted by what they are (docs/data-model.md), read once. */
export class StoredData {
  readonly byKey = new Map<string, TableItem>();
  readonly orders: TableItem[];
  readonly products: TableItem[];
  readonly accounts: TableItem[];
  readonly bills: TableItem[];
  readonly billLines: TableItem[];
  readonly payments: TableItem[];
  readonly refunds: TableItem[];
  readonly ledgerEntries: TableItem[];
  readonly gatewayAuthorizations: TableItem[];
  readonly gatewayCaptures: TableItem[];
  readonly gatewayRefunds: TableItem[];
  readonly outbox: OutboxEvent[];
  readonly messages: TableItem[];
  readonly usage: TableItem[];
  readonly billRuns: TableItem[];

  constructor(readonly items: readonly TableItem[]) {
    for (const item of items) this.byKey.set(`${item.pk}|${item.sk}`, item);
    const where = (pk: string, sk: string | ((sk: string) => boolean)) =>
      items.filter((item) => item.pk.startsWith(pk) && (typeof sk === 'string' ? item.sk === sk : sk(item.sk)));
    this.orders = where('PRODUCT_ORDER#', 'PRODUCT_ORDER');
    this.products = where('PRODUCT#', 'PRODUCT');
    this.accounts = where('BILLING_ACCOUNT#', 'BILLING_ACCOUNT');
    this.bills = where('BILL#', 'BILL');
    this.billLines = where('BILL#', (sk) => sk.startsWith('LINE#'));
    this.payments = where('PAYMENT#', 'PAYMENT');
    this.refunds = where('REFUND#', 'REFUND');
    this.ledgerEntries = where('BILLING_ACCOUNT#', (sk) => sk.startsWith('LEDGER#'));
    this.gatewayAuthorizations = where('SIMULATED_GATEWAY#', 'AUTHORIZATION');
    this.gatewayCaptures = where('SIMULATED_GATEWAY#', 'CAPTURE');
    this.gatewayRefunds = where('SIMULATED_GATEWAY#', 'REFUND');
    this.messages = where('COMMUNICATION_MESSAGE#', 'COMMUNICATION_MESSAGE');
    this.usage = where('USAGE#', 'USAGE');
    this.billRuns = where('BILL_RUN#', 'BILL_RUN');
    this.outbox = where('OUTBOX#', 'OUTBOX').map((item) => {
      const detail = JSON.parse(item.detail as string) as { metadata: { eventId: string }; data: unknown };
      return { eventId: detail.metadata.eventId, source: item.source as string, detailType: item.detailType as string, data: detail.data };
    });
  }

  get(pk: string, sk: string): TableItem | undefined {
    return this.byKey.get(`${pk}|${sk}`);
  }

  order(id: string) {
    return this.get(`PRODUCT_ORDER#${id}`, 'PRODUCT_ORDER');
  }

  bill(id: string) {
    return this.get(`BILL#${id}`, 'BILL');
  }

  /** Bills given a number: issued, whatever happened to them since. */
  issuedBills(): TableItem[] {
    return this.bills.filter((item) => item.resource.billNo !== undefined);
  }
}

/** 1. Every order of the test reached a final state. */
export function ordersNotFinal(data: StoredData, orderIds: readonly string[]): string[] {
  const problems: string[] = [];
  for (const id of orderIds) {
    const order = data.order(id);
    if (!order) problems.push(`order ${id} is not in the table`);
    else if (!terminalOrderStates.includes(order.resource.state)) problems.push(`order ${id} is ${order.resource.state}`);
  }
  return problems;
}

/**
 * 2. Payments: per order, at most one capture at the gateway and at most one payment record;
 * a capture is kept with an order that delivered (completed, or partial with the failed share
 * refunded) or refunded in full; nothing authorized is left held once the order is final. Per
 * bill, at most one collection captured. Between the gateway's ledger and ours: every capture
 * is recorded as one payment of its amount (or was given back in full, the saga's reversal of a
 * capture it could not record), every gateway refund as one refund record of its amount, and
 * every card payment and refund we recorded happened at the gateway for that amount.
 */
export function paymentProblems(data: StoredData, orderIds: readonly string[]): string[] {
  const problems: string[] = [];
  const capturesByAuthorization = groupBy(data.gatewayCaptures, (item) => item.authorizationId);
  const gatewayRefundsByCapture = groupBy(data.gatewayRefunds, (item) => item.captureId);
  const paymentsByCapture = groupBy(data.payments, (item) => item.resource.gatewayCaptureId);
  const refundRecordsByGatewayRefund = groupBy(data.refunds, (item) => item.resource.gatewayRefundId);
  const paymentsByCorrelator = groupBy(data.payments, (item) => item.resource.correlatorId);
  const authorizationByKey = new Map(data.gatewayAuthorizations.map((item) => [item.idempotencyKey as string, item]));
  const refundedAtGateway = (captureId: string) => sum((gatewayRefundsByCapture.get(captureId) ?? []).map((item) => gatewayMinor(item.amount)));

  for (const orderId of orderIds) {
    const order = data.order(orderId);
    if (!order) continue;
    const state = order.resource.state as string;
    const authorization = authorizationByKey.get(`order-${orderId}-authorization`);
    const captures = authorization ? (capturesByAuthorization.get(authorization.authorizationId) ?? []) : [];
    const payments = (paymentsByCorrelator.get(orderId) ?? []).filter((item) => item.resource.id === `${orderId}-payment` || item.resource.paymentItem?.some((entry: any) => entry.item?.id === orderId));
    if (captures.length > 1) problems.push(`order ${orderId}: ${captures.length} captures at the gateway (${captures.map((item) => item.captureId).join(', ')})`);
    if (payments.length > 1) problems.push(`order ${orderId}: ${payments.length} payment records (${payments.map((item) => item.resource.id).join(', ')})`);
    if (authorization?.outcome === 'authorized' && authorization.status === 'authorized' && terminalOrderStates.includes(state)) {
      problems.push(`order ${orderId} is ${state} but its authorization ${authorization.authorizationId} is still held at the gateway`);
    }
    const capture = captures[0];
    if (!capture) {
      if (payments.length > 0) problems.push(`order ${orderId}: payment ${payments[0]!.resource.id} recorded without a capture at the gateway`);
      if (state === 'completed' && authorization) problems.push(`order ${orderId} completed without its authorization ${authorization.authorizationId} captured`);
      continue;
    }
    const captured = gatewayMinor(capture.amount);
    const refunded = refundedAtGateway(capture.captureId);
    if (state === 'failed' || state === 'cancelled') {
      if (refunded !== captured) problems.push(`order ${orderId} is ${state} but its capture ${capture.captureId} of ${captured} is refunded ${refunded} at the gateway`);
    } else if (state === 'completed' || state === 'partial') {
      const payment = payments[0];
      if (!payment) problems.push(`order ${orderId} is ${state} with capture ${capture.captureId} but no payment record`);
      else if (payment.resource.gatewayCaptureId !== capture.captureId) problems.push(`order ${orderId}: payment ${payment.resource.id} names capture ${payment.resource.gatewayCaptureId}, the gateway captured ${capture.captureId}`);
      if (state === 'completed' && refunded !== 0n) problems.push(`order ${orderId} completed but ${refunded} of its capture was refunded`);
      if (refunded >= captured) problems.push(`order ${orderId} is ${state} but its whole capture was refunded`);
    }
  }

  // Bill collections: the gateway keys are bill-<id>-collection-<attempt>-capture.
  const collectionCaptures = groupBy(data.gatewayCaptures, (item) => /^bill-(.+)-collection-\d+-capture$/.exec(item.idempotencyKey as string)?.[1]);
  for (const [billId, captures] of collectionCaptures) {
    if (captures.length > 1) problems.push(`bill ${billId}: collected ${captures.length} times at the gateway (${captures.map((item) => item.idempotencyKey).join(', ')})`);
  }
  for (const bill of data.issuedBills()) {
    const applied = sum((bill.resource.appliedPayment ?? []).map((entry: any) => minorOf(entry.appliedAmount)));
    if (applied > minorOf(bill.resource.amountDue)) problems.push(`bill ${bill.resource.id} was paid ${applied}, more than the ${minorOf(bill.resource.amountDue)} it owed`);
  }

  for (const capture of data.gatewayCaptures) {
    const recorded = paymentsByCapture.get(capture.captureId) ?? [];
    if (recorded.length > 1) problems.push(`capture ${capture.captureId} recorded as ${recorded.length} payments (${recorded.map((item) => item.resource.id).join(', ')})`);
    if (recorded.length === 0 && refundedAtGateway(capture.captureId) !== gatewayMinor(capture.amount)) {
      problems.push(`capture ${capture.captureId} (key ${capture.idempotencyKey}) took ${gatewayMinor(capture.amount)} and is neither recorded as a payment nor refunded`);
    }
    for (const payment of recorded) {
      if (minorOf(payment.resource.totalAmount) !== gatewayMinor(capture.amount)) problems.push(`payment ${payment.resource.id} says ${minorOf(payment.resource.totalAmount)}, its capture ${capture.captureId} took ${gatewayMinor(capture.amount)}`);
    }
  }
  const captureIds = new Set(data.gatewayCaptures.map((item) => item.captureId as string));
  for (const payment of data.payments) {
    const captureId = payment.resource.gatewayCaptureId as string | undefined;
    if (captureId && !captureIds.has(captureId)) problems.push(`payment ${payment.resource.id} names capture ${captureId}, which the gateway never made`);
  }
  const gatewayRefundIds = new Map(data.gatewayRefunds.map((item) => [item.refundId as string, item]));
  for (const refund of data.gatewayRefunds) {
    const recorded = refundRecordsByGatewayRefund.get(refund.refundId) ?? [];
    if (recorded.length > 1) problems.push(`gateway refund ${refund.refundId} recorded ${recorded.length} times`);
    if (recorded.length === 0 && !(refund.idempotencyKey as string).endsWith('-reversal')) problems.push(`gateway refund ${refund.refundId} (key ${refund.idempotencyKey}) has no refund record`);
  }
  for (const record of data.refunds) {
    const gatewayRefundId = record.resource.gatewayRefundId as string | undefined;
    if (!gatewayRefundId) continue;
    const atGateway = gatewayRefundIds.get(gatewayRefundId);
    if (!atGateway) problems.push(`refund ${record.resource.id} names gateway refund ${gatewayRefundId}, which the gateway never made`);
    else if (gatewayMinor(atGateway.amount) !== minorOf(record.resource.totalAmount)) problems.push(`refund ${record.resource.id} says ${minorOf(record.resource.totalAmount)}, the gateway refunded ${gatewayMinor(atGateway.amount)}`);
  }
  return problems;
}

/**
 * 3a. Published at least once: every outbox event a rule hands to a consumer that keeps
 * something left that mark (docs/events.md, infra/topology: the rules and their targets).
 * - CustomerCreated (not an onboarding's) → open-default-billing-account: the customer's default-account marker;
 * - ProductOrderCreated → order-to-cash: the order left `acknowledged`;
 * - BillRunRequested → billing-run: the run ended; → keep-bill-run-history: its entry, requested;
 * - BillRunCompleted → keep-bill-run-history: its entry, completed;
 * - CustomerBillIssued → keep-receivables: the bill's receivable, issued; → book-revenue: a test
 *   clock's bill booked (REVENUE_LEDGER#test-clock-<id>/BOOKED#<billNo>), a live bill's lines
 *   scheduled; → deliver-customer-bill: its message (key bill-<id>); → collect-customer-bill: an
 *   attempt claimed on a bill that owed something;
 * - PaymentReceived → send-payment-receipt: the receipt (key receipt-<payment>); → keep-receivables:
 *   the movement, under the event's id, on each bill it paid;
 * - ProductStatusChanged → record-mrr: the customer's MRR model holds the product, worth something while active.
 * Events only partner rules take (OrderCompleted, ProductActivated, PaymentCaptured…) leave
 * nothing in this table when no partner is configured, and are not checked here.
 */
export function unpublishedEvents(data: StoredData): string[] {
  const problems: string[] = [];
  const messageKeys = new Set(data.messages.map((item) => item.idempotencyKey as string));
  const historyByRun = new Map(data.items.filter((item) => item.pk.startsWith('BILL_RUN_HISTORY#')).map((item) => [item.billRunId as string, item]));
  const lastProductStatusEvent = new Map<string, OutboxEvent>();
  for (const event of data.outbox) {
    const { data: body, detailType, eventId } = event;
    const missing = (what: string) => problems.push(`${detailType} ${eventId}: ${what}`);
    switch (detailType) {
      case 'CustomerCreated':
        if (body.onboardingId === undefined && !data.get(`CUSTOMER#${body.customer.id}`, 'DEFAULT_BILLING_ACCOUNT')) missing(`customer ${body.customer.id} has no default billing account`);
        break;
      case 'ProductOrderCreated': {
        const order = data.order(body.order.id);
        if (!order || order.resource.state === 'acknowledged') missing(`order ${body.order.id} never started its saga`);
        break;
      }
      case 'BillRunRequested': {
        const run = data.get(`BILL_RUN#${body.billRunId}`, 'BILL_RUN');
        if (!run || !['completed', 'completedWithErrors'].includes(run.resource.state)) missing(`bill run ${body.billRunId} is ${run?.resource.state ?? 'not stored'}`);
        if (!historyByRun.get(body.billRunId)?.requestedAt) missing(`bill run ${body.billRunId} has no requested history entry`);
        break;
      }
      case 'BillRunCompleted':
        if (!historyByRun.get(body.billRunId)?.completed) missing(`bill run ${body.billRunId} has no completed history entry`);
        break;
      case 'CustomerBillIssued': {
        const bill = body.bill;
        if (!data.get(`RECEIVABLE#${bill.id}`, 'RECEIVABLE')?.issued) missing(`bill ${bill.id} has no receivable`);
        if (bill.testClockId) {
          if (!data.get(`REVENUE_LEDGER#test-clock-${bill.testClockId}`, `BOOKED#${bill.billNo}`)) missing(`bill ${bill.billNo} was not booked in revenue`);
        } else {
          const lines = data.billLines.filter((line) => line.pk === `BILL#${bill.id}`);
          if (lines.length > 0 && !lines.some((line) => data.get(`REVENUE_SCHEDULE#${line.resource.id}`, 'REVENUE_SCHEDULE'))) missing(`bill ${bill.id} has no revenue schedule`);
        }
        if (!messageKeys.has(`bill-${bill.id}`)) missing(`bill ${bill.id} was never delivered`);
        if (bill.state !== 'settled' && minorOf(bill.amountDue) > 0n && !(data.bill(bill.id)?.collectionAttempt >= 1)) missing(`bill ${bill.id} was never collected`);
        break;
      }
      case 'PaymentReceived':
        if (!messageKeys.has(`receipt-${body.payment.id}`)) missing(`payment ${body.payment.id} has no receipt`);
        for (const paid of body.bills as { id: string }[]) {
          if (!(eventId in (data.get(`RECEIVABLE#${paid.id}`, 'RECEIVABLE')?.movements ?? {}))) missing(`bill ${paid.id}'s receivable never counted it`);
        }
        break;
      case 'ProductStatusChanged':
        lastProductStatusEvent.set(body.productId, event);
        break;
    }
  }
  for (const [productId, event] of lastProductStatusEvent) {
    const product = data.get(`PRODUCT#${productId}`, 'PRODUCT');
    if (!product) continue;
    const ledger = product.testClockId ? `test-clock-${product.testClockId}` : 'live';
    const model = data.get(`MRR_CUSTOMER#${ledger}#${event.data.customerId}`, 'MRR_CUSTOMER');
    const recorded = model?.products?.[productId];
    if (!recorded) problems.push(`ProductStatusChanged ${event.eventId}: product ${productId} is not in its customer's MRR`);
    else if (product.resource.status === 'active' && !(BigInt(recorded.steps.at(-1)?.minor ?? '0') > 0n)) problems.push(`ProductStatusChanged ${event.eventId}: product ${productId} is active, its MRR says it is worth nothing`);
  }
  return problems;
}

/**
 * 3b. Applied at most once, seen where a consumer adds rather than puts: a duplicate that got
 * through would count twice there, while a put keyed by event or business key would hide it.
 * - record-mrr ADDs each customer's change to the month counters: they must equal the sum of
 *   the movements of every customer's stored model;
 * - keep-receivables subtracts each payment from a bill's receivable: its open amount must be
 *   what the bill itself still owes (and every movement must name a stored event);
 * - order-to-cash's credit check ADDs a hold and CloseOrder takes it off: once every order is
 *   closed an account's held total must be the sum of the holds still stored (none);
 * - the billing run's pages ADD their bills to the run's counters: a clock's runs must count
 *   as many bills as its accounts were issued regular bills;
 * - the ledger ADDs each entry to the account's balance: see `unbalancedAccounts`.
 */
export function eventsAppliedTwice(data: StoredData): string[] {
  const problems: string[] = [];
  const byLedger = groupBy(
    data.items.filter((item) => item.pk.startsWith('MRR_CUSTOMER#')),
    (item) => item.ledger as string,
  );
  const storedMonths = groupBy(
    data.items.filter((item) => item.pk.startsWith('MRR#') && item.sk.startsWith('MONTH#')),
    (item) => item.pk.slice('MRR#'.length),
  );
  for (const ledger of new Set([...byLedger.keys(), ...storedMonths.keys()])) {
    const movements: MrrMovement[] = (byLedger.get(ledger) ?? []).flatMap((item) =>
      customerMovements(
        Object.entries(item.products as Record<string, { currency: string; steps: { from: string; minor: string }[] }>).map(([productId, record]) => ({
          productId,
          currency: record.currency,
          steps: stepsOfStored(record.steps),
        })),
      ),
    );
    const expected = new Map(sumMovements(movements).map((movement) => [`${movement.month}#${movement.currency}`, movement]));
    const stored = new Map((storedMonths.get(ledger) ?? []).map((item) => [`${item.month}#${item.currency}`, item]));
    for (const key of new Set([...expected.keys(), ...stored.keys()])) {
      for (const counter of movementCounters) {
        const want = Number(expected.get(key)?.[counter] ?? 0);
        const have = Number(stored.get(key)?.[counter] ?? 0);
        if (want !== have) problems.push(`MRR ${ledger} ${key}: ${counter} is ${have}, its customers' models add up to ${want}`);
      }
    }
  }

  const eventIds = new Set(data.outbox.map((event) => event.eventId));
  for (const receivable of data.items.filter((item) => item.pk.startsWith('RECEIVABLE#'))) {
    const billId = receivable.pk.slice('RECEIVABLE#'.length);
    const bill = data.bill(billId);
    if (!bill) {
      problems.push(`receivable of bill ${billId}, which is not stored`);
      continue;
    }
    const remaining = bill.resource.state === 'new' ? 0n : minorOf(bill.resource.remainingAmount);
    if (BigInt(receivable.openMinor as string) !== remaining) problems.push(`receivable of bill ${billId} is open ${receivable.openMinor}, the bill still owes ${remaining}`);
    for (const eventId of Object.keys(receivable.movements ?? {})) if (!eventIds.has(eventId)) problems.push(`receivable of bill ${billId} counts event ${eventId}, which no outbox item holds`);
  }

  const holds = groupBy(
    data.items.filter((item) => item.sk.startsWith('CREDIT_HOLD#')),
    (item) => item.pk,
  );
  for (const total of data.items.filter((item) => item.sk === 'CREDIT_HOLDS')) {
    const held = sum((holds.get(total.pk) ?? []).map((item) => BigInt(item.amountMinor)));
    if (BigInt(total.heldMinor ?? 0) !== held) problems.push(`${total.pk} holds ${total.heldMinor} of credit, its orders' holds add up to ${held}`);
  }

  const runsByClock = groupBy(data.billRuns, (item) => item.resource.testClock?.id);
  for (const [clockId, runs] of runsByClock) {
    const counted = runs.reduce((total, run) => total + Number(run.bills ?? 0), 0);
    const issued = data.issuedBills().filter((bill) => bill.resource.testClock?.id === clockId && bill.resource.runType === 'onCycle').length;
    if (counted !== issued) problems.push(`test clock ${clockId}: its bill runs counted ${counted} bills, ${issued} regular bills were issued`);
  }
  return problems;
}

/**
 * 4. Bills: one per account and period (and one per order), none left unissued, and in each
 * number series the numbers 1 to N each given once, N being the series' counter.
 */
export function billProblems(data: StoredData, orderIds: readonly string[]): string[] {
  const problems: string[] = [];
  for (const bill of data.bills) if (bill.resource.state === 'new') problems.push(`bill ${bill.resource.id} was built but never issued`);
  const byPeriod = groupBy(data.bills, (item) => `${item.resource.billingAccount.id} ${item.resource.runType} ${item.resource.billingPeriod.startDateTime}..${item.resource.billingPeriod.endDateTime}`);
  for (const [key, bills] of byPeriod) {
    if (bills[0]!.resource.runType === 'onCycle' && bills.length > 1) problems.push(`${bills.length} bills for ${key}: ${bills.map((item) => item.resource.billNo ?? item.resource.id).join(', ')}`);
  }
  for (const orderId of orderIds) {
    const order = data.order(orderId);
    if (!order || !['completed', 'partial'].includes(order.resource.state)) continue;
    const delivered = new Set((order.resource.productOrderItem as { id: string; state: string }[]).filter((item) => item.state === 'completed').map((item) => item.id));
    const upfront = sum(((order.fulfilment?.items ?? []) as { itemId: string; upfront: { minor: string } }[]).filter((item) => delivered.has(item.itemId)).map((item) => BigInt(item.upfront.minor)));
    if (upfront > 0n && !data.bill(`order-${orderId}`)?.resource.billNo) problems.push(`order ${orderId} is ${order.resource.state} with ${upfront} to bill upfront, but its bill was not issued`);
  }

  const series = groupBy(data.issuedBills(), (item) => (item.resource.billNo as string).replace(/-\d{6}$/, ''));
  for (const [prefix, bills] of series) {
    const numbers = bills.map((item) => Number((item.resource.billNo as string).slice(-6))).sort((a, b) => a - b);
    const duplicates = numbers.filter((number, index) => index > 0 && numbers[index - 1] === number);
    if (duplicates.length > 0) problems.push(`series ${prefix}: numbers given twice: ${[...new Set(duplicates)].join(', ')}`);
    const distinct = [...new Set(numbers)];
    const gaps = distinct.flatMap((number, index) => (number !== index + 1 ? [index + 1] : [])).slice(0, 1);
    if (gaps.length > 0) problems.push(`series ${prefix}: number ${gaps[0]} skipped (${distinct.length} bills, numbers up to ${distinct.at(-1)})`);
    const clockId = bills[0]!.resource.testClock?.id as string | undefined;
    const year = prefix.slice(-4);
    const counter = data.get(`BILL_SERIES#${clockId ? `test-clock-${clockId}-${year}` : year}`, 'BILL_SERIES');
    if (counter?.lastNumber !== distinct.length) problems.push(`series ${prefix}: its counter says ${counter?.lastNumber}, ${distinct.length} bills carry its numbers`);
  }
  return problems;
}

/**
 * The usage the test sent: each record (product and record id) stored once, billed on an issued
 * bill of its product's account.
 */
export function usageProblems(data: StoredData, sent: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const byProduct = groupBy(data.usage, (item) => item.productId as string | undefined);
  for (const [productId, recordIds] of sent) {
    const stored = byProduct.get(productId) ?? [];
    const byRecord = groupBy(stored, (item) => item.recordId as string);
    for (const recordId of recordIds) {
      const copies = byRecord.get(recordId) ?? [];
      if (copies.length !== 1) problems.push(`usage ${recordId} of product ${productId} is stored ${copies.length} times`);
      const record = copies[0];
      if (!record) continue;
      const billId = record.resource.bill?.id as string | undefined;
      if (record.resource.status !== 'billed') problems.push(`usage ${recordId} of product ${productId} is ${record.resource.status}, not billed`);
      else if (!billId || !data.bill(billId)?.resource.billNo) problems.push(`usage ${recordId} of product ${productId} is billed on ${billId}, which is not an issued bill`);
    }
  }
  return problems;
}

/**
 * 6. Every account balances: its balance (`balanceMinor`, ADDed by every ledger transaction) is
 * the sum of its ledger entries, each entry recorded once (ids say what they record), every
 * issued bill entered, and the sum is what its issued bills still owe less the credit it holds.
 */
export function unbalancedAccounts(data: StoredData): string[] {
  const problems: string[] = [];
  const entriesByAccount = groupBy(data.ledgerEntries, (item) => item.pk);
  const billsByAccount = groupBy(data.issuedBills(), (item) => `BILLING_ACCOUNT#${item.resource.billingAccount.id}`);
  for (const account of data.accounts) {
    const id = account.resource.id as string;
    const entries = (entriesByAccount.get(account.pk) ?? []).map((item) => item.resource);
    const ids = groupBy(entries, (entry) => entry.id as string);
    for (const [entryId, copies] of ids) if (copies.length > 1) problems.push(`account ${id}: ledger entry ${entryId} recorded ${copies.length} times`);
    const ledger = sum(entries.map((entry) => minorOf(entry.amount)));
    const balance = BigInt(account.balanceMinor ?? 0);
    if (balance !== ledger) problems.push(`account ${id}: balance ${balance}, its ledger adds up to ${ledger}`);
    const bills = billsByAccount.get(account.pk) ?? [];
    for (const bill of bills) {
      const entry = ids.get(`bill-${bill.resource.id}`)?.[0];
      if (!entry) problems.push(`account ${id}: bill ${bill.resource.billNo} is not in its ledger`);
      else if (minorOf(entry.amount) !== minorOf(bill.resource.amountDue)) problems.push(`account ${id}: bill ${bill.resource.billNo} owes ${minorOf(bill.resource.amountDue)}, its ledger entry says ${minorOf(entry.amount)}`);
    }
    const owed = sum(bills.map((bill) => minorOf(bill.resource.remainingAmount)));
    const credit = sum(((data.get(account.pk, 'ACCOUNT_CREDIT')?.sources ?? []) as { amountMinor: string }[]).map((source) => BigInt(source.amountMinor)));
    if (ledger !== owed - credit) problems.push(`account ${id}: its ledger adds up to ${ledger}, its bills still owe ${owed} and it holds ${credit} of credit`);
  }
  return problems;
}
