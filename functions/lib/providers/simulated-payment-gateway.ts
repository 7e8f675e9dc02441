import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isKnownCurrency, minorUnitExponent, type Money } from '../../../domain/money/money.js';
import {
  PaymentGatewayRejectedError,
  PaymentGatewayTimeoutError,
  PaymentGatewayUnavailableError,
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type DeclineCode,
  type GatewayAuthorization,
  type PaymentGateway,
} from '../../../domain/payments/payment-gateway.js';
import { systemClock, type Clock } from '../clock.js';
import { documentClient, tableName } from '../store/dynamo-client.js';
import { ConcurrentTransactionError } from '../store/store-errors.js';

/**
 * SIMULATED payment gateway (docs/providers.md): card behaviour chosen by test token, the
 * gateway's ledger kept in the BSS table under its own keys, so a local run or a test can
 * exercise every path of the payment saga (decline, transient failure, lost answer) and
 * inspect what the "gateway" holds. Deterministic: the outcome depends only on the token and
 * on what was already recorded under the idempotency key; ids and authorization codes are
 * derived from the idempotency keys.
 *
 * Test tokens (`paymentMethodToken`):
 * - `pm_card_visa`, `pm_card_mastercard`: authorized.
 * - `pm_card_declined`: declined, card_declined.
 * - `pm_card_insufficient_funds`: declined, insufficient_funds.
 * - `pm_card_gateway_error`: the first authorize of a key records a failed attempt and throws
 *   PaymentGatewayUnavailableError; the next one with the same key authorizes.
 * - `pm_card_timeout`: every authorize records the authorization, then throws
 *   PaymentGatewayTimeoutError as if the answer was lost; findAuthorization finds it.
 * - anything else: declined, unknown_payment_method.
 * With `timeoutAfterChargeRate` (a fault profile), the first capture of some keys charges and then
 * throws PaymentGatewayTimeoutError; a retry with the same key answers the capture.
 *
 * Ledger items (pk / sk), each written with a condition so duplicates and races never make two:
 * - `SIMULATED_GATEWAY#sim_auth_<h>` / `AUTHORIZATION`: one per authorize idempotency key,
 *   whatever its outcome; for an authorization it also holds status, capture and refund totals.
 * - `SIMULATED_GATEWAY#sim_cap_<h>` / `CAPTURE`, `SIMULATED_GATEWAY#sim_ref_<h>` / `REFUND`:
 *   one per capture or refund idempotency key, written in one transaction with the change to
 *   the authorization.
 * `<h>` is 32 hex digits of the SHA-256 of the idempotency key: ids are stable for a key, keys
 * of any length fit a partition key, and every lookup (by key or by id) is one GetItem.
 *
 * The slot for a real gateway (Stripe, Adyen, Braintree, ...): another adapter in this folder
 * implementing the PaymentGateway port, passing our idempotency keys as the provider's.
 */

export const simulatedTestTokens = {
  visa: 'pm_card_visa',
  mastercard: 'pm_card_mastercard',
  declined: 'pm_card_declined',
  insufficientFunds: 'pm_card_insufficient_funds',
  gatewayError: 'pm_card_gateway_error',
  timeout: 'pm_card_timeout',
} as const;

type TokenBehaviour =
  | { kind: 'authorize' }
  | { kind: 'decline'; declineCode: DeclineCode; message: string }
  | { kind: 'fail-first-attempt' }
  | { kind: 'lose-the-answer' };

function behaviourOf(token: string): TokenBehaviour {
  switch (token) {
    case simulatedTestTokens.visa:
    case simulatedTestTokens.mastercard:
      return { kind: 'authorize' };
    case simulatedTestTokens.declined:
      return { kind: 'decline', declineCode: 'card_declined', message: 'The card was declined.' };
    case simulatedTestTokens.insufficientFunds:
      return { kind: 'decline', declineCode: 'insufficient_funds', message: 'The card has insufficient funds.' };
    case simulatedTestTokens.gatewayError:
      return { kind: 'fail-first-attempt' };
    case simulatedTestTokens.timeout:
      return { kind: 'lose-the-answer' };
    default:
      return { kind: 'decline', declineCode: 'unknown_payment_method', message: `The payment method ${JSON.stringify(token)} is unknown to the gateway.` };
  }
}

/** Money as the ledger stores it: the minor units as a decimal string, so no float ever holds them. */
interface StoredMoney {
  minorUnits: string;
  currency: string;
}

type AuthorizationStatus = GatewayAuthorization['status'];

interface AuthorizationItem {
  pk: string;
  sk: 'AUTHORIZATION';
  entityType: 'SimulatedGatewayAuthorization';
  version: number;
  authorizationId: string;
  idempotencyKey: string;
  paymentMethodToken: string;
  amount: StoredMoney;
  description: string;
  /** `unavailable`: the recorded failed first attempt of pm_card_gateway_error. */
  outcome: 'authorized' | 'declined' | 'unavailable';
  attempts: number;
  recordedAt: string;
  authorizationCode?: string;
  declineCode?: DeclineCode;
  declineMessage?: string;
  status?: AuthorizationStatus;
  captureId?: string;
  capturedAmount?: StoredMoney;
  refundedAmount?: StoredMoney;
}

interface CaptureItem {
  pk: string;
  sk: 'CAPTURE';
  entityType: 'SimulatedGatewayCapture';
  version: 1;
  captureId: string;
  idempotencyKey: string;
  authorizationId: string;
  amount: StoredMoney;
  recordedAt: string;
}

interface RefundItem {
  pk: string;
  sk: 'REFUND';
  entityType: 'SimulatedGatewayRefund';
  version: 1;
  refundId: string;
  idempotencyKey: string;
  captureId: string;
  authorizationId: string;
  amount: StoredMoney;
  recordedAt: string;
}

const idPrefixes = { authorization: 'sim_auth_', capture: 'sim_cap_', refund: 'sim_ref_' } as const;
type IdKind = keyof typeof idPrefixes;
const idPattern = /^sim_(auth|cap|ref)_[0-9a-f]{32}$/;

function digestOf(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex');
}

function idFor(kind: IdKind, idempotencyKey: string): string {
  return `${idPrefixes[kind]}${digestOf(idempotencyKey).slice(0, 32)}`;
}

/** Whether the first capture of this key loses its answer: the key's digest, read as a fraction, under the rate. */
function losesTheAnswer(idempotencyKey: string, rate: number): boolean {
  return rate > 0 && Number.parseInt(digestOf(`lost-answer\n${idempotencyKey}`).slice(0, 8), 16) / 2 ** 32 < rate;
}

/** Six characters, like a card network's approval code; stable for the key. */
function authorizationCodeFor(idempotencyKey: string): string {
  return digestOf(`authorization-code\n${idempotencyKey}`).slice(0, 6).toUpperCase();
}

const ledgerKey = <Sk extends 'AUTHORIZATION' | 'CAPTURE' | 'REFUND'>(id: string, sk: Sk) => ({ pk: `SIMULATED_GATEWAY#${id}`, sk });

const stored = (value: Money): StoredMoney => ({ minorUnits: value.amount.toString(), currency: value.currency });
const fromStored = (value: StoredMoney): Money => ({ amount: BigInt(value.minorUnits), currency: value.currency });
const sameMoney = (a: StoredMoney, b: Money): boolean => a.currency === b.currency && BigInt(a.minorUnits) === b.amount;

/** `49.99 EUR`, `500 JPY`: every decimal of the currency, for messages people read. */
function describeMoney(value: Money): string {
  const exponent = minorUnitExponent(value.currency);
  const digits = (value.amount < 0n ? -value.amount : value.amount).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${value.amount < 0n ? '-' : ''}${whole}${fraction} ${value.currency}`;
}

function requireValidAmount(amount: Money, what: string): void {
  if (typeof amount?.amount !== 'bigint' || !isKnownCurrency(amount.currency) || amount.amount <= 0n) {
    const shown = typeof amount?.amount === 'bigint' ? `${amount.amount} minor units of ${JSON.stringify(amount.currency)}` : JSON.stringify(String(amount?.amount));
    throw new PaymentGatewayRejectedError('invalid_amount', `${what} must be a positive amount in an ISO 4217 currency, got ${shown}`);
  }
}

function requireKey(idempotencyKey: string, what: string): void {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0) {
    throw new PaymentGatewayRejectedError('invalid_request', `${what} needs a non-empty idempotency key`);
  }
}

/** A condition failed or a concurrent transaction interfered: re-read and decide again. */
function lostARace(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    error instanceof TransactionCanceledException ||
    error instanceof ConcurrentTransactionError ||
    (error instanceof Error && error.name === 'TransactionConflictException')
  );
}

/**
 * Every operation reads, decides and writes with a condition; a lost race re-reads. States
 * only move forward (none → authorized → captured, authorized → voided), so a few rounds settle
 * any race; running out means the ledger is being hammered, which is the gateway being busy.
 */
const maximumRounds = 5;

function busy(operation: string): PaymentGatewayUnavailableError {
  return new PaymentGatewayUnavailableError(`simulated gateway: ${operation} kept racing with concurrent calls; retry with the same idempotency key`);
}

export interface SimulatedPaymentGatewayOptions {
  client: DynamoDBDocumentClient;
  tableName: () => string;
  clock?: Clock;
  /**
   * The share of capture keys whose first capture charges and then answers
   * PaymentGatewayTimeoutError, as if the answer was lost (a fault profile sets it, through
   * BSS_SIMULATED_GATEWAY_TIMEOUT_AFTER_CHARGE_RATE; 0 by default). Chosen by the key's digest,
   * so it is deterministic; the retry with the same key finds the capture and answers it.
   */
  timeoutAfterChargeRate?: number;
}

export class SimulatedPaymentGateway implements PaymentGateway {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: () => string;
  private readonly clock: Clock;
  private readonly timeoutAfterChargeRate: number;

  constructor(options: SimulatedPaymentGatewayOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.timeoutAfterChargeRate = options.timeoutAfterChargeRate ?? 0;
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    requireKey(request.idempotencyKey, 'authorize');
    requireValidAmount(request.amount, 'the authorization amount');
    const authorizationId = idFor('authorization', request.idempotencyKey);
    for (let round = 0; round < maximumRounds; round += 1) {
      const existing = await this.get<AuthorizationItem>(ledgerKey(authorizationId, 'AUTHORIZATION'));
      try {
        return existing ? await this.replayAuthorization(existing, request) : await this.firstAuthorization(authorizationId, request);
      } catch (error) {
        if (!lostARace(error)) throw error;
      }
    }
    throw busy('authorize');
  }

  async findAuthorization(idempotencyKey: string): Promise<GatewayAuthorization | undefined> {
    requireKey(idempotencyKey, 'findAuthorization');
    const item = await this.get<AuthorizationItem>(ledgerKey(idFor('authorization', idempotencyKey), 'AUTHORIZATION'));
    if (!item || item.outcome !== 'authorized' || item.idempotencyKey !== idempotencyKey) return undefined;
    return gatewayAuthorization(item);
  }

  async capture(request: { authorizationId: string; amount: Money; idempotencyKey: string }): Promise<{ captureId: string }> {
    requireKey(request.idempotencyKey, 'capture');
    requireValidAmount(request.amount, 'the capture amount');
    const captureId = idFor('capture', request.idempotencyKey);
    for (let round = 0; round < maximumRounds; round += 1) {
      const previous = await this.get<CaptureItem>(ledgerKey(captureId, 'CAPTURE'));
      if (previous) {
        if (previous.authorizationId === request.authorizationId && sameMoney(previous.amount, request.amount)) return { captureId };
        throw reusedKey('capture', request.idempotencyKey, `a capture of ${describeMoney(fromStored(previous.amount))} on ${previous.authorizationId}`);
      }
      const authorization = await this.liveAuthorization(request.authorizationId);
      if (authorization.status === 'voided') {
        throw new PaymentGatewayRejectedError('authorization_voided', `authorization ${authorization.authorizationId} is voided; it cannot be captured`);
      }
      if (authorization.status === 'captured') {
        throw new PaymentGatewayRejectedError(
          'authorization_captured',
          `authorization ${authorization.authorizationId} is already captured (${authorization.captureId}); it can be captured once`,
        );
      }
      const authorized = fromStored(authorization.amount);
      requireSameCurrency(request.amount, authorized, `authorization ${authorization.authorizationId}`);
      if (request.amount.amount > authorized.amount) {
        throw new PaymentGatewayRejectedError(
          'amount_exceeds_authorization',
          `cannot capture ${describeMoney(request.amount)}: authorization ${authorization.authorizationId} is for ${describeMoney(authorized)}`,
        );
      }
      const capture: CaptureItem = {
        ...ledgerKey(captureId, 'CAPTURE'),
        entityType: 'SimulatedGatewayCapture',
        version: 1,
        captureId,
        idempotencyKey: request.idempotencyKey,
        authorizationId: authorization.authorizationId,
        amount: stored(request.amount),
        recordedAt: this.clock.now(),
      };
      try {
        await this.transact([
          this.authorizationUpdate(authorization, "#status = :captured, captureId = :captureId, capturedAmount = :captured_amount, refundedAmount = :nothing", {
            ':captured': 'captured',
            ':captureId': captureId,
            ':captured_amount': stored(request.amount),
            ':nothing': { minorUnits: '0', currency: request.amount.currency },
          }),
          { Put: { TableName: this.table(), Item: capture, ConditionExpression: 'attribute_not_exists(pk)' } },
        ]);
        if (losesTheAnswer(request.idempotencyKey, this.timeoutAfterChargeRate)) {
          throw new PaymentGatewayTimeoutError(`simulated gateway: capture ${captureId} charged, then its answer was lost; retry with the same idempotency key`);
        }
        return { captureId };
      } catch (error) {
        if (!lostARace(error)) throw error;
      }
    }
    throw busy('capture');
  }

  async voidAuthorization(request: { authorizationId: string }): Promise<void> {
    for (let round = 0; round < maximumRounds; round += 1) {
      const authorization = await this.liveAuthorization(request.authorizationId);
      if (authorization.status === 'voided') return;
      if (authorization.status === 'captured') {
        throw new PaymentGatewayRejectedError(
          'authorization_captured',
          `authorization ${authorization.authorizationId} is captured (${authorization.captureId}); a captured payment cannot be voided, refund it instead`,
        );
      }
      try {
        await this.client.send(new UpdateCommand(this.authorizationUpdate(authorization, '#status = :voided', { ':voided': 'voided' }).Update));
        return;
      } catch (error) {
        if (!lostARace(error)) throw error;
      }
    }
    throw busy('void');
  }

  async refund(request: { captureId: string; amount: Money; idempotencyKey: string }): Promise<{ refundId: string }> {
    requireKey(request.idempotencyKey, 'refund');
    requireValidAmount(request.amount, 'the refund amount');
    const refundId = idFor('refund', request.idempotencyKey);
    for (let round = 0; round < maximumRounds; round += 1) {
      const previous = await this.get<RefundItem>(ledgerKey(refundId, 'REFUND'));
      if (previous) {
        if (previous.captureId === request.captureId && sameMoney(previous.amount, request.amount)) return { refundId };
        throw reusedKey('refund', request.idempotencyKey, `a refund of ${describeMoney(fromStored(previous.amount))} on ${previous.captureId}`);
      }
      const capture = idPattern.test(request.captureId) ? await this.get<CaptureItem>(ledgerKey(request.captureId, 'CAPTURE')) : undefined;
      if (!capture) throw new PaymentGatewayRejectedError('unknown_capture', `the gateway has no capture ${JSON.stringify(request.captureId)}`);
      const authorization = await this.liveAuthorization(capture.authorizationId);
      const captured = fromStored(authorization.capturedAmount ?? capture.amount);
      const refunded = fromStored(authorization.refundedAmount ?? { minorUnits: '0', currency: captured.currency });
      requireSameCurrency(request.amount, captured, `capture ${capture.captureId}`);
      const total = refunded.amount + request.amount.amount;
      if (total > captured.amount) {
        const left: Money = { amount: captured.amount - refunded.amount, currency: captured.currency };
        throw new PaymentGatewayRejectedError(
          'amount_exceeds_captured',
          `cannot refund ${describeMoney(request.amount)}: capture ${capture.captureId} of ${describeMoney(captured)} has ${describeMoney(left)} left to refund`,
        );
      }
      const refund: RefundItem = {
        ...ledgerKey(refundId, 'REFUND'),
        entityType: 'SimulatedGatewayRefund',
        version: 1,
        refundId,
        idempotencyKey: request.idempotencyKey,
        captureId: capture.captureId,
        authorizationId: authorization.authorizationId,
        amount: stored(request.amount),
        recordedAt: this.clock.now(),
      };
      try {
        await this.transact([
          this.authorizationUpdate(authorization, 'refundedAmount = :refunded', { ':refunded': stored({ amount: total, currency: captured.currency }) }),
          { Put: { TableName: this.table(), Item: refund, ConditionExpression: 'attribute_not_exists(pk)' } },
        ]);
        return { refundId };
      } catch (error) {
        if (!lostARace(error)) throw error;
      }
    }
    throw busy('refund');
  }

  /** No record under the key yet: this call decides, and a conditional put makes it the only one. */
  private async firstAuthorization(authorizationId: string, request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const behaviour = behaviourOf(request.paymentMethodToken);
    const base = {
      ...ledgerKey(authorizationId, 'AUTHORIZATION'),
      entityType: 'SimulatedGatewayAuthorization' as const,
      version: 1,
      authorizationId,
      idempotencyKey: request.idempotencyKey,
      paymentMethodToken: request.paymentMethodToken,
      amount: stored(request.amount),
      description: request.description,
      attempts: 1,
      recordedAt: this.clock.now(),
    };
    const item: AuthorizationItem =
      behaviour.kind === 'decline'
        ? { ...base, outcome: 'declined', declineCode: behaviour.declineCode, declineMessage: behaviour.message }
        : behaviour.kind === 'fail-first-attempt'
          ? { ...base, outcome: 'unavailable' }
          : { ...base, outcome: 'authorized', status: 'authorized', authorizationCode: authorizationCodeFor(request.idempotencyKey) };
    await this.client.send(new PutCommand({ TableName: this.table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    if (behaviour.kind === 'fail-first-attempt') {
      throw new PaymentGatewayUnavailableError(`simulated gateway error (${request.paymentMethodToken}): the first attempt fails; retry with the same idempotency key`);
    }
    return this.answerFor(item);
  }

  /** A record exists: the same request gets the same answer; a failed first attempt is retried. */
  private async replayAuthorization(existing: AuthorizationItem, request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    if (existing.paymentMethodToken !== request.paymentMethodToken || !sameMoney(existing.amount, request.amount)) {
      throw reusedKey('authorize', request.idempotencyKey, `an authorization of ${describeMoney(fromStored(existing.amount))} with ${existing.paymentMethodToken}`);
    }
    if (existing.outcome !== 'unavailable') return this.answerFor(existing);
    const authorized: AuthorizationItem = {
      ...existing,
      outcome: 'authorized',
      status: 'authorized',
      authorizationCode: authorizationCodeFor(existing.idempotencyKey),
      attempts: existing.attempts + 1,
      version: existing.version + 1,
    };
    await this.client.send(
      new PutCommand({
        TableName: this.table(),
        Item: authorized,
        ConditionExpression: '#version = :expected AND outcome = :unavailable',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': existing.version, ':unavailable': 'unavailable' },
      }),
    );
    return this.answerFor(authorized);
  }

  private answerFor(item: AuthorizationItem): AuthorizationOutcome {
    if (item.outcome === 'declined') {
      return { outcome: 'declined', declineCode: item.declineCode ?? 'card_declined', message: item.declineMessage ?? 'The card was declined.' };
    }
    if (behaviourOf(item.paymentMethodToken).kind === 'lose-the-answer') {
      throw new PaymentGatewayTimeoutError(
        `simulated gateway timeout (${item.paymentMethodToken}): the authorization may have been made; look it up with findAuthorization`,
      );
    }
    return { outcome: 'authorized', authorizationId: item.authorizationId, authorizationCode: item.authorizationCode ?? '' };
  }

  /** The authorization behind an id, which must be one the gateway made (not a decline). */
  private async liveAuthorization(authorizationId: string): Promise<AuthorizationItem> {
    const item = idPattern.test(authorizationId) ? await this.get<AuthorizationItem>(ledgerKey(authorizationId, 'AUTHORIZATION')) : undefined;
    if (!item || item.outcome !== 'authorized') {
      throw new PaymentGatewayRejectedError('unknown_authorization', `the gateway has no authorization ${JSON.stringify(authorizationId)}`);
    }
    return item;
  }

  /** An update of the authorization made from the version just read, so concurrent changes lose and re-read. */
  private authorizationUpdate(authorization: AuthorizationItem, set: string, values: Record<string, unknown>) {
    return {
      Update: {
        TableName: this.table(),
        Key: { pk: authorization.pk, sk: authorization.sk },
        UpdateExpression: `SET ${set}, #version = :next`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version', ...(set.includes('#status') ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ...values, ':expected': authorization.version, ':next': authorization.version + 1 },
      },
    };
  }

  private async transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const answer = await this.client.send(new GetCommand({ TableName: this.table(), Key: key, ConsistentRead: true }));
    return answer.Item as T | undefined;
  }
}

function gatewayAuthorization(item: AuthorizationItem): GatewayAuthorization {
  return {
    authorizationId: item.authorizationId,
    idempotencyKey: item.idempotencyKey,
    amount: fromStored(item.amount),
    status: item.status ?? 'authorized',
    ...(item.capturedAmount ? { capturedAmount: fromStored(item.capturedAmount) } : {}),
    ...(item.refundedAmount ? { refundedAmount: fromStored(item.refundedAmount) } : {}),
  };
}

function requireSameCurrency(requested: Money, held: Money, what: string): void {
  if (requested.currency !== held.currency) {
    throw new PaymentGatewayRejectedError('currency_mismatch', `${what} is in ${held.currency}, not ${requested.currency}`);
  }
}

function reusedKey(operation: string, idempotencyKey: string, earlier: string): PaymentGatewayRejectedError {
  return new PaymentGatewayRejectedError(
    'idempotency_key_reused',
    `${operation}: idempotency key ${JSON.stringify(idempotencyKey)} was already used for ${earlier}; a key names one request`,
  );
}

/** Created once per function instance, on the BSS table. */
export const simulatedPaymentGateway: PaymentGateway = new SimulatedPaymentGateway({
  client: documentClient,
  tableName,
  timeoutAfterChargeRate: rateFromEnvironment('BSS_SIMULATED_GATEWAY_TIMEOUT_AFTER_CHARGE_RATE'),
});

function rateFromEnvironment(name: string): number {
  const rate = Number(process.env[name] ?? 0);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`${name} must be a rate from 0 to 1, not ${process.env[name]}`);
  return rate;
}
