import { describe, expect, it } from 'vitest';
import { provisioningResultSchema } from '../../../../domain/provisioning/provisioning-system.js';

describe('provisioning result (callback body)', () => {
  it.each([
    { outcome: 'succeeded' },
    { outcome: 'succeeded', serviceId: 'SVC-1' },
    { outcome: 'failed', reason: 'number +33612340000 is not available for porting' },
  ])('accepts %j', (body) => {
    expect(provisioningResultSchema.parse(body)).toEqual(body);
  });

  it('needs a reason for a failure', () => {
    const parsed = provisioningResultSchema.safeParse({ outcome: 'failed' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['reason'], message: expect.stringMatching(/reason/) })]);
  });

  it.each([
    [{ outcome: 'done' }, 'outcome'],
    [{ outcome: 'succeeded', serviceId: '' }, 'serviceId'],
    [{ outcome: 'failed', reason: 'x'.repeat(1025) }, 'reason'],
    [{ outcome: 'succeeded', extra: true }, ''],
  ])('refuses %j', (body, field) => {
    const parsed = provisioningResultSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(field);
  });
});
