import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { emailChangeCodeHash, requestEmailChange, type EmailChange } from '../../../domain/customers/email-change.js';
import { CustomerUpdated } from '../../../domain/events/customer-events.js';
import { handler as confirm } from '../../../functions/customers/confirm-email-change.js';
import { handler as request } from '../../../functions/customers/request-email-change.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { customerItem, customerResource } from '../../support/fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/customer/v1/emailChange';
const now = '2026-02-01T08:00:00.000Z';
const asker = customerResource({ id: 'cust-1' });

const ask = (emailAddress: string, claims: Claims = customerClaims('cust-1'), customerId = 'cust-1') =>
  invoke(request, apiEvent({ method: 'POST', path, body: { customer: { id: customerId }, emailAddress }, claims }));
const confirmWith = (code: string, claims: Claims = customerClaims('cust-1')) =>
  invoke(confirm, apiEvent({ method: 'POST', path: `${path}/chg-1/confirmation`, resource: `${path}/{id}/confirmation`, pathParameters: { id: 'chg-1' }, body: { code }, claims }));

const puts = () => documentMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
const changeKey = { pk: 'EMAIL_CHANGE#chg-1', sk: 'EMAIL_CHANGE' };

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: customerItem(asker, 3) });
  documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER_EMAIL#taken@example.com', sk: 'CUSTOMER_EMAIL' } }).resolves({ Item: { customerId: 'cust-2' } });
  documentMock.on(PutCommand).resolves({});
  documentMock.on(UpdateCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /customer/v1/emailChange (request-email-change)', () => {
  it('answers a taken address exactly as a free one; only the mailbox is told differently, and neither message is the asker\'s', async () => {
    const free = await ask('free@example.com');
    const freeWrites = puts();
    documentMock.resetHistory();
    const taken = await ask('taken@example.com');
    const takenWrites = puts();

    for (const answer of [free, taken]) {
      expect(answer.statusCode).toBe(202);
      expect(answer.headers.location).toBe(answer.body.href);
    }
    const comparable = ({ id: _id, href: _href, emailAddress: _address, ...rest }: EmailChange) => rest;
    expect(comparable(taken.body)).toEqual(comparable(free.body));
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(free.body).sort());

    const [freeChange, freeMessage] = freeWrites;
    const [takenChange, takenMessage] = takenWrites;
    expect(freeChange).toMatchObject({ ...changeKeyOf(free.body.id), entityType: 'EmailChange', codeHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(takenChange).not.toHaveProperty('codeHash');
    expect(freeMessage!.resource).toMatchObject({ receiver: [{ email: 'free@example.com' }], characteristic: [{ value: 'emailVerification' }] });
    expect(takenMessage!.resource).toMatchObject({ receiver: [{ email: 'taken@example.com' }], characteristic: [{ value: 'emailAddressInUse' }] });
    expect(takenMessage!.resource.content).not.toMatch(/\d{6}/);
    // Off every customer's list (gsi2): the asker cannot read what either mailbox got.
    for (const message of [freeMessage!, takenMessage!]) expect(message).not.toHaveProperty('gsi2pk');
    // The code sent is the one whose hash is kept.
    const code = /: (\d{6})\./.exec(freeMessage!.resource.content as string)![1]!;
    expect(freeChange!.codeHash).toBe(emailChangeCodeHash(free.body.id, code));
  });

  it("a customer's own address it already holds gets a code: it is not another customer's", async () => {
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER_EMAIL#mine@example.com', sk: 'CUSTOMER_EMAIL' } }).resolves({ Item: { customerId: 'cust-1' } });
    await ask('mine@example.com');
    expect(puts()[0]).toHaveProperty('codeHash');
  });

  it("another customer's id answers 404 as an unknown one, and a machine client may not ask, both before anything is read", async () => {
    expectTmfError(await ask('free@example.com', customerClaims('cust-9')), 404, 'NOT_FOUND');
    expectTmfError(await ask('free@example.com', mediationClaims), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

const changeKeyOf = (id: string) => ({ pk: `EMAIL_CHANGE#${id}`, sk: 'EMAIL_CHANGE' });

describe('POST /customer/v1/emailChange/{id}/confirmation (confirm-email-change)', () => {
  function storeChange(addressInUse: boolean, overrides: Partial<EmailChange> = {}, version = 1) {
    const { change, secret } = requestEmailChange({ customer: { id: 'cust-1' }, emailAddress: 'new@example.com' }, { id: 'chg-1', now, code: '123456', addressInUse });
    const item = { ...changeKey, entityType: 'EmailChange', version, resource: { ...change, ...overrides }, ...secret };
    documentMock.on(GetCommand, { Key: changeKey }).resolves({ Item: item });
    // The attempt is spent first: DynamoDB answers the item with one attempt fewer.
    documentMock
      .on(UpdateCommand, { Key: changeKey, ConditionExpression: '#resource.#state = :pending AND #resource.#attemptsLeft > :zero' })
      .resolves({ Attributes: { ...item, version: version + 1, resource: { ...item.resource, attemptsLeft: item.resource.attemptsLeft - 1 } } });
  }

  it('the right code applies the change in one transaction: customer, e-mail guard moved, change completed, CustomerUpdated', async () => {
    storeChange(false);
    const answer = await confirmWith('123456');
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ state: 'completed', completedAt: now, attemptsLeft: 4 });
    const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ExpressionAttributeValues![':expected']).toBe(3);
    expect(items[1]!.Put).toMatchObject({ Item: { pk: 'CUSTOMER_EMAIL#new@example.com', customerId: 'cust-1' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[2]!.Delete).toMatchObject({ Key: { pk: 'CUSTOMER_EMAIL#cust-1@example.com' } });
    expect(items[3]!.Update).toMatchObject({ Key: changeKey, ExpressionAttributeValues: { ':expected': 2, ':resource': answer.body } });
    const outbox = items[4]!.Put!.Item!;
    expect(CustomerUpdated.parseDetail(JSON.parse(outbox.detail as string)).data).toMatchObject({ changedAttributes: ['contactMedium'], customer: { email: 'new@example.com' } });
  });

  it('a wrong code and any code for a taken address are refused alike, each spending an attempt', async () => {
    storeChange(false);
    const wrong = await confirmWith('654321');
    documentMock.reset();
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: customerItem(asker, 3) });
    storeChange(true);
    const guessed = await confirmWith('123456');
    for (const answer of [wrong, guessed]) {
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(answer.body.details).toEqual([{ field: 'code', problem: 'does not match' }]);
    }
    expect(guessed.body).toEqual(wrong.body);
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the last wrong code fails the change', async () => {
    storeChange(false, { attemptsLeft: 1 });
    expectTmfError(await confirmWith('654321'), 400, 'INVALID_REQUEST');
    const failed = documentMock.commandCalls(UpdateCommand).find((call) => call.args[0].input.ConditionExpression === '#version = :expected')!;
    expect(failed.args[0].input.ExpressionAttributeValues).toMatchObject({ ':expected': 2, ':resource': { state: 'failed', attemptsLeft: 0 } });
  });

  it('409 when concurrent guesses spent the last attempt first: the code is not even compared', async () => {
    storeChange(false, { attemptsLeft: 1 });
    documentMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    expectTmfError(await confirmWith('123456'), 409, 'EMAIL_CHANGE_SETTLED');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('409 for an expired change, before an attempt is spent', async () => {
    storeChange(false);
    vi.spyOn(systemClock, 'now').mockReturnValue('2026-02-01T08:15:01.000Z');
    expectTmfError(await confirmWith('123456'), 409, 'EMAIL_CHANGE_EXPIRED');
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('409 DUPLICATE_EMAIL when the address was taken after the code was sent: only the mailbox holder, who has the code, learns it', async () => {
    storeChange(false);
    documentMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] }),
    );
    expectTmfError(await confirmWith('123456'), 409, 'DUPLICATE_EMAIL');
  });

  it("another customer's change answers 404, as an unknown id", async () => {
    storeChange(false);
    expectTmfError(await confirmWith('123456', customerClaims('cust-9')), 404, 'NOT_FOUND');
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
