import { describe, expect, it } from 'vitest';
import type { ProvisioningRequest } from '../../../domain/provisioning/provisioning-system.js';
import { provisioningResultSchema } from '../../../domain/provisioning/provisioning-system.js';
import { simulatedProvisioningAnswer, simulatedServiceId } from '../../../functions/lib/providers/simulated-provisioning-rules.js';

const request = (characteristics: ProvisioningRequest['characteristics'] = [], overrides: Partial<ProvisioningRequest> = {}): ProvisioningRequest => ({
  requestId: 'prv-1',
  orderId: 'ord-1',
  orderItemId: '1',
  action: 'add',
  productId: 'prod-1',
  productOffering: { id: 'mobile-m', name: 'Mobile M' },
  characteristics,
  ...overrides,
});

describe('simulated provisioning outcome', () => {
  it.each(['+33612340000', '+44 7700 90 0000', '0000'])('fails a port of %s: not available', (phoneNumber) => {
    expect(simulatedProvisioningAnswer(request([{ name: 'phoneNumber', value: phoneNumber }]))).toEqual({
      answer: 'result',
      result: { outcome: 'failed', reason: `number ${phoneNumber} is not available for porting` },
    });
  });

  it('reads a numeric phone number too', () => {
    expect(simulatedProvisioningAnswer(request([{ name: 'phoneNumber', value: 33612340000 }]))).toMatchObject({ result: { outcome: 'failed' } });
  });

  it.each(['+33612349999', '+33 6 12 34 99 99'])('never answers %s', (phoneNumber) => {
    expect(simulatedProvisioningAnswer(request([{ name: 'phoneNumber', value: phoneNumber }]))).toMatchObject({ answer: 'none' });
  });

  it.each([
    ['no characteristics', []],
    ['another number', [{ name: 'phoneNumber', value: '+33612341234' }]],
    ['0000 in another characteristic', [{ name: 'simSerial', value: '89330000' }]],
    ['0000 not at the end', [{ name: 'phoneNumber', value: '+33600001234' }]],
  ] as const)('succeeds with %s', (_, characteristics) => {
    const answer = simulatedProvisioningAnswer(request([...characteristics]));
    expect(answer).toEqual({ answer: 'result', result: { outcome: 'succeeded', serviceId: simulatedServiceId(request()) } });
  });

  it('applies the same rules to every action', () => {
    for (const action of ['add', 'modify', 'delete'] as const) {
      expect(simulatedProvisioningAnswer(request([{ name: 'phoneNumber', value: '+33612340000' }], { action }))).toMatchObject({ result: { outcome: 'failed' } });
    }
  });

  it('derives the service id from the request: stable, distinct per request, within 128 characters', () => {
    const id = simulatedServiceId(request());
    expect(id).toMatch(/^SVC-1-[0-9a-f]{12}$/);
    expect(simulatedServiceId(request())).toBe(id);
    expect(simulatedServiceId(request([], { requestId: 'prv-2' }))).not.toBe(id);
    expect(simulatedServiceId(request([], { orderItemId: '2' }))).not.toBe(id);
    expect(simulatedServiceId(request([], { orderItemId: 'x'.repeat(500) })).length).toBeLessThanOrEqual(128);
  });

  it('answers results the callback schema accepts, even for an absurd phone number', () => {
    const absurd = `${'1'.repeat(2000)}0000`;
    for (const value of ['+33612340000', '+33612341234', absurd]) {
      const answer = simulatedProvisioningAnswer(request([{ name: 'phoneNumber', value }]));
      if (answer.answer === 'result') expect(provisioningResultSchema.safeParse(answer.result).success).toBe(true);
      else throw new Error(`expected an answer for ${value}`);
    }
  });
});
