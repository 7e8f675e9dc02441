import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cartItemsOf, priceQuoteRequestSchema } from '../../../../domain/pricing/price-quote-request.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const staffQuote = {
  currency: 'EUR',
  taxLocation: { country: 'FR' },
  customerSegment: 'student',
  at: '2026-12-01T00:00:00+01:00',
  item: [
    {
      id: '1',
      productOffering: { id: 'home-mobile' },
      quantity: 2,
      characteristic: [{ name: 'colour', value: 'Gold' }],
      bundledItem: [{ productOffering: { id: 'mobile-m' }, quantity: 0 }],
      usage: [{ quantity: 12.5, units: 'GB' }],
      pinnedPrice: [{ id: 'fee-a' }],
      billingPeriod: 4,
    },
  ],
};

const issuesOf = (body: unknown) => priceQuoteRequestSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('priceQuoteRequestSchema', () => {
  it('accepts the documented body', () => {
    expect(priceQuoteRequestSchema.parse(staffQuote)).toEqual(staffQuote);
  });

  it('takes quantities of 1 by default', () => {
    const parsed = priceQuoteRequestSchema.parse({ billingAccount: { id: 'ba-1' }, item: [{ id: '1', productOffering: { id: 'o' }, bundledItem: [{ productOffering: { id: 'c' } }] }] });
    expect(parsed.item[0]!.quantity).toBe(1);
    expect(parsed.item[0]!.bundledItem![0]!.quantity).toBe(1);
  });

  it('needs a currency and a tax location without a billing account', () => {
    expect(issuesOf({ item: staffQuote.item })).toEqual(['currency', 'taxLocation']);
    expect(issuesOf({ billingAccount: { id: 'ba-1' }, item: staffQuote.item })).toEqual([]);
  });

  it.each([
    ['an unknown attribute', { ...staffQuote, discount: 5 }, ''],
    ['no item', { ...staffQuote, item: [] }, 'item'],
    ['a lower-case currency', { ...staffQuote, currency: 'eur' }, 'currency'],
    ['a three-letter country', { ...staffQuote, taxLocation: { country: 'FRA' } }, 'taxLocation.country'],
    ['an instant without offset', { ...staffQuote, at: '2026-12-01T00:00:00' }, 'at'],
    ['a zero quantity', { ...staffQuote, item: [{ ...staffQuote.item[0], quantity: 0 }] }, 'item.0.quantity'],
    ['a fractional quantity', { ...staffQuote, item: [{ ...staffQuote.item[0], quantity: 1.5 }] }, 'item.0.quantity'],
    ['negative usage', { ...staffQuote, item: [{ ...staffQuote.item[0], usage: [{ quantity: -1, units: 'GB' }] }] }, 'item.0.usage.0.quantity'],
    ['billing period 0', { ...staffQuote, item: [{ ...staffQuote.item[0], billingPeriod: 0 }] }, 'item.0.billingPeriod'],
    ['two items with one id', { ...staffQuote, item: [staffQuote.item[0], staffQuote.item[0]] }, 'item.1.id'],
  ])('refuses %s', (_name, body, path) => {
    expect(issuesOf(body)).toEqual([path]);
  });

  it('refuses more than 100 items', () => {
    const item = Array.from({ length: 101 }, (_, index) => ({ id: String(index), productOffering: { id: 'o' } }));
    expect(issuesOf({ ...staffQuote, item })).toEqual(['item']);
  });

  it('converts into a draft-04 JSON schema for API Gateway', () => {
    const schema = z.toJSONSchema(priceQuoteRequestSchema, { target: 'draft-04', io: 'input', unrepresentable: 'any' }) as { $schema: string; required: string[]; additionalProperties: boolean };
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.required).toEqual(['item']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('cartItemsOf: sample records for the quote (docs/rating.md)', () => {
  const withUsage = (usage: unknown[]) => priceQuoteRequestSchema.parse({ ...staffQuote, item: [{ ...staffQuote.item[0], usage }] });

  it('reads the rating attributes like a usage record’s, normalized, and keeps totals without them as they were', () => {
    const [item] = cartItemsOf(
      withUsage([
        { quantity: 12.5, units: 'GB' },
        { id: 'cdr-1', quantity: 61, units: 'second', usageDate: '2027-03-16T10:00:00+01:00', destination: '+33 6 12 34 56 78', visitedNetwork: '22801', direction: 'outgoing' },
      ]),
    );
    expect(item!.usage).toEqual([
      { quantity: 12.5, units: 'GB' },
      { id: 'cdr-1', quantity: 61, units: 'second', usageDate: '2027-03-16T10:00:00+01:00', attributes: { destination: '+33612345678', visitedNetwork: '228-01', direction: 'outgoing' } },
    ]);
  });

  it('names each malformed attribute with its item and record', () => {
    try {
      cartItemsOf(withUsage([{ quantity: 1, units: 'minute' }, { quantity: 1, units: 'minute', destination: '0612', serviceType: 'fax' }]));
      expect.unreachable('a malformed attribute was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].usage[1].destination', 'item[0].usage[1].serviceType']);
    }
  });
});
