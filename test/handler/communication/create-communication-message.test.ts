import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/communication/create-communication-message.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { customerItem, customerResource, preferencesItem } from '../../support/fixtures.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf681 } from '../../support/tmf-schema.js';
import { testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = '/tmf-api/communicationManagement/v4/communicationMessage';
const clockTime = '2027-02-12T08:30:00.000Z';
const send = (body: Record<string, unknown>, options: { claims?: Claims; key?: string } = {}) =>
  invoke(
    handler,
    apiEvent({ method: 'POST', path, body, claims: options.claims ?? agentClaims, ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}) }),
    lambdaContext('create-communication-message'),
  );
const message = (overrides: Record<string, unknown> = {}) => ({ content: 'Your bill is on hold while we look into it.', messageType: 'email', receiver: [{ id: 'cust-1' }], ...overrides });

let table: FakeBillingTable;
const messages = () => [...table.items.values()].filter((item) => item.entityType === 'CommunicationMessage');

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  table = new FakeBillingTable().install(documentMock);
  new FakeIdempotencyTable().install(dynamoMock);
  const ada = customerResource({
    testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' },
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'cust-1@example.com' } },
      { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
    ],
  });
  table.put(customerItem(ada));
  table.put({ pk: 'CUSTOMER_EMAIL#cust-1@example.com', sk: 'CUSTOMER_EMAIL', entityType: 'CustomerEmail', version: 1, customerId: 'cust-1' });
  table.put(testClockItem({ id: 'clock-1', href: '/billing/v1/testClock/clock-1', '@type': 'TestClock', name: 'Clock', frozenTime: clockTime, status: 'ready', createdAt: '2027-01-01T00:00:00.000Z', lastUpdate: '2027-01-01T00:00:00.000Z' }));
});

describe('POST /communicationMessage (create-communication-message)', () => {
  it('201: recorded inProgress, handed to the simulated sender, then completed, at the customer clock time; valid TMF681', async () => {
    const answer = await send(message({ sender: { name: 'Customer care' } }));
    expect(answer.statusCode).toBe(201);
    expect(answer.headers.location).toBe(answer.body.href);
    expect(answer.headers.etag).toBe('W/"2"');
    expect(answer.body).toMatchObject({
      messageType: 'email',
      state: 'completed',
      subject: 'A message from Customer care',
      content: 'Your bill is on hold while we look into it.',
      sendTime: clockTime,
      sendTimeComplete: clockTime,
      receiver: [{ id: 'cust-1', email: 'cust-1@example.com', party: { id: 'cust-1' } }],
      sender: { id: 'bss', name: 'BSS' },
      characteristic: [{ name: 'notificationKind', value: 'customerCare' }],
    });
    expect(answer.body.id).toMatch(/^cm-[0-9a-f]{32}$/);
    expectValidTmf(tmf681, 'CommunicationMessage', answer.body);
    // First the record inProgress; the simulated sender's own conditional put then finds it and records nothing more; then its completion.
    const puts = documentMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item!).filter((item) => item.entityType === 'CommunicationMessage');
    expect(puts.map((item) => [item.pk, (item.resource as { state: string }).state])).toEqual([
      [`COMMUNICATION_MESSAGE#${answer.body.id}`, 'inProgress'],
      [`COMMUNICATION_MESSAGE#${answer.body.id}`, 'completed'],
    ]);
    expect(documentMock.commandCalls(UpdateCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':resource']?.state)).toEqual(['completed']);
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatchObject({ version: 2, gsi2pk: 'CUSTOMER#cust-1', resource: { state: 'completed' } });
  });

  it("honours the customer's preferences: SMS asked, SMS accepted goes by SMS; SMS refused goes by e-mail; refused on both is 422, nothing recorded", async () => {
    const sms = await send(message({ messageType: 'SMS' }));
    expect(sms.body).toMatchObject({ messageType: 'SMS', receiver: [{ phoneNumber: '+33 6 12 34 56 78' }] });
    expect(sms.body.subject).toBeUndefined();

    table.put(preferencesItem('cust-1', [{ kind: 'customerCare', email: true, sms: false }]));
    expect((await send(message({ messageType: 'SMS' }))).body).toMatchObject({ messageType: 'email', receiver: [{ email: 'cust-1@example.com' }] });

    table.put(preferencesItem('cust-1', [{ kind: 'customerCare', email: false, sms: false }]));
    const withheld = await send(message());
    expectTmfError(withheld, 422, 'MESSAGE_WITHHELD', tmf681);
    expect(withheld.body.message).toMatch(/customer cust-1 accepts no customerCare message/);
    expect(messages()).toHaveLength(2);
  });

  it('the receiver may name the customer by its e-mail address; an address that is not its own is a 400', async () => {
    const byEmail = await send(message({ receiver: [{ email: 'CUST-1@example.com', name: 'Ada' }] }));
    expect(byEmail.statusCode).toBe(201);
    expect(byEmail.body.receiver[0].id).toBe('cust-1');
    const foreign = await send(message({ receiver: [{ id: 'cust-1', email: 'eve@example.com' }] }));
    expectTmfError(foreign, 400, 'INVALID_REQUEST', tmf681);
    expect(JSON.stringify(foreign.body)).toContain('receiver[0].email');
  });

  it('400 for a missing receiver, content or messageType, a messageType not sent here, a customer that does not exist; nothing recorded', async () => {
    for (const missing of ['receiver', 'content', 'messageType']) {
      const { [missing]: _gone, ...body } = message() as Record<string, unknown>;
      const answer = await send(body);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf681);
      expect(JSON.stringify(answer.body)).toContain(missing);
    }
    expectTmfError(await send(message({ messageType: 'push' })), 400, 'INVALID_REQUEST', tmf681);
    const unknown = await send(message({ receiver: [{ id: 'cust-404' }] }));
    expectTmfError(unknown, 400, 'INVALID_REQUEST', tmf681);
    expect(unknown.body.message).toBe('customer cust-404 does not exist');
    expectTmfError(await send(message({ receiver: [{ email: 'nobody@example.com' }] })), 400, 'INVALID_REQUEST', tmf681);
    expect(messages()).toHaveLength(0);
  });

  it('a customer may not send one (403): it writes to customer care through a support case', async () => {
    expectTmfError(await send(message(), { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf681);
    expect(messages()).toHaveLength(0);
  });

  it('Idempotency-Key: a retry answers the same message and sends nothing more, even once the replay record is gone', async () => {
    const first = await send(message(), { key: 'msg-1' });
    const again = await send(message(), { key: 'msg-1' });
    expect(again.body).toEqual(first.body);
    new FakeIdempotencyTable().install(dynamoMock);
    const afterExpiry = await send(message(), { key: 'msg-1' });
    expect(afterExpiry.statusCode).toBe(201);
    expect(afterExpiry.body.id).toBe(first.body.id);
    expect(messages()).toHaveLength(1);
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('a send that stopped after recording completes the same message when retried', async () => {
    table.beforeUpdate = () => {
      throw new Error('the function stopped before completing');
    };
    expect((await send(message(), { key: 'msg-crash' })).statusCode).toBe(500);
    expect(messages()[0]).toMatchObject({ resource: { state: 'inProgress' } });
    table.beforeUpdate = undefined;
    const retried = await send(message(), { key: 'msg-crash' });
    expect(retried.statusCode).toBe(201);
    expect(retried.body.state).toBe('completed');
    expect(messages()).toHaveLength(1);
  });
});
