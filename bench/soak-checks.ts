import type { LocalRuntime } from '../infra/local/runtime.js';
import { billProblems, eventsAppliedTwice, ordersNotFinal, paymentProblems, scanTable, StoredData, unbalancedAccounts, unpublishedEvents } from '../test/support/stored-invariants.js';
import type { BenchApi } from './api-client.js';
import { carefulCall } from './careful-client.js';
import { waitForStreamRelay } from './runtime-activity.js';
import { orderStates, ordersPath } from './soak-workload.js';
import { seededRandom } from './seeded-random.js';

/**
 * What must hold once a soak's work has drained, from what was stored and what the runtime
 * kept: every order the soak placed ended (completed, or failed and compensated: a final
 * state either way), no event delivery and no outbox record was dead-lettered, and the stream
 * relay read every outbox record; and then, from the whole table, the invariants of issue #14
 * item 3 that the fault-invariants test checks (test/support/stored-invariants.ts): captures
 * kept or refunded, events published and applied once, bills and their numbers, balances. The
 * usage check is left out: the soak runs no billing, so its records are never billed.
 */
export interface SoakEndChecks {
  /** Seconds from the workload's end until the orders had ended and the background work drained (or the drain gave up). */
  drainSeconds: number;
  ordersByState: Record<string, number>;
  ordersNotEnded: number;
  eventDeadLetters: number;
  outboxFailedRecords: number;
  outboxDrained: boolean;
  /** Each broken invariant, in words; empty when they all hold. */
  problems: string[];
  hold: boolean;
}

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));

/** Waits (at most `timeoutMs`) for the orders to end and the background work to drain, then checks. */
export async function checkSoakEnd(runtime: LocalRuntime, api: BenchApi, orderIds: readonly string[], timeoutMs: number): Promise<SoakEndChecks> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  const random = seededRandom(20_261_215);
  const states = new Map<string, string>();
  let open = [...orderIds];
  while (open.length > 0) {
    const stillOpen: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < open.length; index = next++) {
          const orderId = open[index]!;
          const call = await carefulCall<{ state: string }>(api, { method: 'GET', path: `${ordersPath}/${orderId}?fields=state`, expected: 200 }, random);
          const state = call.error === undefined ? call.answer!.body.state : `unreadable (${call.error})`;
          states.set(orderId, state);
          if (!(orderStates.terminal as readonly string[]).includes(state)) stillOpen.push(orderId);
        }
      }),
    );
    open = stillOpen;
    if (open.length === 0 || performance.now() > deadline) break;
    await pause(1_000);
  }
  const idle = Promise.all([runtime.eventBridge.idle(), runtime.stepFunctions.idle()]).then(() => true);
  const drained = await Promise.race([idle, pause(Math.max(1_000, deadline - performance.now())).then(() => false)]);
  const relayCaughtUp = await waitForStreamRelay(runtime, Math.max(5_000, deadline - performance.now())).then(
    () => true,
    () => false,
  );
  const ordersByState: Record<string, number> = {};
  for (const state of states.values()) ordersByState[state] = (ordersByState[state] ?? 0) + 1;
  const eventDeadLetters = runtime.eventBridge.deadLetters().length;
  const outboxFailedRecords = runtime.streamPoller.failedRecords().length;
  const outboxDrained = relayCaughtUp && drained;
  const stored = new StoredData(await scanTable(runtime.dynamoDbEndpoint, runtime.tableName));
  const storedProblems = [ordersNotFinal(stored, orderIds), paymentProblems(stored, orderIds), unpublishedEvents(stored), eventsAppliedTwice(stored), billProblems(stored, orderIds), unbalancedAccounts(stored)].flat();
  const problems = [
    ...(open.length > 0 ? [`${open.length} of ${orderIds.length} orders had not ended after ${(timeoutMs / 1000).toFixed(0)} s`] : []),
    ...storedProblems.map((problem) => `stored data: ${problem}`),
    ...(eventDeadLetters > 0 ? [`${eventDeadLetters} event deliveries dead-lettered`] : []),
    ...(outboxFailedRecords > 0 ? [`${outboxFailedRecords} outbox records dead-lettered by the stream relay`] : []),
    ...(outboxDrained ? [] : ['the stream relay, event deliveries or state machines had not drained']),
  ];
  return {
    drainSeconds: Math.round((performance.now() - started) / 100) / 10,
    ordersByState,
    ordersNotEnded: open.length,
    eventDeadLetters,
    outboxFailedRecords,
    outboxDrained,
    problems,
    hold: problems.length === 0,
  };
}
