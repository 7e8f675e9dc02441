import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCollectionQuery, type AttributeTable } from '../../../functions/lib/http/collection-query.js';
import { ApiError } from '../../../functions/lib/http/api-error.js';
import { resourceMatches } from '../../../functions/lib/store/list-resources.js';

const path = '/tmf-api/customerBillManagement/v4/customerBill';
const attributes: AttributeTable = { id: 'text', href: 'text', state: 'text', lastUpdate: 'instant', lineCount: 'number', isBilled: 'boolean', relatedParty: 'structure' };
const filterable = ['relatedParty.id', 'billDate.gte'];
const event = (query: Record<string, string>) => ({ queryStringParameters: query, path, resource: path }) as unknown as APIGatewayProxyEvent;
const parse = (query: Record<string, string>) => parseCollectionQuery(event(query), filterable, attributes);

function rejection(query: Record<string, string>): { message: string; fields: string[] } {
  try {
    parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    return { message: apiError.message, fields: apiError.problems.map((problem) => problem.field) };
  }
  throw new Error(`${JSON.stringify(query)} was accepted`);
}

describe('parseCollectionQuery with a resource attribute table', () => {
  it('keeps the filters the list names as they are (index keys, key ranges)', () => {
    const { filters } = parse({ 'relatedParty.id': 'c-1,c-2', 'billDate.gte': '2027-01-01' });
    expect(filters.get('relatedParty.id')).toEqual({ path: ['relatedParty', 'id'], values: ['c-1', 'c-2'] });
    expect(filters.get('billDate.gte')).toEqual({ path: ['billDate', 'gte'], values: ['2027-01-01'] });
  });

  it('matches text exactly, any of comma-separated values, id included', () => {
    expect(parse({ id: 'b-1, b-2', state: 'sent' }).filters).toEqual(
      new Map([
        ['id', { path: ['id'], values: ['b-1', 'b-2'] }],
        ['state', { path: ['state'], values: ['sent'] }],
      ]),
    );
  });

  it("turns an href of the list's collection into the id it names, absolute or relative; any other href names nothing", () => {
    expect(parse({ href: `https://api.example.com${path}/b-1,${path}/b%202` }).filters.get('href')).toEqual({ path: ['id'], values: ['b-1', 'b 2'] });
    expect(parse({ href: '/tmf-api/paymentManagement/v4/payment/b-1' }).filters.get('href')).toEqual({ path: ['id'], values: [''] });
  });

  it.each([
    ['gt', '>'],
    ['gte', '>='],
    ['lt', '<'],
    ['lte', '<='],
  ])('.%s on an instant compares with the instant in the stored UTC form', (operator) => {
    expect(parse({ [`lastUpdate.${operator}`]: '2027-03-01T01:00:00+01:00' }).filters.get(`lastUpdate.${operator}`)).toEqual({
      path: ['lastUpdate'],
      values: ['2027-03-01T00:00:00.000Z'],
      comparison: operator,
    });
  });

  it('an exact instant matches the UTC form and the value as asked', () => {
    expect(parse({ lastUpdate: '2027-03-01T01:00:00+01:00,2027-03-02T00:00:00.000Z' }).filters.get('lastUpdate')!.values).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-03-02T00:00:00.000Z',
      '2027-03-01T01:00:00+01:00',
    ]);
  });

  it('numbers and booleans are typed for the comparison', () => {
    expect(parse({ 'lineCount.gte': '2', isBilled: 'true,false' }).filters).toEqual(
      new Map([
        ['lineCount.gte', { path: ['lineCount'], values: ['2'], valueType: 'number', comparison: 'gte' }],
        ['isBilled', { path: ['isBilled'], values: ['true', 'false'], valueType: 'boolean' }],
      ]),
    );
  });

  it.each([
    [{ 'lastUpdate.gte': 'last week' }, 'lastUpdate.gte', /takes ISO 8601 date-times/],
    [{ lastUpdate: '2027-01-01,soon' }, 'lastUpdate', /takes ISO 8601 date-times/],
    [{ 'lastUpdate.lt': '2027-01-01,2027-02-01' }, 'lastUpdate.lt', /takes one value/],
    [{ 'state.gt': 'a' }, 'state.gt', /^cannot filter on state\.gt: state is not a date or a number/],
    [{ 'isBilled.lte': 'true' }, 'isBilled.lte', /^cannot filter on isBilled\.lte/],
    [{ 'lineCount.lt': 'ten' }, 'lineCount.lt', /takes numbers/],
    [{ isBilled: 'yes' }, 'isBilled', /takes true, false/],
    [{ colour: 'blue' }, 'colour', /^cannot filter on colour; filterable attributes: relatedParty\.id, billDate\.gte, id, href, state, lastUpdate, lineCount, isBilled$/],
    [{ relatedParty: 'c-1' }, 'relatedParty', /^cannot filter on relatedParty; filterable attributes: /],
    [{ 'relatedParty.name': 'Ada' }, 'relatedParty.name', /^cannot filter on relatedParty\.name; /],
    [{ 'lastUpdate.eq': '2027-01-01' }, 'lastUpdate.eq', /^cannot filter on lastUpdate\.eq; /],
    [{ toString: 'x' }, 'toString', /^cannot filter on toString; /],
  ])('400 naming the filter for %j', (query, field, message) => {
    const { message: said, fields } = rejection(query);
    expect(fields).toEqual([field]);
    expect(said).toMatch(message);
  });

  it('without a table, only the named filters are accepted, as before', () => {
    expect(() => parseCollectionQuery(event({ id: 'b-1' }), filterable)).toThrow(/^cannot filter on id; filterable attributes: relatedParty\.id, billDate\.gte$/);
  });
});

describe('resourceMatches (the FilterExpression semantics, for lists read by key)', () => {
  const bill = { id: 'b-1', state: 'sent', lastUpdate: '2027-03-01T00:00:00.000Z', lineCount: 3, isBilled: false, relatedParty: [{ id: 'c-1' }] };
  const filtersOf = (query: Record<string, string>) => parse(query).filters.values();

  it('matches exact values, instants, numbers and booleans as the Query does', () => {
    expect(resourceMatches(bill, filtersOf({ id: 'b-2,b-1', state: 'sent', isBilled: 'false', 'lineCount.gt': '2' }))).toBe(true);
    expect(resourceMatches(bill, filtersOf({ lastUpdate: '2027-03-01T01:00:00+01:00' }))).toBe(true);
    expect(resourceMatches(bill, filtersOf({ isBilled: 'true' }))).toBe(false);
    expect(resourceMatches(bill, filtersOf({ 'lineCount.gt': '3' }))).toBe(false);
    expect(resourceMatches(bill, filtersOf({ 'lastUpdate.lt': '2027-03-01T00:00:00Z' }))).toBe(false);
    expect(resourceMatches({ id: 'b-1' }, filtersOf({ 'lastUpdate.lt': '2099-01-01' }))).toBe(false);
  });

  it('an instant bound keeps exactly the instants on its side', () => {
    const instant = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
    fc.assert(
      fc.property(instant, instant, fc.constantFrom('gt', 'gte', 'lt', 'lte'), (stored, bound, operator) => {
        const kept = resourceMatches({ lastUpdate: stored }, filtersOf({ [`lastUpdate.${operator}`]: bound }));
        const [a, b] = [Date.parse(stored), Date.parse(bound)];
        expect(kept).toBe({ gt: a > b, gte: a >= b, lt: a < b, lte: a <= b }[operator]);
      }),
    );
  });
});
