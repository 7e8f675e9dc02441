import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { money, type Money } from '../../domain/money/money.js';
import { PaymentGatewayTimeoutError, type AuthorizationRequest, type PaymentGateway } from '../../domain/payments/payment-gateway.js';

/**
 * The simulated gateway's ledger against the DynamoDB Local of the running runtime: its
 * idempotency and its money rules rest on conditional writes and transactions, which only a
 * real DynamoDB settles. The gateway is the one the functions use, on the runtime's table.
 */
const table = 'bss';
let gateway: PaymentGateway;
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

beforeAll(async () => {
  // The module's client reads the SDK's standard configuration when it loads, as in a function.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: table,
  });
  ({ simulatedPaymentGateway: gateway } = await import('../../functions/lib/providers/simulated-payment-gateway.js'));
});

const eur = (cents: bigint): Money => money(cents, 'EUR');
const newKey = (what = 'auth') => `${what}-${randomUUID()}`;
const authorization = (paymentMethodToken: string, overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  idempotencyKey: newKey(),
  paymentMethodToken,
  amount: eur(49_99n),
  description: 'Order ord-1 upfront charges',
  ...overrides,
});

/** The ledger item under an id the gateway gave out (sim_auth_…, sim_cap_…, sim_ref_…). */
async function ledgerItem(id: string, sk: 'AUTHORIZATION' | 'CAPTURE' | 'REFUND') {
  return (await documents.send(new GetCommand({ TableName: table, Key: { pk: `SIMULATED_GATEWAY#${id}`, sk }, ConsistentRead: true }))).Item;
}

async function authorized(request: AuthorizationRequest): Promise<string> {
  const outcome = await gateway.authorize(request);
  if (outcome.outcome !== 'authorized') throw new Error(`expected an authorization, got ${JSON.stringify(outcome)}`);
  return outcome.authorizationId;
}

const rejected = (reason: string) => ({ name: 'PaymentGatewayRejected', reason });

describe('simulated payment gateway: authorization by test token', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard'])('authorizes %s, records it and finds it by key', async (token) => {
    const request = authorization(token);
    const outcome = await gateway.authorize(request);
    expect(outcome).toEqual({ outcome: 'authorized', authorizationId: expect.stringMatching(/^sim_auth_[0-9a-f]{32}$/), authorizationCode: expect.stringMatching(/^[0-9A-F]{6}$/) });
    const authorizationId = (outcome as { authorizationId: string }).authorizationId;
    expect(await gateway.findAuthorization(request.idempotencyKey)).toEqual({
      authorizationId,
      idempotencyKey: request.idempotencyKey,
      amount: eur(49_99n),
      status: 'authorized',
    });
    expect(await ledgerItem(authorizationId, 'AUTHORIZATION')).toMatchObject({
      entityType: 'SimulatedGatewayAuthorization',
      outcome: 'authorized',
      amount: { minorUnits: '4999', currency: 'EUR' },
      paymentMethodToken: token,
      description: 'Order ord-1 upfront charges',
    });
  });

  it.each([
    ['pm_card_declined', 'card_declined'],
    ['pm_card_insufficient_funds', 'insufficient_funds'],
    ['pm_card_amex_made_up', 'unknown_payment_method'],
    ['', 'unknown_payment_method'],
  ])('declines %j with %s, and holds no authorization for it', async (token, declineCode) => {
    const request = authorization(token);
    const outcome = await gateway.authorize(request);
    expect(outcome).toEqual({ outcome: 'declined', declineCode, message: expect.any(String) });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toBeUndefined();
    // The same key answers the same decline.
    expect(await gateway.authorize(request)).toEqual(outcome);
  });

  it('fails the first attempt of pm_card_gateway_error, recording it, and authorizes the retry with the same key', async () => {
    const request = authorization('pm_card_gateway_error');
    await expect(gateway.authorize(request)).rejects.toMatchObject({ name: 'PaymentGatewayUnavailable' });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toBeUndefined();

    const outcome = await gateway.authorize(request);
    expect(outcome).toMatchObject({ outcome: 'authorized' });
    expect(await gateway.authorize(request)).toEqual(outcome);
    const authorizationId = (outcome as { authorizationId: string }).authorizationId;
    expect(await ledgerItem(authorizationId, 'AUTHORIZATION')).toMatchObject({ outcome: 'authorized', attempts: 2, version: 2 });
  });

  it('fails a new key of pm_card_gateway_error again: the failure is per key', async () => {
    await expect(gateway.authorize(authorization('pm_card_gateway_error'))).rejects.toMatchObject({ name: 'PaymentGatewayUnavailable' });
    await expect(gateway.authorize(authorization('pm_card_gateway_error'))).rejects.toMatchObject({ name: 'PaymentGatewayUnavailable' });
  });

  it('makes the pm_card_timeout authorization but loses every answer; the caller finds and voids it by key', async () => {
    const request = authorization('pm_card_timeout');
    await expect(gateway.authorize(request)).rejects.toMatchObject({ name: 'PaymentGatewayTimeout' });
    await expect(gateway.authorize(request)).rejects.toMatchObject({ name: 'PaymentGatewayTimeout' });

    const found = await gateway.findAuthorization(request.idempotencyKey);
    expect(found).toMatchObject({ idempotencyKey: request.idempotencyKey, amount: eur(49_99n), status: 'authorized' });
    await gateway.voidAuthorization({ authorizationId: found!.authorizationId });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toMatchObject({ status: 'voided' });
    expect(await ledgerItem(found!.authorizationId, 'AUTHORIZATION')).toMatchObject({ attempts: 1, status: 'voided' });
  });

  it('refuses an amount that is not positive and an empty key', async () => {
    await expect(gateway.authorize(authorization('pm_card_visa', { amount: eur(0n) }))).rejects.toMatchObject(rejected('invalid_amount'));
    await expect(gateway.authorize(authorization('pm_card_visa', { amount: eur(-1n) }))).rejects.toMatchObject(rejected('invalid_amount'));
    await expect(gateway.authorize(authorization('pm_card_visa', { idempotencyKey: '' }))).rejects.toMatchObject(rejected('invalid_request'));
  });
});

describe('simulated payment gateway: idempotency', () => {
  it('answers the same key with the same authorization and writes it once', async () => {
    const request = authorization('pm_card_visa');
    const first = await gateway.authorize(request);
    expect(await gateway.authorize(request)).toEqual(first);
    expect(await gateway.authorize({ ...request, description: 'a retry may word it differently' })).toEqual(first);
    expect(await ledgerItem((first as { authorizationId: string }).authorizationId, 'AUTHORIZATION')).toMatchObject({ version: 1, attempts: 1 });
  });

  it('makes one authorization of simultaneous calls with the same key', async () => {
    const request = authorization('pm_card_mastercard');
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => gateway.authorize(request)));
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(outcomes[0]).toMatchObject({ outcome: 'authorized' });
    expect(await ledgerItem((outcomes[0] as { authorizationId: string }).authorizationId, 'AUTHORIZATION')).toMatchObject({ version: 1, attempts: 1 });
  });

  it('fails exactly one of simultaneous first attempts of pm_card_gateway_error, the other authorizes', async () => {
    const request = authorization('pm_card_gateway_error');
    const settled = await Promise.allSettled([gateway.authorize(request), gateway.authorize(request)]);
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ name: 'PaymentGatewayUnavailable' }) },
    ]);
    expect(settled.filter((result) => result.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: expect.objectContaining({ outcome: 'authorized' }) }]);
  });

  it('refuses a key reused for another amount, token or currency', async () => {
    const request = authorization('pm_card_visa');
    await gateway.authorize(request);
    await expect(gateway.authorize({ ...request, amount: eur(50_00n) })).rejects.toMatchObject(rejected('idempotency_key_reused'));
    await expect(gateway.authorize({ ...request, amount: money(49_99n, 'USD') })).rejects.toMatchObject(rejected('idempotency_key_reused'));
    await expect(gateway.authorize({ ...request, paymentMethodToken: 'pm_card_mastercard' })).rejects.toMatchObject(rejected('idempotency_key_reused'));
  });
});

describe('simulated payment gateway: capture, void, refund', () => {
  it('captures up to the authorized amount once, replays the same capture key, and refuses another capture', async () => {
    const request = authorization('pm_card_visa');
    const authorizationId = await authorized(request);
    const captureKey = newKey('capture');
    const { captureId } = await gateway.capture({ authorizationId, amount: eur(40_00n), idempotencyKey: captureKey });
    expect(captureId).toMatch(/^sim_cap_[0-9a-f]{32}$/);
    expect(await gateway.capture({ authorizationId, amount: eur(40_00n), idempotencyKey: captureKey })).toEqual({ captureId });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toEqual({
      authorizationId,
      idempotencyKey: request.idempotencyKey,
      amount: eur(49_99n),
      status: 'captured',
      capturedAmount: eur(40_00n),
      refundedAmount: eur(0n),
    });
    expect(await ledgerItem(captureId, 'CAPTURE')).toMatchObject({ entityType: 'SimulatedGatewayCapture', authorizationId, amount: { minorUnits: '4000', currency: 'EUR' } });

    await expect(gateway.capture({ authorizationId, amount: eur(9_99n), idempotencyKey: newKey('capture') })).rejects.toMatchObject(rejected('authorization_captured'));
    await expect(gateway.capture({ authorizationId, amount: eur(41_00n), idempotencyKey: captureKey })).rejects.toMatchObject(rejected('idempotency_key_reused'));
  });

  it('with a fault rate of 1, charges the first capture of a key and loses its answer; the retry with the key answers the same capture', async () => {
    const { SimulatedPaymentGateway } = await import('../../functions/lib/providers/simulated-payment-gateway.js');
    const losing = new SimulatedPaymentGateway({ client: documents, tableName: () => table, timeoutAfterChargeRate: 1 });
    const outcome = await losing.authorize(authorization('pm_card_visa'));
    if (outcome.outcome !== 'authorized') throw new Error('expected an authorization');
    const capture = { authorizationId: outcome.authorizationId, amount: eur(49_99n), idempotencyKey: newKey('capture') };
    await expect(losing.capture(capture)).rejects.toBeInstanceOf(PaymentGatewayTimeoutError);
    const retried = await losing.capture(capture);
    const stored = await documents.send(new GetCommand({ TableName: table, Key: { pk: `SIMULATED_GATEWAY#${outcome.authorizationId}`, sk: 'AUTHORIZATION' } }));
    expect(stored.Item).toMatchObject({ status: 'captured', captureId: retried.captureId, capturedAmount: { minorUnits: '4999', currency: 'EUR' } });
  });

  it('refuses to capture more than authorized, another currency, or an authorization it never made', async () => {
    const declined = await gateway.authorize(authorization('pm_card_declined'));
    expect(declined.outcome).toBe('declined');
    const authorizationId = await authorized(authorization('pm_card_visa'));
    await expect(gateway.capture({ authorizationId, amount: eur(50_00n), idempotencyKey: newKey('capture') })).rejects.toMatchObject({
      ...rejected('amount_exceeds_authorization'),
      message: expect.stringContaining('cannot capture 50.00 EUR: authorization '),
    });
    await expect(gateway.capture({ authorizationId, amount: money(10_00n, 'USD'), idempotencyKey: newKey('capture') })).rejects.toMatchObject(
      rejected('currency_mismatch'),
    );
    await expect(gateway.capture({ authorizationId: 'sim_auth_0123456789abcdef0123456789abcdef', amount: eur(1n), idempotencyKey: newKey('capture') })).rejects.toMatchObject(
      rejected('unknown_authorization'),
    );
    await expect(gateway.capture({ authorizationId: 'anything', amount: eur(1n), idempotencyKey: newKey('capture') })).rejects.toMatchObject(rejected('unknown_authorization'));
    // The whole amount is still there to capture after the refusals.
    await expect(gateway.capture({ authorizationId, amount: eur(49_99n), idempotencyKey: newKey('capture') })).resolves.toMatchObject({ captureId: expect.any(String) });
  });

  it('voids an authorization idempotently, after which it cannot be captured', async () => {
    const request = authorization('pm_card_visa');
    const authorizationId = await authorized(request);
    await gateway.voidAuthorization({ authorizationId });
    await gateway.voidAuthorization({ authorizationId });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toMatchObject({ status: 'voided' });
    await expect(gateway.capture({ authorizationId, amount: eur(1_00n), idempotencyKey: newKey('capture') })).rejects.toMatchObject(rejected('authorization_voided'));
    await expect(gateway.voidAuthorization({ authorizationId: 'sim_auth_nope' })).rejects.toMatchObject(rejected('unknown_authorization'));
  });

  it('refuses to void a captured authorization, pointing at a refund', async () => {
    const authorizationId = await authorized(authorization('pm_card_visa'));
    await gateway.capture({ authorizationId, amount: eur(49_99n), idempotencyKey: newKey('capture') });
    await expect(gateway.voidAuthorization({ authorizationId })).rejects.toMatchObject({
      ...rejected('authorization_captured'),
      message: expect.stringMatching(/cannot be voided, refund it instead/),
    });
  });

  it('refunds in parts up to the captured amount, replaying a refund key without refunding twice', async () => {
    const request = authorization('pm_card_visa');
    const authorizationId = await authorized(request);
    const { captureId } = await gateway.capture({ authorizationId, amount: eur(30_00n), idempotencyKey: newKey('capture') });
    const firstKey = newKey('refund');
    const { refundId } = await gateway.refund({ captureId, amount: eur(10_00n), idempotencyKey: firstKey });
    expect(refundId).toMatch(/^sim_ref_[0-9a-f]{32}$/);
    expect(await gateway.refund({ captureId, amount: eur(10_00n), idempotencyKey: firstKey })).toEqual({ refundId });
    await gateway.refund({ captureId, amount: eur(15_00n), idempotencyKey: newKey('refund') });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toMatchObject({ capturedAmount: eur(30_00n), refundedAmount: eur(25_00n) });

    await expect(gateway.refund({ captureId, amount: eur(5_01n), idempotencyKey: newKey('refund') })).rejects.toMatchObject({
      ...rejected('amount_exceeds_captured'),
      message: expect.stringContaining('of 30.00 EUR has 5.00 EUR left to refund'),
    });
    await gateway.refund({ captureId, amount: eur(5_00n), idempotencyKey: newKey('refund') });
    expect(await gateway.findAuthorization(request.idempotencyKey)).toMatchObject({ refundedAmount: eur(30_00n) });
    expect(await ledgerItem(refundId, 'REFUND')).toMatchObject({ entityType: 'SimulatedGatewayRefund', captureId, amount: { minorUnits: '1000', currency: 'EUR' } });

    await expect(gateway.refund({ captureId, amount: eur(1n), idempotencyKey: firstKey })).rejects.toMatchObject(rejected('idempotency_key_reused'));
    await expect(gateway.refund({ captureId: 'sim_cap_nope', amount: eur(1n), idempotencyKey: newKey('refund') })).rejects.toMatchObject(rejected('unknown_capture'));
    await expect(gateway.refund({ captureId, amount: eur(0n), idempotencyKey: newKey('refund') })).rejects.toMatchObject(rejected('invalid_amount'));
  });

  it('never refunds more than captured, even to simultaneous refunds', async () => {
    const request = authorization('pm_card_visa');
    const authorizationId = await authorized(request);
    const { captureId } = await gateway.capture({ authorizationId, amount: eur(10_00n), idempotencyKey: newKey('capture') });
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => gateway.refund({ captureId, amount: eur(3_00n), idempotencyKey: newKey('refund') })),
    );
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of settled.filter((candidate) => candidate.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toMatchObject(rejected('amount_exceeds_captured'));
    }
    expect(await gateway.findAuthorization(request.idempotencyKey)).toMatchObject({ refundedAmount: eur(9_00n) });
  });

  it('lets exactly one of a simultaneous capture and void through', async () => {
    const request = authorization('pm_card_visa');
    const authorizationId = await authorized(request);
    const [capture, voiding] = await Promise.allSettled([
      gateway.capture({ authorizationId, amount: eur(49_99n), idempotencyKey: newKey('capture') }),
      gateway.voidAuthorization({ authorizationId }),
    ]);
    const state = await gateway.findAuthorization(request.idempotencyKey);
    if (capture!.status === 'fulfilled') {
      expect(voiding).toMatchObject({ status: 'rejected', reason: rejected('authorization_captured') });
      expect(state).toMatchObject({ status: 'captured' });
    } else {
      expect(capture).toMatchObject({ status: 'rejected', reason: rejected('authorization_voided') });
      expect(voiding).toMatchObject({ status: 'fulfilled' });
      expect(state).toMatchObject({ status: 'voided' });
    }
  });

  it('lets exactly one of simultaneous captures with different keys through', async () => {
    const authorizationId = await authorized(authorization('pm_card_visa'));
    const settled = await Promise.allSettled(
      Array.from({ length: 4 }, () => gateway.capture({ authorizationId, amount: eur(10_00n), idempotencyKey: newKey('capture') })),
    );
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of settled.filter((candidate) => candidate.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toMatchObject(rejected('authorization_captured'));
    }
  });
});
