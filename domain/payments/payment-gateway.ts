import type { Money } from '../money/money.js';

/**
 * The payment gateway port: card authorization, capture, void and refund. Adapters live in
 * functions/lib/providers/ (the simulated one is described in docs/providers.md; a real one
 * would wrap Stripe, Adyen, ...). Every call that moves or reserves money carries an
 * idempotency key, because the saga retries: the same key must never charge twice.
 */
export interface AuthorizationRequest {
  /** The caller's key for this authorization: retries send it again and get the same answer. */
  idempotencyKey: string;
  /** The gateway's token for the customer's card (never a card number). */
  paymentMethodToken: string;
  amount: Money;
  /** What the cardholder sees on the statement. */
  description: string;
}

export type AuthorizationOutcome =
  | { outcome: 'authorized'; authorizationId: string; authorizationCode: string }
  | { outcome: 'declined'; declineCode: 'card_declined' | 'insufficient_funds' | 'unknown_payment_method'; message: string };

export type DeclineCode = Extract<AuthorizationOutcome, { outcome: 'declined' }>['declineCode'];

/** What the gateway holds for an authorization, as findAuthorization reports it. */
export interface GatewayAuthorization {
  authorizationId: string;
  idempotencyKey: string;
  amount: Money;
  status: 'authorized' | 'captured' | 'voided';
  capturedAmount?: Money;
  refundedAmount?: Money;
}

export interface PaymentGateway {
  /** Same idempotencyKey ⇒ same authorization (or the same decline), never a second one. */
  authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome>;
  /** The authorization made under this key, if any: a timed-out authorize may still have made one. */
  findAuthorization(idempotencyKey: string): Promise<GatewayAuthorization | undefined>;
  /** Idempotent on idempotencyKey; amount ≤ the authorized amount; one capture per authorization. */
  capture(request: { authorizationId: string; amount: Money; idempotencyKey: string }): Promise<{ captureId: string }>;
  /** Idempotent; voiding a captured authorization throws PaymentGatewayRejectedError. */
  voidAuthorization(request: { authorizationId: string }): Promise<void>;
  /** Idempotent on idempotencyKey; the total refunded never exceeds the captured amount. */
  refund(request: { captureId: string; amount: Money; idempotencyKey: string }): Promise<{ refundId: string }>;
}

/** The gateway could not be reached or failed before doing anything: transient, retry later with the same key. */
export class PaymentGatewayUnavailableError extends Error {
  override readonly name = 'PaymentGatewayUnavailable';
}

/** The call went out but its answer was lost: the outcome is unknown; find it by idempotency key. */
export class PaymentGatewayTimeoutError extends Error {
  override readonly name = 'PaymentGatewayTimeout';
}

/**
 * The gateway refused the operation for good (capture more than authorized, void a captured
 * authorization, refund more than captured, unknown id, a key reused for another request,
 * an amount that is not positive, an empty idempotency key).
 * Retrying the same call never helps: it is a bug or a state the caller must handle.
 */
export class PaymentGatewayRejectedError extends Error {
  override readonly name = 'PaymentGatewayRejected';
  constructor(
    readonly reason:
      | 'unknown_authorization'
      | 'unknown_capture'
      | 'amount_exceeds_authorization'
      | 'amount_exceeds_captured'
      | 'authorization_voided'
      | 'authorization_captured'
      | 'currency_mismatch'
      | 'invalid_amount'
      | 'invalid_request'
      | 'idempotency_key_reused',
    message: string,
  ) {
    super(message);
  }
}
