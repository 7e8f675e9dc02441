import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { stateMachineTask } from '../../../functions/lib/workflows/state-machine-task.js';
import { lambdaContext } from '../../support/lambda-context.js';

describe('a state machine task running out of time', () => {
  it('is left to Lambda to end (Sandbox.Timedout, which the machines retry), not ended by middy with an error no Retry names', async () => {
    const task = stateMachineTask('orderId', async (input: { orderId: string; correlationId?: string }) => {
      await sleep(60);
      return { done: input.orderId };
    });
    // 20 ms left: middy's default would throw its TimeoutError ("[AbortError]: The operation was aborted.") 15 ms in.
    await expect(task({ orderId: 'order-1', correlationId: 'c-1' }, lambdaContext('slow-step', 20))).resolves.toEqual({ done: 'order-1' });
  });
});
