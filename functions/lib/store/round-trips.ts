import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts DynamoDB round trips per invocation. The local gateway and the benchmark open a
 * scope around each invocation and read the count; on AWS nobody opens one, so the scope is
 * made with the first count asked for and a cold start neither imports nor makes it.
 */
let scope: AsyncLocalStorage<{ count: number }> | undefined;

export function recordRoundTrip(): void {
  const counter = scope?.getStore();
  if (counter) counter.count += 1;
}

export async function countingRoundTrips<T>(work: () => Promise<T>): Promise<{ result: T; roundTrips: number }> {
  scope ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)();
  const counter = { count: 0 };
  const result = await scope.run(counter, work);
  return { result, roundTrips: counter.count };
}
