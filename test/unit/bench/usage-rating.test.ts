import { describe, expect, it } from 'vitest';
import { measureUsageRating } from '../../../bench/usage-rating.js';

describe('measureUsageRating (bench)', () => {
  it('rates a stream across the charge models and checks it against whole-period rating (transactions: against rating them again)', async () => {
    const progress: number[] = [];
    const result = await measureUsageRating({ records: 260_000, onProgress: (done) => progress.push(done) });
    expect(result.records).toBe(260_000);
    expect(result.priceModels).toEqual(['perUnit', 'graduated', 'volume', 'package', 'percentage', 'graduatedPercentage', 'transaction']);
    expect(result.recordsPerSecond).toBeGreaterThan(0);
    expect(progress).toEqual([250_000]);
  });
});
