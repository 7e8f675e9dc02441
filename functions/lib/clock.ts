import { findTestClock } from './store/test-clock-store.js';

/** The clock port's system adapter: the only place handlers read the system time. */
export const systemClock = { now: (): string => new Date().toISOString() };
export type Clock = typeof systemClock;

/**
 * The time for a customer (docs/billing.md, "Test clocks"): its test clock's frozen time when it
 * lives on one, else the system time. Everything a use case records or decides for a customer
 * takes its instant from here. A clock that no longer exists is a broken invariant, not a fallback.
 */
export async function customerNow(testClockId: string | undefined): Promise<string> {
  if (testClockId === undefined) return systemClock.now();
  const stored = await findTestClock(testClockId);
  if (!stored) throw new Error(`invariant broken: test clock ${testClockId} does not exist`);
  return stored.clock.frozenTime;
}
