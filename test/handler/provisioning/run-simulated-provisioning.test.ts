import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvisioningRequest } from '../../../domain/provisioning/provisioning-system.js';
import { simulatedServiceId } from '../../../functions/lib/providers/simulated-provisioning-rules.js';
import { ConcurrentTransactionError } from '../../../functions/lib/store/store-errors.js';
import { lambdaContext } from '../../support/lambda-context.js';

const { recordProvisioningResult } = vi.hoisted(() => ({ recordProvisioningResult: vi.fn() }));
vi.mock('../../../functions/provisioning/record-provisioning-result.js', () => ({ recordProvisioningResult }));

const { handler } = await import('../../../functions/provisioning/run-simulated-provisioning.js');

const request = (phoneNumber = '+33612341234'): ProvisioningRequest => ({
  requestId: 'ord-1-item-1-add',
  orderId: 'ord-1',
  orderItemId: 'item-1',
  action: 'add',
  productId: 'prod-1',
  productOffering: { id: 'mobile-m', name: 'Mobile M' },
  characteristics: [{ name: 'phoneNumber', value: phoneNumber }],
});

const run = (event: unknown) => handler(event, lambdaContext('run-simulated-provisioning'));

beforeEach(() => {
  recordProvisioningResult.mockReset();
  recordProvisioningResult.mockResolvedValue('recorded');
});

describe('run-simulated-provisioning (simulated provisioning system task)', () => {
  it('calls back with a success and a deterministic service id, under the submitter correlation id', async () => {
    const answer = await run({ request: request(), delaySeconds: 2, correlationId: 'corr-order-1' });
    expect(recordProvisioningResult).toHaveBeenCalledExactlyOnceWith(
      'ord-1-item-1-add',
      { outcome: 'succeeded', serviceId: simulatedServiceId(request()) },
      { correlationId: 'corr-order-1' },
    );
    expect(answer).toEqual({ answered: true, outcome: 'succeeded', recorded: 'recorded' });
  });

  it('calls back with the porting failure for a number ending in 0000', async () => {
    await run({ request: request('+33612340000'), delaySeconds: 0 });
    expect(recordProvisioningResult).toHaveBeenCalledExactlyOnceWith(
      'ord-1-item-1-add',
      { outcome: 'failed', reason: 'number +33612340000 is not available for porting' },
      { correlationId: 'ord-1-item-1-add' },
    );
  });

  it('never calls back for a number ending in 9999', async () => {
    const answer = await run({ request: request('+33612349999'), delaySeconds: 0 });
    expect(recordProvisioningResult).not.toHaveBeenCalled();
    expect(answer).toEqual({ answered: false });
  });

  it('is quiet about a duplicate or an answer nobody waits for', async () => {
    recordProvisioningResult.mockResolvedValueOnce('already-recorded').mockResolvedValueOnce('unknown-request');
    await expect(run({ request: request(), delaySeconds: 0 })).resolves.toMatchObject({ answered: true, recorded: 'already-recorded' });
    await expect(run({ request: request(), delaySeconds: 0 })).resolves.toMatchObject({ answered: true, recorded: 'unknown-request' });
  });

  it('names a transient callback failure so the state machine retries it', async () => {
    recordProvisioningResult.mockRejectedValueOnce(new ConcurrentTransactionError('busy'));
    await expect(run({ request: request(), delaySeconds: 0 })).rejects.toMatchObject({ name: 'TransientCallbackError', message: 'busy' });
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    recordProvisioningResult.mockRejectedValueOnce(throttled);
    await expect(run({ request: request(), delaySeconds: 0 })).rejects.toMatchObject({ name: 'TransientCallbackError' });
  });

  it('lets any other callback failure through as it is', async () => {
    recordProvisioningResult.mockRejectedValueOnce(new TypeError('bug'));
    await expect(run({ request: request(), delaySeconds: 0 })).rejects.toThrow(TypeError);
  });

  it('refuses an input that is not a provisioning request, without calling back', async () => {
    await expect(run({ request: { requestId: 'r' }, delaySeconds: 0 })).rejects.toThrow();
    await expect(run({ delaySeconds: 0 })).rejects.toThrow();
    expect(recordProvisioningResult).not.toHaveBeenCalled();
  });
});
