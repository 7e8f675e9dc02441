import type { ApiError } from '../shared/api-error.js';
import type { MessageKey } from '../shared/i18n/messages-en.js';

/**
 * A failed card payment (POST /payment, docs/collections.md) in words a customer can act on.
 * A decline is `402 PAYMENT_DECLINED` whose `details` name `paymentMethod.id` with the gateway's
 * decline code (docs/providers.md); the rest are the API's usual refusals.
 */
export function paymentFailureMessage(error: ApiError): MessageKey {
  if (error.status === 402 && error.code === 'PAYMENT_DECLINED') {
    const code = error.details.find((detail) => detail.field === 'paymentMethod.id')?.problem;
    if (code === 'card_declined') return 'pay.error.declined';
    if (code === 'insufficient_funds') return 'pay.error.insufficientFunds';
    if (code === 'unknown_payment_method') return 'pay.error.unknownCard';
    return 'pay.error.declinedOther';
  }
  if (error.kind === 'network') return 'pay.error.network';
  if (error.kind === 'server') return 'pay.error.server';
  if (error.kind === 'forbidden' && error.details.some((detail) => detail.field === 'paymentMethod.id')) return 'pay.error.notYourCard';
  if (error.status === 409 && error.code === 'ACCOUNT_CLOSED') return 'pay.error.accountClosed';
  // The bill moved on meanwhile (paid elsewhere, credited): what it owes is not what was shown.
  if (error.status === 400 && error.details.some((detail) => detail.field.startsWith('paymentItem') || detail.field.startsWith('totalAmount'))) return 'pay.error.billChanged';
  return 'pay.error.other';
}

/** Whether trying again with the same Idempotency-Key can help: the answer was lost, or the service failed. */
export const retrySameKey = (error: ApiError): boolean => error.retryable;
