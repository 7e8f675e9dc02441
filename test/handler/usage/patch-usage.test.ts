import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { usageIdFor, type Usage } from '../../../domain/usage/usage.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler as createUsage } from '../../../functions/usage/create-usage.js';
import { handler } from '../../../functions/usage/patch-usage.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf635 } from '../../support/tmf-schema.js';
import { FakeUsageTable, now, usageBody, usagePath } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const received = '2026-03-10T08:00:00.000Z';
let table: FakeUsageTable;

/** Records as POST /usage stored them, at `received`. */
async function recorded(characteristics: Record<string, string | number | undefined>, overrides: Record<string, unknown> = {}): Promise<Usage> {
  vi.spyOn(systemClock, 'now').mockReturnValue(received);
  const answer = await invoke(createUsage, apiEvent({ method: 'POST', path: usagePath, body: usageBody(characteristics, overrides), claims: mediationClaims }));
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return answer.body as Usage;
}

const patch = (id: string, body: unknown, claims: Claims = agentClaims, headers: Record<string, string> = {}) =>
  invoke(handler, resourceEvent('PATCH', usagePath, id, { body, claims, headers }));
const characteristics = (values: Record<string, string | number | undefined>) => usageBody(values).usageCharacteristic;

beforeEach(() => {
  documentMock.reset();
  table = new FakeUsageTable().install(documentMock).catalog().product('prod-1').product('prod-2', { customerId: 'cust-2', billingAccountId: 'ba-2' });
});

describe('PATCH /usage/{id} (patch-usage)', () => {
  it('a corrected rejection of the same product is replaced in place, rated: 200 with the new ETag, valid TMF635 Usage', async () => {
    const rejected = await recorded({ unit: 'minute' }, { description: 'call' });
    expect(rejected.status).toBe('rejected');
    const answer = await patch(rejected.id, { usageCharacteristic: characteristics({ unit: 'GB' }), description: null }, agentClaims, { 'If-Match': 'W/"1"' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ id: rejected.id, status: 'rated', receivedAt: received, lastUpdate: now, ratedProductUsage: [{ offerTariffType: 'Data overage', isBilled: false }] });
    expect(answer.body.statusReason).toBeUndefined();
    expect(answer.body.description).toBeUndefined();
    expect(answer.headers.etag).toBe('W/"2"');
    expectValidTmf(tmf635, 'Usage', answer.body);
    expect(table.storedUsage(rejected.id)).toMatchObject({ version: 2, unit: 'GB', gsi3pk: 'UNBILLED_USAGE#prod-1', gsi2pk: 'CUSTOMER#cust-1', resource: answer.body });
  });

  it('a correction that is still wrong stays rejected, with the new reason', async () => {
    const rejected = await recorded({ unit: 'minute' });
    const answer = await patch(rejected.id, { usageCharacteristic: characteristics({ unit: 'call' }) });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ id: rejected.id, status: 'rejected', statusReason: 'Mobile has no usage price counting call' });
    expectValidTmf(tmf635, 'Usage', answer.body);
    expect(table.storedUsage(rejected.id)).toMatchObject({ version: 2, gsi3pk: 'REJECTED_USAGE' });
  });

  it('a corrected date is guided again: the record is rated once the product was active then', async () => {
    const rejected = await recorded({}, { usageDate: '2025-12-20T10:00:00Z' });
    const answer = await patch(rejected.id, { usageDate: '2026-01-20T10:00:00Z' });
    expect(answer.body).toMatchObject({ status: 'rated', usageDate: '2026-01-20T10:00:00.000Z' });
  });

  it('a correction naming another product recycles the record into that product\'s record: 201 with it, the old one points at it', async () => {
    const rejected = await recorded({ productId: 'prod-typo' });
    const answer = await patch(rejected.id, { usageCharacteristic: characteristics({ productId: 'prod-2' }) });
    const newId = usageIdFor({ productId: 'prod-2' }, 'cdr-1');
    expect(answer.statusCode).toBe(201);
    expect(answer.headers.location).toBe(`${usagePath}/${newId}`);
    expect(answer.headers.etag).toBe('W/"1"');
    expect(answer.body).toMatchObject({ id: newId, status: 'rated', receivedAt: now, relatedParty: [{ id: 'cust-2' }] });
    expectValidTmf(tmf635, 'Usage', answer.body);
    const old = table.storedUsage(rejected.id)!;
    expect(old).toMatchObject({ version: 2, resource: { status: 'recycled', recycledAs: { id: newId, href: `${usagePath}/${newId}` }, lastUpdate: now } });
    expectValidTmf(tmf635, 'Usage', old.resource);
    expect(old).not.toHaveProperty('gsi3pk');
    expect(table.storedUsage(newId)).toMatchObject({ version: 1, productId: 'prod-2', gsi2pk: 'CUSTOMER#cust-2', billingAccountIds: ['ba-2'] });
    expect(documentMock.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems).toHaveLength(2);
  });

  it('409 DUPLICATE_USAGE, naming the record, when the product already has that record; nothing changes', async () => {
    const existing = await recorded({ productId: 'prod-2' });
    const rejected = await recorded({ productId: 'prod-typo' });
    const answer = await patch(rejected.id, { usageCharacteristic: characteristics({ productId: 'prod-2' }) });
    expectTmfError(answer, 409, 'DUPLICATE_USAGE', tmf635);
    expect(answer.body.message).toContain(existing.id);
    expect(table.storedUsage(rejected.id)).toMatchObject({ version: 1, resource: { status: 'rejected' } });
  });

  it('409 USAGE_NOT_CORRECTABLE for a rated record: it may already be on a bill', async () => {
    const rated = await recorded({});
    const answer = await patch(rated.id, { usageCharacteristic: characteristics({ quantity: 3 }) });
    expectTmfError(answer, 409, 'USAGE_NOT_CORRECTABLE', tmf635);
    expect(table.storedUsage(rated.id)).toMatchObject({ version: 1, quantity: '1.5' });
  });

  it('400 naming the field for a correction that is itself invalid, nothing written', async () => {
    const rejected = await recorded({ unit: 'minute' });
    documentMock.resetHistory();
    const answer = await patch(rejected.id, { usageCharacteristic: characteristics({ quantity: -1 }) });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
    expect(detailFields(answer)).toEqual(['usageCharacteristic[name=quantity]']);
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['a read-only attribute', { status: 'rated' }, ['status']],
    ['an empty patch', {}, ['(body)']],
  ])('400 for %s', async (_case, body, fields) => {
    const answer = await patch('u-any', body);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
    expect(detailFields(answer)).toEqual(fields);
  });

  it('404 for an unknown record', async () => {
    expectTmfError(await patch('u-404', { usageType: 'voice' }), 404, 'NOT_FOUND', tmf635);
  });

  it('412 for a stale If-Match, before anything is written', async () => {
    const rejected = await recorded({ unit: 'minute' });
    expectTmfError(await patch(rejected.id, { usageType: 'voice' }, agentClaims, { 'If-Match': 'W/"7"' }), 412, 'PRECONDITION_FAILED', tmf635);
    expect(table.storedUsage(rejected.id)).toMatchObject({ version: 1 });
  });

  it('a change that lands between the read and the write: 412 with If-Match, 409 without, never a lost update', async () => {
    const rejected = await recorded({ unit: 'minute' });
    documentMock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    expectTmfError(await patch(rejected.id, { usageType: 'voice' }, agentClaims, { 'If-Match': 'W/"1"' }), 412, 'PRECONDITION_FAILED', tmf635);
    expectTmfError(await patch(rejected.id, { usageType: 'voice' }), 409, 'CONCURRENT_MODIFICATION', tmf635);
  });

  it('a clocked customer\'s correction is dated by its clock', async () => {
    table.testClock('clock-1', '2026-02-10T00:00:00.000Z').product('prod-clocked', { testClockId: 'clock-1' });
    const rejected = await recorded({ productId: 'prod-clocked' });
    expect(rejected).toMatchObject({ status: 'rejected', receivedAt: '2026-02-10T00:00:00.000Z' });
    const answer = await patch(rejected.id, { usageDate: '2026-02-01T00:00:00Z' });
    expect(answer.body).toMatchObject({ status: 'rated', lastUpdate: '2026-02-10T00:00:00.000Z', testClock: { id: 'clock-1' } });
  });

  describe('only staff correct usage', () => {
    it.each([
      ['a mediation feed', mediationClaims],
      ['a customer', customerClaims('cust-1')],
    ])('%s may not: 403 before anything is read', async (_who, claims) => {
      const rejected = await recorded({ unit: 'minute' });
      documentMock.resetHistory();
      expectTmfError(await patch(rejected.id, { usageType: 'voice' }, claims), 403, 'FORBIDDEN', tmf635);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('an admin may', async () => {
      const rejected = await recorded({ unit: 'minute' });
      expect((await patch(rejected.id, { usageCharacteristic: characteristics({}) }, adminClaims)).statusCode).toBe(200);
    });
  });
});
