import { beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { now, stepInput } from '../../support/order-saga-fixtures.js';

const { releaseStock } = vi.hoisted(() => ({ releaseStock: vi.fn() }));
vi.mock('../../../functions/lib/store/stock-store.js', () => ({ releaseStock }));

const { handler } = await import('../../../functions/order-to-cash/release-order-stock.js');

const release = () => handler(stepInput(), lambdaContext('release-order-stock'));

beforeEach(() => {
  releaseStock.mockReset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('release-order-stock (compensation)', () => {
  it.each(['released', 'nothing-reserved', 'already-settled'] as const)('gives the order’s stock back and answers %s as the store does', async (outcome) => {
    releaseStock.mockResolvedValue(outcome);
    await expect(release()).resolves.toEqual({ released: outcome });
    expect(releaseStock).toHaveBeenCalledExactlyOnceWith('order-1', now);
  });
});
