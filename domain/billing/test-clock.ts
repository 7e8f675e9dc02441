import * as z from '../shared/zod.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * A test clock (docs/billing.md, "Test clocks"; Stripe's idea, carried through the whole BSS):
 * a frozen instant that customers created on it live by. Every instant the system records or
 * decides for such a customer (orders, products, usage, bills, due dates) is the clock's, never
 * the system time. Advancing it runs every bill that fell due for its customers, through the
 * same billing run as the daily schedule. A clock only moves forward.
 *
 *   ready ──advance──► advancing ──(its billing run ends)──► ready
 */
export const testClockPath = '/billing/v1/testClock';

export const testClockStatuses = ['ready', 'advancing'] as const;
export type TestClockStatus = (typeof testClockStatuses)[number];

export interface TestClock {
  id: string;
  href: string;
  '@type': 'TestClock';
  name: string;
  /** The instant its customers live at. */
  frozenTime: string;
  status: TestClockStatus;
  /** The billing run of the last advance, while and after it runs. */
  billRun?: { id: string; href: string };
  /** System time: when it was created and last changed. */
  createdAt: string;
  lastUpdate: string;
}

const instant = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

export const testClockCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(256))),
  frozenTime: instant,
}));
export type TestClockCreate = z.infer<typeof testClockCreateSchema>;

export const testClockAdvanceSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ frozenTime: instant }));
export type TestClockAdvance = z.infer<typeof testClockAdvanceSchema>;

/** Test clocks are staff's: they decide what instants customers live at. */
export const testClockAccess: WriteAccess = staffWrites;

/** Far enough for years of simulated billing, near enough that no cycle arithmetic overflows. */
const earliest = /* @__PURE__ */ Date.parse('2000-01-01T00:00:00Z');
const latest = /* @__PURE__ */ Date.parse('2100-01-01T00:00:00Z');

function checkInstant(value: string, field: string): string {
  const at = Date.parse(value);
  if (at < earliest || at >= latest) {
    throw new InvalidInputError(`${field} must be in the years 2000 to 2099`, [{ field, problem: 'between 2000-01-01 and 2099-12-31' }]);
  }
  return new Date(at).toISOString();
}

export function createTestClock(input: TestClockCreate, context: { id: string; now: string }): TestClock {
  const frozenTime = checkInstant(input.frozenTime, 'frozenTime');
  return {
    id: context.id,
    href: `${testClockPath}/${context.id}`,
    '@type': 'TestClock',
    name: input.name ?? `Test clock from ${frozenTime}`,
    frozenTime,
    status: 'ready',
    createdAt: context.now,
    lastUpdate: context.now,
  };
}

export type AdvanceDecision = { kind: 'unchanged'; clock: TestClock } | { kind: 'advance'; clock: TestClock; from: string };

/**
 * Moving a clock: only forward, and only once the previous advance has finished. Advancing to
 * the time it already shows changes nothing. The clock shows its new time at once, `advancing`
 * until the billing run of the advance ends.
 */
export function advanceTestClock(clock: TestClock, input: TestClockAdvance, context: { now: string; billRunId: string; billRunHref: string }): AdvanceDecision {
  const target = checkInstant(input.frozenTime, 'frozenTime');
  const from = Date.parse(clock.frozenTime);
  const to = Date.parse(target);
  if (to === from) return { kind: 'unchanged', clock };
  if (to < from) {
    throw new InvalidInputError(`a test clock only moves forward: ${clock.name} shows ${clock.frozenTime}`, [
      { field: 'frozenTime', problem: `before the clock's time ${clock.frozenTime}` },
    ]);
  }
  if (clock.status === 'advancing') {
    throw new RuleViolationError('test-clock-advancing', `test clock ${clock.id} is still advancing to ${clock.frozenTime}; advance it again once it is ready`);
  }
  return {
    kind: 'advance',
    from: clock.frozenTime,
    clock: { ...clock, frozenTime: target, status: 'advancing', billRun: { id: context.billRunId, href: context.billRunHref }, lastUpdate: context.now },
  };
}

export function finishAdvance(clock: TestClock, now: string): TestClock {
  return { ...clock, status: 'ready', lastUpdate: now };
}
