import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoZoneTable } from '../../../domain/rating/demo-zone-table.js';
import { handler as createPrice } from '../../../functions/catalog/create-product-offering-price.js';
import { handler as createZoneTable } from '../../../functions/catalog/create-zone-table.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { apiEvent } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { tmf620 } from '../../support/tmf-schema.js';
import { catalogApi } from './catalog-table.js';
import { FakeZoneTableTable } from './zone-table-fake.js';

/** POST /productOfferingPrice with a `rating` (docs/rating.md): checked against the zone table it names, read from the store. */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2026-03-01T09:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const international = {
  name: 'International calls',
  priceType: 'usage',
  price: eur(0.6),
  unitOfMeasure: { amount: 1, units: 'minute' },
  rating: {
    zoneTable: { id: demoZoneTable.id },
    appliesTo: { zones: ['eu-eea', 'world-1', 'world-2'], roamingZones: ['home'] },
    timeBands: {
      weekdays: [
        { from: '00:00', band: 'off-peak' },
        { from: '08:00', band: 'peak' },
        { from: '20:00', band: 'off-peak' },
      ],
      weekend: [{ from: '00:00', band: 'off-peak' }],
      holidays: { dates: ['2026-07-14'], schedule: [{ from: '00:00', band: 'off-peak' }] },
    },
    bandPrices: [{ band: 'off-peak', price: eur(0.3) }],
    increments: { first: 60, next: 60 },
    connectFee: eur(0.1),
  },
};

const post = (body: unknown) => invoke(createPrice, apiEvent({ method: 'POST', path: `${catalogApi}/productOfferingPrice`, body }));

beforeEach(async () => {
  documentMock.reset();
  new FakeZoneTableTable().install(documentMock);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  const table = await invoke(createZoneTable, apiEvent({ method: 'POST', path: '/catalog/v1/zoneTable', body: { id: demoZoneTable.id, name: demoZoneTable.name, versions: demoZoneTable.versions } }));
  expect(table.statusCode).toBe(201);
  documentMock.resetHistory();
  return () => vi.restoreAllMocks();
});

describe('POST /productOfferingPrice with rating (create-product-offering-price)', () => {
  it('201 for a price that charges calls by zone and band', async () => {
    const answer = await post(international);
    expect(answer.statusCode).toBe(201);
    expect(answer.body.rating).toEqual(international.rating);
  });

  it.each([
    ['an unknown zone', { appliesTo: { zones: ['eu-eea', 'mars'] } }, ['rating.appliesTo.zones[1]']],
    ['a band the time bands do not have', { bandPrices: [{ band: 'night', price: eur(0.1) }] }, ['rating.bandPrices[0].band']],
    ['increments of zero', { increments: { first: 0, next: 60 } }, ['rating.increments.first']],
    ['a zone table that does not exist', { zoneTable: { id: 'nowhere' } }, ['rating.zoneTable.id']],
    ['a negative connect fee', { connectFee: eur(-0.1) }, ['rating.connectFee.value']],
    ['a fee in another currency', { maximumPerCall: { unit: 'USD', value: 5 } }, ['rating.maximumPerCall.unit']],
  ])('400 naming the field for %s, and nothing written', async (_label, change, fields) => {
    const answer = await post({ ...international, rating: { ...international.rating, ...change } });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
