/**
 * When a hub delivery is tried again (docs/events.md, "Hub subscriptions"): after each failed
 * attempt, the next delay of the schedule; once they are spent, the event is dead-lettered.
 * A deployment sets the schedule with BSS_HUB_RETRY_DELAYS_MS (comma-separated milliseconds);
 * the delivery waits in its function, so the delays and the attempts' timeouts must fit within
 * the function's timeout, which `assertFitsWithin` checks when the function starts.
 */
export const defaultRetryDelaysMs: readonly number[] = [2_000, 10_000, 30_000];

/** How long one attempt waits for the callback's answer. */
export const attemptTimeoutMs = 5_000;

export function parseRetryDelays(text: string | undefined): number[] {
  if (text === undefined || text.trim() === '') return [...defaultRetryDelaysMs];
  const delays = text.split(',').map((part) => Number(part.trim()));
  if (delays.some((delay) => !Number.isInteger(delay) || delay < 0)) throw new Error(`BSS_HUB_RETRY_DELAYS_MS must be comma-separated whole milliseconds, not ${text}`);
  return delays;
}

/** The longest a delivery can take: every attempt timing out, and every delay waited. */
export const longestDeliveryMs = (delays: readonly number[]): number => delays.reduce((sum, delay) => sum + delay, 0) + (delays.length + 1) * attemptTimeoutMs;

export function assertFitsWithin(delays: readonly number[], timeoutMs: number): void {
  if (longestDeliveryMs(delays) >= timeoutMs) throw new Error(`the hub retry delays (${delays.join(', ')} ms) and their attempts take longer than the function may run (${timeoutMs} ms)`);
}
