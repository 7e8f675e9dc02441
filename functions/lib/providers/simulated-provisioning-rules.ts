import { createHash } from 'node:crypto';
import type { ProvisioningRequest, ProvisioningResult } from '../../../domain/provisioning/provisioning-system.js';

/**
 * What the SIMULATED provisioning system answers to a request (docs/providers.md). A pure
 * function of the request, so a run can be replayed:
 *
 * - a `phoneNumber` characteristic whose digits end in 0000: failed, "number <n> is not
 *   available for porting";
 * - one whose digits end in 9999: no answer at all, ever (the caller's timeout applies);
 * - anything else: succeeded, with the service id `SVC-<orderItemId>-<12 hex digits>`, the
 *   digits hashed from the request id, order id and item id.
 *
 * The same rules apply to add, modify and delete.
 */
export type SimulatedProvisioningAnswer =
  | { answer: 'result'; result: ProvisioningResult }
  | { answer: 'none'; why: string };

export const phoneNumberCharacteristic = 'phoneNumber';

/** The longest order item id kept whole in a service id, so it stays within the result's 128 characters. */
const serviceIdItemLength = 64;

function phoneNumberOf(request: ProvisioningRequest): string | undefined {
  const characteristic = request.characteristics.find((candidate) => candidate.name === phoneNumberCharacteristic);
  return characteristic === undefined ? undefined : String(characteristic.value);
}

/** Digits only: `+44 7700 900000` and `447700900000` are the same number. */
const digitsOf = (phoneNumber: string): string => phoneNumber.replace(/\D/g, '');

export function simulatedServiceId(request: Pick<ProvisioningRequest, 'requestId' | 'orderId' | 'orderItemId'>): string {
  const digest = createHash('sha256').update(`${request.orderId}\n${request.orderItemId}\n${request.requestId}`).digest('hex');
  return `SVC-${request.orderItemId.slice(0, serviceIdItemLength)}-${digest.slice(0, 12)}`;
}

export function simulatedProvisioningAnswer(request: ProvisioningRequest): SimulatedProvisioningAnswer {
  const phoneNumber = phoneNumberOf(request);
  if (phoneNumber !== undefined) {
    const digits = digitsOf(phoneNumber);
    if (digits.endsWith('0000')) {
      // A phone number is at most 15 digits (E.164); the cut only keeps a garbage value within the result's 1024 characters.
      return { answer: 'result', result: { outcome: 'failed', reason: `number ${phoneNumber.slice(0, 64)} is not available for porting` } };
    }
    if (digits.endsWith('9999')) {
      return { answer: 'none', why: `phone number ${phoneNumber} ends in 9999: the simulated provisioning system never answers it` };
    }
  }
  return { answer: 'result', result: { outcome: 'succeeded', serviceId: simulatedServiceId(request) } };
}
