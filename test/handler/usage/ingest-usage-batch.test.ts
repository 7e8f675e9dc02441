import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { usageIdFor } from '../../../domain/usage/usage.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/usage/ingest-usage-batch.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf635 } from '../../support/tmf-schema.js';
import { batchPath, chargeTerm, FakeUsageTable, now, usageBody } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeUsageTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeUsageTable().install(documentMock).catalog().product('prod-1').product('prod-2');
});

const ingest = (body: unknown, claims: Claims = mediationClaims) => invoke(handler, apiEvent({ method: 'POST', path: batchPath, body, claims }));
const idOf = (productId: string, recordId: string) => usageIdFor({ productId }, recordId);

/** Every record's usage is a TMF635 Usage, every error a TMF635 Error. */
function expectValidResults(results: { usage?: unknown; error?: unknown }[]) {
  for (const result of results) {
    if (result.usage !== undefined) expectValidTmf(tmf635, 'Usage', result.usage);
    if (result.error !== undefined) expectValidTmf(tmf635, 'Error', result.error);
  }
}

describe('POST /usage/v1/usageBatch (ingest-usage-batch)', () => {
  it('answers one result per record in input order: created, rejected, invalid and repeats, with the counts', async () => {
    await ingest({ usage: [usageBody({ productId: 'prod-2', recordId: 'sent-before' })] });
    const answer = await ingest({
      usage: [
        usageBody({ recordId: 'a' }),
        usageBody({ recordId: 'b', unit: 'minute' }),
        usageBody({ recordId: 'c', quantity: -3 }),
        usageBody({ productId: 'prod-2', recordId: 'sent-before', quantity: 7 }),
        usageBody({ recordId: 'a', quantity: 42 }),
      ],
    });
    expect(answer.statusCode).toBe(200);
    const { result, counts } = answer.body;
    expect(result.map((each: { index: number; outcome: string }) => [each.index, each.outcome])).toEqual([
      [0, 'created'],
      [1, 'rejected'],
      [2, 'invalid'],
      [3, 'repeat'],
      [4, 'repeat'],
    ]);
    expect(counts).toEqual({ created: 1, repeat: 2, rejected: 1, invalid: 1 });
    expectValidResults(result);

    expect(result[0].usage).toMatchObject({ id: idOf('prod-1', 'a'), status: 'rated' });
    expect(result[1].usage).toMatchObject({ id: idOf('prod-1', 'b'), status: 'rejected', statusReason: 'Mobile has no usage price counting minute' });
    expect(result[2]).toEqual({
      index: 2,
      outcome: 'invalid',
      error: expect.objectContaining({ code: 'INVALID_REQUEST', status: '400', details: [{ field: 'usage[2].usageCharacteristic[name=quantity]', problem: 'a number, 0 or more' }] }),
    });
    expect(result[2].usage).toBeUndefined();
    // A repeat answers the first record unchanged: the earlier request's, and the earlier one of this batch.
    expect(result[3].usage).toMatchObject({ id: idOf('prod-2', 'sent-before'), usageCharacteristic: expect.arrayContaining([{ name: 'quantity', value: 1.5 }]) });
    expect(result[4].usage).toEqual(result[0].usage);
  });

  it('stores the created and rejected records, nothing of an invalid one, and a repeat once', async () => {
    await ingest({ usage: [usageBody({ recordId: 'a' }), usageBody({ recordId: 'b', unit: 'minute' }), usageBody({ recordId: 'c', unit: 'parsec' }), usageBody({ recordId: 'a' })] });
    expect(table.usageItems.map((item) => item.recordId).sort()).toEqual(['a', 'b']);
    expect(table.storedUsage(idOf('prod-1', 'b'))).toMatchObject({ gsi3pk: 'REJECTED_USAGE' });
    expect(table.storedUsage(idOf('prod-1', 'a'))).toMatchObject({ gsi3pk: 'UNBILLED_USAGE#prod-1' });
  });

  it('a batch sent again answers every record as a repeat and changes nothing', async () => {
    const batch = { usage: [usageBody({ recordId: 'a' }), usageBody({ recordId: 'b', unit: 'minute' })] };
    const first = await ingest(batch);
    const again = await ingest(batch);
    expect(again.body.counts).toEqual({ created: 0, repeat: 2, rejected: 0, invalid: 0 });
    expect(again.body.result.map((each: { usage: unknown }) => each.usage)).toEqual(first.body.result.map((each: { usage: unknown }) => each.usage));
  });

  describe('round trips', () => {
    /** 150 records by productId over 5 products, 100 by phone number over 10 numbers of 10 other products. */
    function largeBatch(size: number) {
      for (let product = 0; product < 15; product += 1) table.product(`p-${product}`, { billingAccountId: `ba-${product % 3}` });
      for (let number = 0; number < 10; number += 1) table.phoneNumber(`+3361234560${number}`, [{ productId: `p-${5 + number}`, from: '2026-01-01T00:00:00.000Z' }]);
      return {
        usage: Array.from({ length: size }, (_, index) =>
          index % 5 < 3
            ? usageBody({ productId: `p-${index % 5}`, recordId: `r-${index}` })
            : usageBody({ productId: undefined, phoneNumber: `+3361234560${index % 10}`, recordId: `r-${index}` }),
        ),
      };
    }
    const calls = () => documentMock.calls().map((call) => (call.args[0] as object).constructor.name);

    it('250 records take a handful of calls: a BatchGetItem per kind and level, a TransactWriteItems per 100 records', async () => {
      const answer = await ingest(largeBatch(250));
      expect(answer.body.counts).toEqual({ created: 250, repeat: 0, rejected: 0, invalid: 0 });
      // products by id | phone numbers, then the products they name, then offerings, then prices; 3 transactions in parallel.
      expect(calls().filter((name) => name === 'BatchGetCommand')).toHaveLength(5);
      expect(calls().filter((name) => name === 'TransactWriteCommand')).toHaveLength(3);
      expect(calls()).toHaveLength(8);
      expect(documentMock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!.length)).toEqual([100, 100, 50]);
    });

    it('the same 250 again: three refused transactions and one BatchGetItem per 100 repeats, nothing written', async () => {
      await ingest(largeBatch(250));
      documentMock.resetHistory();
      const answer = await ingest(largeBatch(250));
      expect(answer.body.counts).toEqual({ created: 0, repeat: 250, rejected: 0, invalid: 0 });
      expect(calls()).toHaveLength(11);
      expect(table.usageItems).toHaveLength(250);
    });

    it('reads the test clocks and catalog of products named by number after them, only what the products found by id lacked', async () => {
      const base = largeBatch(10);
      table.testClock('clock-1', '2026-03-10T00:00:00.000Z').product('p-clocked', { testClockId: 'clock-1' });
      table.phoneNumber('+33612345699', [{ productId: 'p-clocked', from: '2026-01-01T00:00:00.000Z' }]);
      const answer = await ingest({ usage: [...base.usage, usageBody({ productId: undefined, phoneNumber: '+33612345699', recordId: 'clocked' })] });
      expect(answer.body.counts).toEqual({ created: 11, repeat: 0, rejected: 0, invalid: 0 });
      expect(answer.body.result.at(-1).usage).toMatchObject({ status: 'rated', receivedAt: '2026-03-10T00:00:00.000Z', testClock: { id: 'clock-1' } });
      // products by id | phone numbers; the products they name | offerings; prices; then the clock the numbers' products add.
      const keysRead = documentMock.commandCalls(BatchGetCommand).map((call) => Object.values(call.args[0].input.RequestItems!)[0]!.Keys!.map((key) => String(key.pk).split('#')[0]));
      expect(keysRead.at(-1)).toEqual(['TEST_CLOCK']);
      expect(calls().filter((name) => name === 'BatchGetCommand')).toHaveLength(6);
    });

    it('500 records take no more calls than 250 do, plus the two transactions they add', async () => {
      await ingest(largeBatch(500));
      expect(calls()).toHaveLength(10);
    });
  });

  it('late usage of terminated products arms each of their accounts once', async () => {
    const ended = [chargeTerm('po-mobile', '2026-01-01T00:00:00.000Z', { to: '2026-03-05T00:00:00.000Z', endedBy: 'termination' })];
    table.product('gone-1', { status: 'terminated', terms: ended, billingAccountId: 'ba-9' }).product('gone-2', { status: 'terminated', terms: ended, billingAccountId: 'ba-9' }).schedule('ba-9');
    await ingest({ usage: [usageBody({ productId: 'gone-1', recordId: 'x' }), usageBody({ productId: 'gone-2', recordId: 'y' }), usageBody({ productId: 'gone-1', recordId: 'z' }), usageBody({ recordId: 'running' })] });
    expect(documentMock.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: 'BILLING_ACCOUNT#ba-9', sk: 'BILL_SCHEDULE' }]);
  });

  describe('a body that is wrong as a whole: 400, nothing read or written', () => {
    it.each([
      ['no records', { usage: [] }, ['usage']],
      ['more than 500 records', { usage: Array.from({ length: 501 }, (_, index) => usageBody({ recordId: `r-${index}` })) }, ['usage']],
      ['a record the schema refuses', { usage: [usageBody(), { usageType: 'data', usageCharacteristic: usageBody().usageCharacteristic }] }, ['usage.1.usageDate']],
      ['another attribute', { usage: [usageBody()], source: 'switch-7' }, ['source']],
    ])('%s', async (_case, body, fields) => {
      const answer = await ingest(body);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
      expect(detailFields(answer)).toEqual(fields);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });

  it('takes a body over the 64 KiB other requests are held to, up to 1 MiB (413 beyond)', async () => {
    const long = 'x'.repeat(1000);
    const big = { usage: Array.from({ length: 200 }, (_, index) => usageBody({ recordId: `r-${index}` }, { description: long })) };
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    expect((await ingest(big)).statusCode).toBe(200);
    const tooBig = { usage: Array.from({ length: 500 }, (_, index) => usageBody({ recordId: `r-${index}`, cell: 'y'.repeat(1024) }, { description: long })) };
    expect(JSON.stringify(tooBig).length).toBeGreaterThan(1024 * 1024);
    expectTmfError(await ingest(tooBig), 413, 'PAYLOAD_TOO_LARGE', tmf635);
  });

  describe('who may send a batch', () => {
    it('a customer may not: 403 before anything is read', async () => {
      expectTmfError(await ingest({ usage: [usageBody()] }, customerClaims('cust-1')), 403, 'FORBIDDEN', tmf635);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('mediation feeds and staff may', async () => {
      expect((await ingest({ usage: [usageBody({ recordId: 'm' })] }, mediationClaims)).body.counts.created).toBe(1);
      expect((await ingest({ usage: [usageBody({ recordId: 's' })] }, agentClaims)).body.counts.created).toBe(1);
    });
  });

  it('reads every BatchGetItem key once: distinct products, numbers and offerings', async () => {
    await ingest({ usage: Array.from({ length: 30 }, (_, index) => usageBody({ productId: index % 2 ? 'prod-1' : 'prod-2', recordId: `r-${index}` })) });
    const productKeys = documentMock
      .commandCalls(BatchGetCommand)
      .flatMap((call) => Object.values(call.args[0].input.RequestItems ?? {}).flatMap((request) => (request.Keys ?? []).map((key) => String(key.pk))))
      .filter((pk) => pk.startsWith('PRODUCT#'));
    expect(productKeys.sort()).toEqual(['PRODUCT#prod-1', 'PRODUCT#prod-2']);
  });
});
