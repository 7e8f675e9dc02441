import {
  DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  TransactionConflictException,
  UpdateItemCommand,
  DeleteItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/customers/create-customer.js';
import { systemClock } from '../../functions/lib/clock.js';
import { maxBodyBytes } from '../../functions/lib/http/request-body.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, type ApiEventInput, type Claims } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { FakeIdempotencyTable } from '../support/idempotency-table.js';
import { lambdaContext } from '../support/lambda-context.js';
import { expectValidTmf, tmf629 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = '/tmf-api/customerManagement/v4/customer';
const now = '2026-01-31T23:30:00.000Z';

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  contactMedium: [
    { mediumType: 'mobile', characteristic: { phoneNumber: '+44 20 7946 0000' } },
    { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'Ada.Lovelace@Example.COM' } },
  ],
  characteristic: [
    { name: 'preferredCurrency', value: 'GBP' },
    { name: 'timeZone', value: 'Europe/London' },
  ],
  ...overrides,
});

const post = (input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body: body(), headers: { 'x-correlation-id': 'corr-create-1' }, ...input }));

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'None' ? {} : { Message: 'The conditional request failed' }) })),
  });

const transactItems = () => {
  const calls = documentMock.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems!;
};

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /customer (create-customer)', () => {
  it('201: registers the customer, its email guard and CustomerCreated in one transaction', async () => {
    const answer = await post();

    expect(answer.statusCode).toBe(201);
    const customer = answer.body;
    expect(customer).toMatchObject({
      name: 'Ada Lovelace',
      status: 'Initialized',
      '@type': 'Customer',
      createdAt: now,
      lastModified: now,
      engagedParty: { name: 'Ada Lovelace', '@referredType': 'Individual' },
    });
    expect(customer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(customer.href).toBe(`${path}/${customer.id}`);
    expect(answer.headers.location).toBe(customer.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expect(answer.headers['x-correlation-id']).toBe('corr-create-1');
    expectValidTmf(tmf629, 'Customer', customer);

    const [customerPut, emailPut, outboxPut, ...rest] = transactItems();
    expect(rest).toEqual([]);
    expect(customerPut!.Put).toMatchObject({
      TableName: 'bss-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `CUSTOMER#${customer.id}`,
        sk: 'CUSTOMER',
        gsi1pk: 'TYPE#Customer',
        gsi1sk: `${now}#${customer.id}`,
        entityType: 'Customer',
        version: 1,
        resource: customer,
      },
    });
    expect(emailPut!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'CUSTOMER_EMAIL#ada.lovelace@example.com', sk: 'CUSTOMER_EMAIL', customerId: customer.id },
    });

    const outbox = outboxPut!.Put!;
    expect(outbox.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(outbox.Item).toMatchObject({ sk: 'OUTBOX', entityType: 'OutboxEvent', source: 'bss.customers', detailType: 'CustomerCreated' });
    const detail = CustomerCreated.parseDetail(JSON.parse(outbox.Item!.detail as string));
    expect(outbox.Item!.pk).toBe(`OUTBOX#${detail.metadata.eventId}`);
    expect(outbox.Item!.expiresAt).toBe(Date.parse(now) / 1000 + 7 * 24 * 3600);
    expect(detail.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-create-1', schemaVersion: '1.0' });
    expect(detail.data.customer).toEqual({
      id: customer.id,
      href: customer.href,
      name: 'Ada Lovelace',
      status: 'Initialized',
      email: 'ada.lovelace@example.com',
      preferences: { currency: 'GBP', timeZone: 'Europe/London' },
    });
    expect(dynamoMock.calls()).toHaveLength(0);
  });

  it('uses the API Gateway request id as correlation id when the client sends none', async () => {
    const answer = await invoke(handler, apiEvent({ method: 'POST', path, body: body(), requestId: 'apigw-req-42' }));
    expect(answer.headers['x-correlation-id']).toBe('apigw-req-42');
    const detail = JSON.parse(transactItems()[2]!.Put!.Item!.detail as string);
    expect(detail.metadata.correlationId).toBe('apigw-req-42');
  });

  it('keeps a given engagedParty and accepts agents, a charset parameter and base64 bodies', async () => {
    const engagedParty = { id: 'org-7', name: 'Analytical Engines', '@referredType': 'Organization' };
    const answer = await post({
      claims: agentClaims,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: Buffer.from(JSON.stringify(body({ engagedParty }))).toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.body.engagedParty).toEqual(engagedParty);
  });

  it('409 DUPLICATE_EMAIL when the email guard is taken (condition of action 1 failed)', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const answer = await post();
    expectTmfError(answer, 409, 'DUPLICATE_EMAIL');
    expect(answer.body.message).toContain('ada.lovelace@example.com');
    expect(answer.headers['x-correlation-id']).toBe('corr-create-1');
  });

  it('409 CONCURRENT_TRANSACTION on TransactionConflictException', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionConflictException({ message: 'conflict', $metadata: {} }));
    expectTmfError(await post(), 409, 'CONCURRENT_TRANSACTION');
  });

  it('409 CONCURRENT_TRANSACTION when the transaction is cancelled by a conflict', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    expectTmfError(await post(), 409, 'CONCURRENT_TRANSACTION');
  });

  it('503 with Retry-After when DynamoDB throttles past the SDK retries: busy, retry', async () => {
    documentMock.on(TransactWriteCommand).rejects(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
    const answer = await post();
    expectTmfError(answer, 503, 'SERVICE_UNAVAILABLE');
    expect(answer.headers?.['retry-after']).toBe('1');
  });

  it('500 with a generic TMF error, never the internal message, on an unexpected failure', async () => {
    documentMock.on(TransactWriteCommand).rejects(new Error('socket hang up at 10.0.0.12 (secret detail)'));
    const answer = await post();
    expectTmfError(answer, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => {
      expect(documentMock.calls(), 'DynamoDB document client calls').toHaveLength(0);
      expect(dynamoMock.calls(), 'DynamoDB client calls').toHaveLength(0);
    });

    it('400 on malformed JSON', async () => {
      const answer = await post({ body: '{"name": "Ada",' });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['(body)']);
    });

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['application/merge-patch+json (PATCH only)', { 'content-type': 'application/merge-patch+json' }],
      ['no content type', {}],
    ])('415 on %s', async (_label, headers) => {
      const event = apiEvent({ method: 'POST', path, body: JSON.stringify(body()), headers });
      if (!('content-type' in headers)) delete event.headers['content-type'];
      expectTmfError(await invoke(handler, event), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('413 on a body over 64 KiB', async () => {
      const answer = await post({ body: body({ name: 'x'.repeat(maxBodyBytes) }) });
      expectTmfError(answer, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('400 naming each invalid, unknown or read-only field', async () => {
      const answer = await post({
        body: {
          id: 'client-chosen',
          name: '   ',
          status: 'Validated',
          contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'not-an-email' } }],
        },
      });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'contactMedium.0.characteristic.emailAddress']));
      expect(answer.body.details.every((d: { problem: string }) => d.problem.length > 0)).toBe(true);
    });

    it('400 on contactMedium when the customer has no email', async () => {
      const answer = await post({ body: body({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+33 1 23 45 67 89' } }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['contactMedium']);
    });

    it('400 naming an invalid billing preference characteristic', async () => {
      const answer = await post({ body: body({ characteristic: [{ name: 'billingCycleDay', value: 31 }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['characteristic[name=billingCycleDay]']);
    });

    it('403 for a customer token', async () => {
      expectTmfError(await post({ claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    });

    it('403 for a token without a BSS group', async () => {
      expectTmfError(await post({ claims: { sub: 'someone', 'cognito:groups': '[partners]' } }), 403, 'FORBIDDEN');
    });

    it('401 without claims (unauthenticated)', async () => {
      expectTmfError(await post({ claims: null }), 401, 'UNAUTHORIZED');
    });

    it('400 on an Idempotency-Key that is not visible ASCII', async () => {
      const answer = await post({ headers: { 'idempotency-key': 'two words' } });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['Idempotency-Key']);
    });
  });
});

describe('POST /customer with Idempotency-Key', () => {
  let table: FakeIdempotencyTable;
  beforeEach(() => {
    table = new FakeIdempotencyTable().install(dynamoMock);
  });

  const postWithKey = (key: string, input: Partial<ApiEventInput> = {}, claims: Claims = adminClaims) =>
    invoke(
      handler,
      apiEvent({ method: 'POST', path, body: body(), headers: { 'Idempotency-Key': key }, claims, ...input }),
      lambdaContext('create-customer'),
    );

  it('stores the first response and replays it for a retry without writing again', async () => {
    const first = await postWithKey('key-1');
    expect(first.statusCode).toBe(201);

    const [put] = dynamoMock.commandCalls(PutItemCommand);
    expect(put!.args[0].input).toMatchObject({
      TableName: 'bss-test',
      Item: { pk: { S: 'IDEMPOTENCY#create-customer' }, status: { S: 'INPROGRESS' } },
    });
    // `<AWS_LAMBDA_FUNCTION_NAME>#<hash of caller and key>`; the function name is unset here.
    expect(put!.args[0].input.Item!.sk!.S).toMatch(/^[^#]*#[A-Za-z0-9+/]+={0,2}$/);
    expect(dynamoMock.commandCalls(UpdateItemCommand)).toHaveLength(1);
    expect([...table.items.values()][0]!.status).toEqual({ S: 'COMPLETED' });

    const replay = await postWithKey('key-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers.etag).toBe('W/"1"');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('422 IDEMPOTENCY_KEY_REUSED when the same key comes with another body', async () => {
    expect((await postWithKey('key-2')).statusCode).toBe(201);
    const answer = await postWithKey('key-2', { body: body({ name: 'Somebody Else' }) });
    expectTmfError(answer, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('409 IDEMPOTENT_REQUEST_IN_PROGRESS while the first request still runs', async () => {
    documentMock.on(TransactWriteCommand).callsFake(async () => {
      const concurrent = await postWithKey('key-3');
      expectTmfError(concurrent, 409, 'IDEMPOTENT_REQUEST_IN_PROGRESS');
      return {};
    });
    expect((await postWithKey('key-3')).statusCode).toBe(201);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('stores nothing for a failed attempt, so the client may retry it', async () => {
    documentMock.on(TransactWriteCommand).rejectsOnce(new TransactionConflictException({ message: 'conflict', $metadata: {} })).resolves({});
    expectTmfError(await postWithKey('key-4'), 409, 'CONCURRENT_TRANSACTION');
    expect(dynamoMock.commandCalls(DeleteItemCommand)).toHaveLength(1);
    expect(table.items.size).toBe(0);

    const retry = await postWithKey('key-4');
    expect(retry.statusCode).toBe(201);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('scopes keys to the caller: the same key from another user is a new request', async () => {
    const first = await postWithKey('shared-key', {}, adminClaims);
    const second = await postWithKey('shared-key', {}, { sub: 'another-admin', 'cognito:groups': '[admin]' });
    expect(second.statusCode).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    const keys = dynamoMock.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item!.sk!.S);
    expect(new Set(keys).size).toBe(2);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});
