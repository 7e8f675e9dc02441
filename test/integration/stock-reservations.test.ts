import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RuleViolationError, InvalidInputError } from '../../domain/shared/domain-errors.js';

/**
 * The stock store against the real DynamoDB Local of the runtime: transactions, conditions
 * and gsi2 as DynamoDB evaluates them. Every test uses SKUs of its own, because other test
 * files share the table.
 */
process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoDbEndpoint');
process.env.TABLE_NAME = 'bss';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

// Imported after the environment is set: the table client is created when the module loads.
let store: typeof import('../../functions/lib/store/stock-store.js');
beforeAll(async () => {
  store = await import('../../functions/lib/store/stock-store.js');
});

const uniqueSku = (label: string) => `T${randomUUID().slice(0, 8).toUpperCase()}-${label}`;
const newOrderId = () => `order-${randomUUID()}`;
const now = '2026-03-01T10:00:00.000Z';
const inAnHour = '2026-03-01T11:00:00.000Z';

async function counters(sku: string) {
  const found = await store.findStockLevel(sku);
  if (!found) return undefined;
  const { onHand, reserved, available } = found.level;
  expect(available).toBe(onHand - reserved);
  return { onHand, reserved, available };
}

async function stock(sku: string, quantity: number) {
  await store.adjustStockLevel(sku, quantity, 'test delivery', now);
}

describe('reserving stock (functions/lib/store/stock-store.ts on DynamoDB Local)', () => {
  it('lets exactly one of 20 simultaneous orders reserve the last unit', async () => {
    const sku = uniqueSku('LAST');
    await stock(sku, 1);
    const orders = Array.from({ length: 20 }, newOrderId);
    const outcomes = await Promise.all(orders.map((orderId) => store.reserveStock({ orderId, lines: [{ sku, quantity: 1 }], now, expiresAt: inAnHour })));

    const winners = orders.filter((_, index) => outcomes[index]!.outcome === 'reserved');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'insufficient')).toEqual(
      Array.from({ length: 19 }, () => ({ outcome: 'insufficient', sku, requested: 1, available: 0 })),
    );
    expect(await counters(sku)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expect(await store.findStockReservation(winners[0]!)).toEqual({ orderId: winners[0], lines: [{ sku, quantity: 1 }], state: 'reserved', expiresAt: inAnHour });
    const losers = orders.filter((orderId) => orderId !== winners[0]);
    expect(await Promise.all(losers.map((orderId) => store.findStockReservation(orderId)))).toEqual(losers.map(() => undefined));
  });

  it('reserves several SKUs all or nothing, and names the short SKU', async () => {
    const [handset, sim] = [uniqueSku('HANDSET'), uniqueSku('SIM')];
    await Promise.all([stock(handset, 5), stock(sim, 1)]);
    const greedy = newOrderId();

    const refused = await store.reserveStock({ orderId: greedy, lines: [{ sku: handset, quantity: 2 }, { sku: sim, quantity: 2 }], now, expiresAt: inAnHour });
    expect(refused).toEqual({ outcome: 'insufficient', sku: sim, requested: 2, available: 1 });
    expect(await counters(handset)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await counters(sim)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await store.findStockReservation(greedy)).toBeUndefined();

    const modest = newOrderId();
    const lines = [{ sku: sim, quantity: 1 }, { sku: handset, quantity: 1 }, { sku: handset, quantity: 1 }];
    expect(await store.reserveStock({ orderId: modest, lines, now, expiresAt: inAnHour })).toEqual({ outcome: 'reserved', expiresAt: inAnHour });
    expect(await counters(handset)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await counters(sim)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    const bySku = [{ sku: handset, quantity: 2 }, { sku: sim, quantity: 1 }].sort((a, b) => (a.sku < b.sku ? -1 : 1));
    expect((await store.findStockReservation(modest))!.lines).toEqual(bySku);
  });

  it('treats an unknown SKU as nothing available', async () => {
    const sku = uniqueSku('NEVER');
    const orderId = newOrderId();
    expect(await store.reserveStock({ orderId, lines: [{ sku, quantity: 1 }], now, expiresAt: inAnHour })).toEqual({
      outcome: 'insufficient',
      sku,
      requested: 1,
      available: 0,
    });
    expect(await store.findStockLevel(sku)).toBeUndefined();
  });

  it('reserves once for an order however often the step is delivered, even simultaneously', async () => {
    const sku = uniqueSku('REPEAT');
    await stock(sku, 10);
    const orderId = newOrderId();
    const request = { orderId, lines: [{ sku, quantity: 3 }], now, expiresAt: inAnHour };
    const outcomes = await Promise.all([store.reserveStock(request), store.reserveStock(request), store.reserveStock(request)]);
    expect(outcomes).toEqual([0, 1, 2].map(() => ({ outcome: 'reserved', expiresAt: inAnHour })));
    // A late redelivery carries a later clock; the first call's expiry stands.
    expect(await store.reserveStock({ ...request, now: inAnHour, expiresAt: '2026-03-01T12:00:00.000Z' })).toEqual({ outcome: 'reserved', expiresAt: inAnHour });
    expect(await counters(sku)).toEqual({ onHand: 10, reserved: 3, available: 7 });
  });
});

describe('releasing and committing reservations', () => {
  it('releases exactly what was reserved, once, however often it is called', async () => {
    const [first, second] = [uniqueSku('REL-A'), uniqueSku('REL-B')];
    await Promise.all([stock(first, 4), stock(second, 6)]);
    const orderId = newOrderId();
    await store.reserveStock({ orderId, lines: [{ sku: first, quantity: 4 }, { sku: second, quantity: 2 }], now, expiresAt: inAnHour });

    const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.releaseStock(orderId, now)));
    expect(outcomes).toEqual(['released', 'released', 'released', 'released']);
    expect(await counters(first)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await counters(second)).toEqual({ onHand: 6, reserved: 0, available: 6 });
    expect(await store.findStockReservation(orderId)).toMatchObject({ state: 'released', releasedBecause: 'requested' });

    expect(await store.releaseStock(orderId, inAnHour)).toBe('released');
    expect(await store.commitStock({ orderId, commit: [{ sku: first, quantity: 1 }], now })).toBe('already-settled');
    expect(await counters(first)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    // The order's reservation is over: a late reserve delivery cannot take the stock again.
    await expect(store.reserveStock({ orderId, lines: [{ sku: first, quantity: 4 }], now, expiresAt: inAnHour })).rejects.toThrow(RuleViolationError);
    expect(await counters(first)).toEqual({ onHand: 4, reserved: 0, available: 4 });
  });

  it('answers nothing-reserved for an order that never reserved', async () => {
    const orderId = newOrderId();
    expect(await store.releaseStock(orderId, now)).toBe('nothing-reserved');
    expect(await store.commitStock({ orderId, commit: [], now })).toBe('nothing-reserved');
  });

  it('commits what a partially completed order took and releases the rest, once', async () => {
    const [handset, sim] = [uniqueSku('COM-H'), uniqueSku('COM-S')];
    await Promise.all([stock(handset, 10), stock(sim, 10)]);
    const orderId = newOrderId();
    await store.reserveStock({ orderId, lines: [{ sku: handset, quantity: 3 }, { sku: sim, quantity: 2 }], now, expiresAt: inAnHour });

    const commit = [{ sku: handset, quantity: 2 }];
    const outcomes = await Promise.all([1, 2, 3].map(() => store.commitStock({ orderId, commit, now })));
    expect(outcomes).toEqual(['committed', 'committed', 'committed']);
    expect(await counters(handset)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await counters(sim)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await store.findStockReservation(orderId)).toMatchObject({ state: 'committed' });

    expect(await store.releaseStock(orderId, now)).toBe('already-settled');
    expect(await counters(handset)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });

  it('refuses to commit more than the reservation holds, changing nothing', async () => {
    const sku = uniqueSku('OVER');
    await stock(sku, 5);
    const orderId = newOrderId();
    await store.reserveStock({ orderId, lines: [{ sku, quantity: 1 }], now, expiresAt: inAnHour });
    await expect(store.commitStock({ orderId, commit: [{ sku, quantity: 2 }], now })).rejects.toThrow(InvalidInputError);
    await expect(store.commitStock({ orderId, commit: [{ sku: uniqueSku('OTHER'), quantity: 1 }], now })).rejects.toThrow(InvalidInputError);
    expect(await counters(sku)).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(await store.findStockReservation(orderId)).toMatchObject({ state: 'reserved' });
  });
});

describe('lazy expiry', () => {
  it('releases an expired reservation when a later order finds the SKU short, and reserves for that order', async () => {
    const sku = uniqueSku('EXPIRY');
    await stock(sku, 1);
    const abandoned = newOrderId();
    await store.reserveStock({ orderId: abandoned, lines: [{ sku, quantity: 1 }], now, expiresAt: '2026-03-01T10:30:00.000Z' });

    const early = newOrderId();
    expect(await store.reserveStock({ orderId: early, lines: [{ sku, quantity: 1 }], now: '2026-03-01T10:29:59.999Z', expiresAt: inAnHour })).toMatchObject({
      outcome: 'insufficient',
    });
    expect(await store.findStockReservation(abandoned)).toMatchObject({ state: 'reserved' });

    const late = newOrderId();
    expect(await store.reserveStock({ orderId: late, lines: [{ sku, quantity: 1 }], now: '2026-03-01T10:30:00.000Z', expiresAt: inAnHour })).toEqual({
      outcome: 'reserved',
      expiresAt: inAnHour,
    });
    expect(await store.findStockReservation(abandoned)).toMatchObject({ state: 'released', releasedBecause: 'expired' });
    expect(await counters(sku)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    // The abandoned order's saga wakes up late: its stock is gone, and it is told so.
    expect(await store.commitStock({ orderId: abandoned, commit: [{ sku, quantity: 1 }], now: inAnHour })).toBe('already-settled');
    expect(await counters(sku)).toEqual({ onHand: 1, reserved: 1, available: 0 });
  });

  it('leaves reservations that have not expired alone', async () => {
    const sku = uniqueSku('FRESH');
    await stock(sku, 2);
    const [holder, expired] = [newOrderId(), newOrderId()];
    await store.reserveStock({ orderId: holder, lines: [{ sku, quantity: 1 }], now, expiresAt: '2026-03-01T12:00:00.000Z' });
    await store.reserveStock({ orderId: expired, lines: [{ sku, quantity: 1 }], now, expiresAt: '2026-03-01T10:10:00.000Z' });

    const outcome = await store.reserveStock({ orderId: newOrderId(), lines: [{ sku, quantity: 2 }], now: '2026-03-01T10:20:00.000Z', expiresAt: inAnHour });
    expect(outcome).toEqual({ outcome: 'insufficient', sku, requested: 2, available: 1 });
    expect(await store.findStockReservation(holder)).toMatchObject({ state: 'reserved' });
    expect(await store.findStockReservation(expired)).toMatchObject({ state: 'released', releasedBecause: 'expired' });
    expect(await counters(sku)).toEqual({ onHand: 2, reserved: 1, available: 1 });
  });
});

describe('adjusting stock levels', () => {
  it('counts every one of many simultaneous deliveries', async () => {
    const sku = uniqueSku('ADD');
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.adjustStockLevel(sku, index + 1, `delivery ${index}`, now)));
    expect(await counters(sku)).toEqual({ onHand: 210, reserved: 0, available: 210 });
    expect((await store.findStockLevel(sku))!.version).toBe(20);
  });

  it('never takes onHand below reserved, however many removals race with reservations', async () => {
    const sku = uniqueSku('OUT');
    await stock(sku, 20);
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, () => store.reserveStock({ orderId: newOrderId(), lines: [{ sku, quantity: 1 }], now, expiresAt: inAnHour })),
      ...Array.from({ length: 15 }, () => store.adjustStockLevel(sku, -1, 'damaged', now)),
    ]);
    const reserved = results.slice(0, 10).filter((result) => result.status === 'fulfilled' && (result.value as { outcome: string }).outcome === 'reserved').length;
    const removed = results.slice(10).filter((result) => result.status === 'fulfilled').length;
    const refusals = results.slice(10).filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(RuleViolationError);
    expect(reserved + removed).toBe(20);
    expect(await counters(sku)).toEqual({ onHand: 20 - removed, reserved, available: 20 - removed - reserved });
  });

  it('refuses an adjustment below the reserved quantity, naming onHand, reserved and the change', async () => {
    const sku = uniqueSku('BELOW');
    await stock(sku, 3);
    await store.reserveStock({ orderId: newOrderId(), lines: [{ sku, quantity: 2 }], now, expiresAt: inAnHour });
    const refusal = await store.adjustStockLevel(sku, -2, 'lost', now).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RuleViolationError);
    expect((refusal as RuleViolationError).rule).toBe('stock-below-reserved');
    expect((refusal as Error).message).toMatch(/by -2 .*onHand 3, reserved 2/);
    expect(await counters(sku)).toEqual({ onHand: 3, reserved: 2, available: 1 });
    expect(await store.adjustStockLevel(sku, -1, 'lost', '2026-03-01T10:05:00.000Z')).toEqual({
      id: sku,
      href: `/inventory/v1/stockLevel/${sku}`,
      sku,
      onHand: 2,
      reserved: 2,
      available: 0,
      updatedAt: '2026-03-01T10:05:00.000Z',
      '@type': 'StockLevel',
    });
  });

  it('refuses goods out of a SKU that has no stock level, creating nothing', async () => {
    const sku = uniqueSku('GHOST');
    await expect(store.adjustStockLevel(sku, -1, 'write-off', now)).rejects.toThrow(/onHand 0, reserved 0/);
    expect(await store.findStockLevel(sku)).toBeUndefined();
  });

  it('lists stock levels by SKU with an exact total', async () => {
    const sku = uniqueSku('LIST');
    await stock(sku, 7);
    // Other test files add levels meanwhile (never remove one): the page is read first.
    const page = await store.listStockLevels({ offset: 1, limit: 2 });
    const everything = await store.listStockLevels({ offset: 0, limit: 1000 });
    expect(everything.total).toBe(everything.items.length);
    const skus = everything.items.map((level) => level.sku);
    expect(skus).toEqual([...skus].sort());
    expect(everything.items.find((level) => level.sku === sku)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    const paged = page.items.map((level) => level.sku);
    expect(paged).toHaveLength(2);
    expect(paged[0]! < paged[1]!).toBe(true);
    expect(skus.indexOf(paged[0]!)).toBeGreaterThanOrEqual(1);
    expect(skus).toEqual(expect.arrayContaining(paged));
    expect(page.total).toBeLessThanOrEqual(everything.total);
  });
});
