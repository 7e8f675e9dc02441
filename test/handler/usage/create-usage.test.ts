import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { usageIdFor } from '../../../domain/usage/usage.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/usage/create-usage.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf635 } from '../../support/tmf-schema.js';
import { chargeTerm, FakeUsageTable, now, usageBody, usagePath } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

let table: FakeUsageTable;
beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeUsageTable().install(documentMock).catalog().product('prod-1');
});

const post = (body: unknown, claims: Claims = mediationClaims, headers: Record<string, string> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path: usagePath, body, claims, headers }), lambdaContext('create-usage'));
const idOf = (productId: string, recordId = 'cdr-1') => usageIdFor({ productId }, recordId);
const transactions = () => documentMock.commandCalls(TransactWriteCommand);

describe('POST /usage (create-usage)', () => {
  it('201 with the record rated against the usage price that counts its unit, its Location and ETag, valid TMF635 Usage', async () => {
    const answer = await post(usageBody({}, { description: 'Data session' }));
    expect(answer.statusCode).toBe(201);
    const id = idOf('prod-1');
    expect(answer.body).toEqual({
      id,
      href: `${usagePath}/${id}`,
      '@type': 'Usage',
      usageDate: '2026-03-01T10:00:00.000Z',
      usageType: 'data',
      description: 'Data session',
      status: 'rated',
      relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' }],
      ratedProductUsage: [
        {
          '@type': 'RatedProductUsage',
          productRef: { id: 'prod-1', href: '/tmf-api/productInventory/v4/product/prod-1', name: 'Product prod-1', '@referredType': 'Product' },
          usageRatingTag: 'usage',
          ratingAmountType: 'total',
          isBilled: false,
          offerTariffType: 'Data overage',
        },
      ],
      usageCharacteristic: usageBody().usageCharacteristic,
      receivedAt: now,
      lastUpdate: now,
    });
    expect(answer.headers.location).toBe(`${usagePath}/${id}`);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf635, 'Usage', answer.body);
  });

  it("stores it under the product (gsi1), the customer (gsi2) and the product's unbilled records (gsi3), with the account and the decimal quantity", async () => {
    await post(usageBody({ quantity: '2.50' }));
    expect(table.storedUsage(idOf('prod-1'))).toMatchObject({
      entityType: 'Usage',
      version: 1,
      quantity: '2.50',
      unit: 'GB',
      recordId: 'cdr-1',
      productId: 'prod-1',
      billingAccountId: 'ba-1',
      billingAccountIds: ['ba-1'],
      gsi1pk: 'PRODUCT_USAGE#prod-1',
      gsi1sk: `2026-03-01T10:00:00.000Z#${idOf('prod-1')}`,
      gsi2pk: 'CUSTOMER#cust-1',
      gsi2sk: `Usage#2026-03-01T10:00:00.000Z#${idOf('prod-1')}`,
      gsi3pk: 'UNBILLED_USAGE#prod-1',
    });
  });

  it('the same record again answers 200 with the first one, unchanged and stored once', async () => {
    const first = await post(usageBody({ quantity: 1 }));
    const again = await post(usageBody({ quantity: 99 }, { description: 'resent' }));
    expect(again.statusCode).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf635, 'Usage', again.body);
    expect(table.usageItems).toHaveLength(1);
    expect(table.storedUsage(idOf('prod-1'))!.quantity).toBe('1');
  });

  it("a record sent by the product's phone number is the record sent by its productId", async () => {
    table.phoneNumber('+33612345678', [{ productId: 'prod-1', from: '2026-01-01T00:00:00.000Z' }]);
    const byId = await post(usageBody());
    const byPhone = await post(usageBody({ productId: undefined, phoneNumber: '+33 6 12 34 56 78' }));
    expect(byId.statusCode).toBe(201);
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.body.id).toBe(byId.body.id);
  });

  it('guides a phone number to the product it was assigned to at the usage date', async () => {
    table.product('prod-old').phoneNumber('+33612345678', [
      { productId: 'prod-old', from: '2025-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
      { productId: 'prod-1', from: '2026-02-01T00:00:00.000Z' },
    ]);
    const answer = await post(usageBody({ productId: undefined, phoneNumber: '+33612345678' }));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ id: idOf('prod-1'), status: 'rated', ratedProductUsage: [{ productRef: { id: 'prod-1' } }] });
  });

  describe('rejected records are stored with their reason, waiting for a correction', () => {
    const rejectedWith = async (body: unknown, reason: RegExp) => {
      const answer = await post(body);
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toMatchObject({ status: 'rejected', statusReason: expect.stringMatching(reason) });
      expect(answer.body.ratedProductUsage).toBeUndefined();
      expectValidTmf(tmf635, 'Usage', answer.body);
      expect(table.storedUsage(answer.body.id)).toMatchObject({ gsi3pk: 'REJECTED_USAGE', gsi3sk: `${answer.body.receivedAt}#${answer.body.id}` });
      return answer;
    };

    it('an unknown product: keyed by the reference given, owned by nobody', async () => {
      const answer = await rejectedWith(usageBody({ productId: 'prod-404' }), /^no product is known by product prod-404 at 2026-03-01T10:00:00.000Z$/);
      expect(answer.body.id).toBe(idOf('prod-404'));
      expect(answer.body.relatedParty).toBeUndefined();
      expect(table.storedUsage(answer.body.id)).not.toHaveProperty('gsi2pk');
    });

    it('an unknown phone number, or one not assigned at the usage date', async () => {
      table.phoneNumber('+33612345678', [{ productId: 'prod-1', from: '2026-03-05T00:00:00.000Z' }]);
      const answer = await rejectedWith(usageBody({ productId: undefined, phoneNumber: '+33612345678' }), /^no product is known by phone number \+33612345678 at /);
      expect(answer.body.id).toBe(usageIdFor({ phoneNumber: '+33612345678' }, 'cdr-1'));
    });

    it('a product sold before billing existed (no charge terms), still owned by its customer', async () => {
      table.product('prod-legacy', { terms: [] });
      const answer = await rejectedWith(usageBody({ productId: 'prod-legacy' }), /sold before billing existed/);
      expect(answer.body.relatedParty).toEqual([expect.objectContaining({ id: 'cust-1' })]);
    });

    it("a usage date after the customer's current time", async () => {
      await rejectedWith(usageBody({}, { usageDate: '2026-03-15T12:00:01Z' }), /is after the customer's current time 2026-03-15T12:00:00.000Z/);
    });

    it('a date the product was not active at', async () => {
      await rejectedWith(usageBody({}, { usageDate: '2025-12-31T23:00:00Z' }), /^product prod-1 was not active at 2025-12-31T23:00:00.000Z$/);
    });

    it('a unit no usage price of the product counts', async () => {
      await rejectedWith(usageBody({ unit: 'minute' }), /^Mobile has no usage price counting minute$/);
    });
  });

  describe('a customer on a test clock', () => {
    beforeEach(() => {
      table.testClock('clock-1', '2026-02-10T00:00:00.000Z').product('prod-clocked', { testClockId: 'clock-1' });
    });

    it("records every instant from its clock: the record's arrival and last change", async () => {
      const answer = await post(usageBody({ productId: 'prod-clocked' }, { usageDate: '2026-02-05T08:00:00Z' }));
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toMatchObject({ status: 'rated', receivedAt: '2026-02-10T00:00:00.000Z', lastUpdate: '2026-02-10T00:00:00.000Z', testClock: { id: 'clock-1' } });
      expectValidTmf(tmf635, 'Usage', answer.body);
    });

    it("rejects a date after the clock's time, even though it is long past for the system", async () => {
      const answer = await post(usageBody({ productId: 'prod-clocked' }));
      expect(answer.body).toMatchObject({ status: 'rejected', statusReason: expect.stringContaining("after the customer's current time 2026-02-10T00:00:00.000Z") });
    });
  });

  describe('late usage of a terminated product', () => {
    const ended = [chargeTerm('po-mobile', '2026-01-01T00:00:00.000Z', { to: '2026-03-05T00:00:00.000Z', endedBy: 'termination' })];

    it('arms its resting account again, so the record gets billed', async () => {
      table.product('prod-ended', { status: 'terminated', terms: ended }).schedule('ba-1');
      const answer = await post(usageBody({ productId: 'prod-ended' }));
      expect(answer.body.status).toBe('rated');
      const updates = documentMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
      expect(updates).toEqual([expect.objectContaining({ Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILL_SCHEDULE' }, ExpressionAttributeValues: expect.objectContaining({ ':next': '2026-04-01T00:00:00.000Z' }) })]);
    });

    it('leaves an account that is still due alone, and arms nothing for a running product', async () => {
      table.product('prod-ended', { status: 'terminated', terms: ended }).schedule('ba-1', '2026-04-01T00:00:00.000Z');
      await post(usageBody({ productId: 'prod-ended' }));
      await post(usageBody({ recordId: 'cdr-2' }));
      expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it('arms nothing for a repeat', async () => {
      table.product('prod-ended', { status: 'terminated', terms: ended });
      await post(usageBody({ productId: 'prod-ended' }));
      table.schedule('ba-1');
      await post(usageBody({ productId: 'prod-ended' }));
      expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
    });
  });

  describe('invalid records: 400 naming the field, nothing read or written', () => {
    it.each([
      ['a negative quantity', usageBody({ quantity: -1 }), ['usageCharacteristic[name=quantity]']],
      ['an unknown unit', usageBody({ unit: 'parsec' }), ['usageCharacteristic[name=unit]']],
      ['no record id', usageBody({ recordId: undefined }), ['usageCharacteristic[name=recordId]']],
      ['no product reference', usageBody({ productId: undefined }), ['usageCharacteristic[name=productId]']],
      ['no usage date', { usageType: 'data', usageCharacteristic: usageBody().usageCharacteristic }, ['usageDate']],
      ['a date without an offset', usageBody({}, { usageDate: '2026-03-01 10:00' }), ['usageDate']],
      ['a read-only attribute', { ...usageBody(), status: 'rated' }, ['status']],
    ])('%s', async (_case, body, fields) => {
      const answer = await post(body);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
      expect(detailFields(answer)).toEqual(fields);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });

  describe('who may record usage', () => {
    it('a customer may not: 403 before anything is read', async () => {
      expectTmfError(await post(usageBody(), customerClaims('cust-1')), 403, 'FORBIDDEN', tmf635);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('mediation feeds and staff may', async () => {
      expect((await post(usageBody({ recordId: 'a' }), mediationClaims)).statusCode).toBe(201);
      expect((await post(usageBody({ recordId: 'b' }), agentClaims)).statusCode).toBe(201);
    });

    it('401 without a token', async () => {
      expectTmfError(await invoke(handler, apiEvent({ method: 'POST', path: usagePath, body: usageBody(), claims: null })), 401, 'UNAUTHORIZED', tmf635);
    });
  });

  describe('with an Idempotency-Key', () => {
    beforeEach(() => {
      new FakeIdempotencyTable().install(dynamoMock);
    });

    it('replays the first answer (201) for a retry without guiding or writing again', async () => {
      const first = await post(usageBody(), mediationClaims, { 'Idempotency-Key': 'feed-batch-7' });
      const retry = await post(usageBody(), mediationClaims, { 'Idempotency-Key': 'feed-batch-7' });
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(transactions()).toHaveLength(1);
    });

    it('422 for the same key with another body', async () => {
      await post(usageBody(), mediationClaims, { 'Idempotency-Key': 'feed-batch-8' });
      expectTmfError(await post(usageBody({ recordId: 'cdr-2' }), mediationClaims, { 'Idempotency-Key': 'feed-batch-8' }), 422, 'IDEMPOTENCY_KEY_REUSED', tmf635);
    });
  });
});
