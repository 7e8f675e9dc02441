import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts DynamoDB round trips per invocation. The local gateway and the benchmark open a
 * scope around each invocation and read the count; on AWS nobody opens one and counting
 * costs nothing.
 */
const scope = new AsyncLocalStorage<{ count: number }>();

export function recordRoundTrip(): void {
  const counter = scope.getStore();
  if (counter) counter.count += 1;
}

export async function countingRoundTrips<T>(work: () => Promise<T>): Promise<{ result: T; roundTrips: number }> {
  const counter = { count: 0 };
  const result = await scope.run(counter, work);
  return { result, roundTrips: counter.count };
}
