import type { LocalRuntime } from '../infra/local/runtime.js';

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));

/**
 * Waits until the asynchronous work earlier writes caused is done, so that it does not run
 * under the next measurement: the outbox relay has caught up (`caughtUp` sees the last expected
 * effect, e.g. the newest customer's default billing account), then EventBridge deliveries and
 * state machine executions have drained and stay drained for `settleMs`. Returns false after
 * `timeoutMs` instead of hanging the benchmark.
 */
export async function waitForBackgroundWork(
  runtime: LocalRuntime,
  caughtUp: () => Promise<boolean>,
  { settleMs = 500, timeoutMs = 60_000 } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let visible = false;
  while (!visible && Date.now() < deadline) {
    visible = await caughtUp();
    if (!visible) await pause(200);
  }
  if (!visible) return false;
  for (let round = 0; round < 2; round += 1) {
    await Promise.race([Promise.all([runtime.eventBridge.idle(), runtime.stepFunctions.idle()]), pause(Math.max(0, deadline - Date.now()))]);
    await pause(settleMs);
  }
  return Date.now() < deadline;
}
