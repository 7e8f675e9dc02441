import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OnboardingStarted } from '../../../domain/events/onboarding-events.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/start-onboarding.js';
import { agentClaims, apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { application } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = '/onboarding/v1/onboarding';
const now = '2026-03-01T09:00:00.000Z';
const firstOrder = { productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-m' } }] };

const post = (input: Partial<ApiEventInput> = {}) =>
  invoke(
    handler,
    apiEvent({ method: 'POST', path, body: application(), claims: agentClaims, headers: { 'x-correlation-id': 'corr-start' }, ...input }),
    lambdaContext('start-onboarding'),
  );

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /onboarding/v1/onboarding (start-onboarding)', () => {
  it('202: stores the acknowledged onboarding with its application and OnboardingStarted in one transaction', async () => {
    const answer = await post({ body: application({ productOrder: firstOrder as never }) });

    expect(answer.statusCode).toBe(202);
    const onboarding = answer.body;
    expect(onboarding).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${onboarding.id}`,
      '@type': 'Onboarding',
      state: 'acknowledged',
      step: [],
      createdAt: now,
      lastUpdate: now,
    });
    expect(answer.headers.location).toBe(onboarding.href);
    expect(answer.headers.etag).toBe('W/"1"');

    const [read] = documentMock.commandCalls(GetCommand);
    expect(read!.args[0].input.Key).toEqual({ pk: 'CUSTOMER_EMAIL#ada@example.com', sk: 'CUSTOMER_EMAIL' });
    const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `ONBOARDING#${onboarding.id}`, sk: 'ONBOARDING', entityType: 'Onboarding', version: 1, resource: onboarding, application: { ...application(), productOrder: firstOrder } },
    });
    expect(items[1]!.Put!.Item).toMatchObject({ source: 'bss.onboarding', detailType: 'OnboardingStarted' });
    const detail = OnboardingStarted.parseDetail(JSON.parse(items[1]!.Put!.Item!.detail as string));
    expect(detail.data).toEqual({ onboardingId: onboarding.id, href: onboarding.href, withFirstOrder: true });
    expect(detail.metadata.correlationId).toBe('corr-start');
  });

  it('409 DUPLICATE_EMAIL at once when the email already belongs to a customer, storing nothing', async () => {
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER_EMAIL#ada@example.com', sk: 'CUSTOMER_EMAIL' } }).resolves({ Item: { customerId: 'cust-9' } });
    const answer = await post();
    expectTmfError(answer, 409, 'DUPLICATE_EMAIL');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('400 naming each field of a malformed application', async () => {
    const answer = await post({ body: { customer: { name: '', contactMedium: [] }, billingAccount: { billingCycleDay: 40 }, extra: 1 } });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(expect.arrayContaining(['customer.name', 'billingAccount.billingCycleDay', 'extra']));
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('400 for what only the domain checks: no email, an unknown currency, a first order with two items of one id', async () => {
    const noEmail = application({ customer: { name: 'Ada', contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 00 00 00 00' } }] } });
    expect(detailFields(await post({ body: noEmail }))).toEqual(['customer.contactMedium']);
    expect(detailFields(await post({ body: application({ billingAccount: { currency: 'XYZ' } }) }))).toEqual(['billingAccount.currency']);
    const twice = { productOrderItem: [firstOrder.productOrderItem[0], firstOrder.productOrderItem[0]] };
    const answer = await post({ body: application({ productOrder: twice as never }) });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['productOrder.productOrderItem.1.id']);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('403 for a customer token: agents onboard customers', async () => {
    expectTmfError(await post({ claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('replays the first answer for a retry with the same Idempotency-Key, starting one onboarding', async () => {
    new FakeIdempotencyTable().install(dynamoMock);
    const first = await post({ headers: { 'Idempotency-Key': 'onb-key-1' } });
    const replay = await post({ headers: { 'Idempotency-Key': 'onb-key-1' } });
    expect(first.statusCode).toBe(202);
    expect(replay.statusCode).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
