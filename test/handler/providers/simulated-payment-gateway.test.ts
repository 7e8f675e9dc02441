import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../../domain/money/money.js';
import { PaymentGatewayUnavailableError } from '../../../domain/payments/payment-gateway.js';
import { SimulatedPaymentGateway } from '../../../functions/lib/providers/simulated-payment-gateway.js';
import { documentClient } from '../../../functions/lib/store/dynamo-client.js';

/**
 * The race paths DynamoDB Local never takes (it raises no transaction conflicts); the ledger
 * rules themselves are covered against DynamoDB Local in test/integration.
 */
const documents = mockClient(DynamoDBDocumentClient);
afterAll(() => documents.restore());

const gateway = new SimulatedPaymentGateway({
  client: documentClient,
  tableName: () => 'bss-test',
  clock: { now: () => '2026-03-01T10:00:00.000Z' },
});

const authorizationId = 'sim_auth_0123456789abcdef0123456789abcdef';
const captureId = 'sim_cap_0123456789abcdef0123456789abcdef';
const eur = (cents: bigint) => money(cents, 'EUR');
const authorizationItem = {
  pk: `SIMULATED_GATEWAY#${authorizationId}`,
  sk: 'AUTHORIZATION',
  entityType: 'SimulatedGatewayAuthorization',
  version: 2,
  authorizationId,
  idempotencyKey: 'auth-1',
  paymentMethodToken: 'pm_card_visa',
  amount: { minorUnits: '1000', currency: 'EUR' },
  description: 'Order ord-1',
  outcome: 'authorized',
  attempts: 1,
  recordedAt: '2026-03-01T09:00:00.000Z',
  authorizationCode: 'ABC123',
  status: 'captured',
  captureId,
  capturedAmount: { minorUnits: '1000', currency: 'EUR' },
  refundedAmount: { minorUnits: '0', currency: 'EUR' },
};
const captureItem = { pk: `SIMULATED_GATEWAY#${captureId}`, sk: 'CAPTURE', captureId, authorizationId, amount: { minorUnits: '1000', currency: 'EUR' } };

const conflict = () =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] });

beforeEach(() => {
  documents.reset();
  documents.on(GetCommand).callsFake((input: { Key: { sk: string } }) => ({
    Item: input.Key.sk === 'AUTHORIZATION' ? authorizationItem : input.Key.sk === 'CAPTURE' ? captureItem : undefined,
  }));
});

describe('simulated payment gateway under transaction conflicts', () => {
  it('re-reads and writes again when a concurrent transaction interfered', async () => {
    documents.on(TransactWriteCommand).rejectsOnce(conflict()).resolves({});
    await expect(gateway.refund({ captureId, amount: eur(4_00n), idempotencyKey: 'refund-1' })).resolves.toEqual({ refundId: expect.stringMatching(/^sim_ref_/) });
    const writes = documents.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(2);
    expect(writes[1]!.args[0].input.TransactItems![0]!.Update).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':refunded': { minorUnits: '400', currency: 'EUR' }, ':expected': 2, ':next': 3 },
    });
  });

  it('answers PaymentGatewayUnavailable, retryable with the same key, when the conflicts never stop', async () => {
    documents.on(TransactWriteCommand).rejects(conflict());
    await expect(gateway.refund({ captureId, amount: eur(4_00n), idempotencyKey: 'refund-1' })).rejects.toThrow(PaymentGatewayUnavailableError);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(5);
  });

  it('passes other DynamoDB errors through untouched', async () => {
    documents.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(gateway.refund({ captureId, amount: eur(4_00n), idempotencyKey: 'refund-1' })).rejects.toThrow(ProvisionedThroughputExceededException);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
