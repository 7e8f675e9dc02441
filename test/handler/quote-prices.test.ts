import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, type BatchGetCommandInput, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogLifecycleStatus } from '../../domain/catalog/catalog-lifecycle.js';
import type { ProductOffering } from '../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import { decimal } from '../../domain/money/decimal.js';
import type { TaxProvider, TaxRateRequest } from '../../domain/pricing/tax-provider.js';
import { handler, quotePricesUseCase } from '../../functions/pricing/quote-prices.js';
import { apiHandler } from '../../functions/lib/http/api-handler.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke, type Answer } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf622 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const catalogApi = '/tmf-api/productCatalogManagement/v4';
const since = { startDateTime: '2026-01-01T00:00:00Z' };
const at = '2026-12-01T00:00:00Z';

function price(id: string, attributes: Partial<ProductOfferingPrice> & Pick<ProductOfferingPrice, 'name' | 'priceType'>): ProductOfferingPrice {
  return {
    id,
    href: `${catalogApi}/productOfferingPrice/${id}`,
    lifecycleStatus: 'Launched',
    lastUpdate: '2026-01-05T08:00:00.000Z',
    isBundle: false,
    validFor: since,
    '@type': 'ProductOfferingPrice',
    createdAt: '2026-01-05T08:00:00.000Z',
    ...attributes,
  };
}

function offering(id: string, attributes: Partial<ProductOffering> & Pick<ProductOffering, 'name'>, lifecycleStatus: CatalogLifecycleStatus = 'Launched'): ProductOffering {
  return {
    id,
    href: `${catalogApi}/productOffering/${id}`,
    lifecycleStatus,
    lastUpdate: '2026-01-05T08:00:00.000Z',
    isBundle: false,
    isSellable: true,
    validFor: since,
    '@type': 'ProductOffering',
    createdAt: '2026-01-05T08:00:00.000Z',
    ...attributes,
  };
}

const eur = (value: number) => ({ unit: 'EUR', value });
const telecom = { tax: [{ taxCategory: 'telecommunications' }], taxIncluded: true };

const prices = [
  price('pop-m-monthly', { name: 'Mobile M monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', ...telecom }),
  price('pop-activation', { name: 'Mobile activation fee', priceType: 'oneTime', price: eur(15), ...telecom }),
  price('pop-m-overage', {
    name: 'Mobile M data overage',
    priceType: 'usage',
    unitOfMeasure: { amount: 1, units: 'GB' },
    chargeModel: 'graduated',
    includedQuantity: 20,
    priceTier: [
      { fromQuantity: 0, toQuantity: 10, price: eur(2) },
      { fromQuantity: 10, price: eur(1) },
    ],
    ...telecom,
  }),
  price('pop-student', { name: 'Student discount', priceType: 'discount', percentage: 20, marketSegment: [{ id: 'student' }] }),
  price('pop-broadband', { name: 'Home Broadband monthly', priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', ...telecom }),
  price('pop-bundle-discount', { name: 'Home + Mobile discount', priceType: 'discount', percentage: 10 }),
  // Lago's percentage, transaction-fee, free-transaction and graduated-percentage cases (docs/pricing.md, "Transactions").
  price('pop-take', { name: 'Take rate', priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 1 }),
  price('pop-card', {
    name: 'Card fee',
    priceType: 'usage',
    chargeModel: 'percentage',
    unitOfMeasure: { amount: 1, units: 'EUR' },
    percentage: 2.9,
    fixedFeePerEvent: eur(0.3),
    maximumPerEvent: eur(10),
  }),
  price('pop-free', { name: 'Payouts', priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 0.5, fixedFeePerEvent: eur(0.25), freeEventsPerPeriod: 2 }),
  price('pop-tiered', {
    name: 'Marketplace commission',
    priceType: 'usage',
    chargeModel: 'graduatedPercentage',
    unitOfMeasure: { amount: 1, units: 'EUR' },
    priceTier: [
      { fromQuantity: 0, toQuantity: 1000, percentage: 2 },
      { fromQuantity: 1000, percentage: 1.5 },
    ],
  }),
];

const offerings = [
  offering('po-mobile-m', {
    name: 'Mobile M',
    productSpecification: { id: 'ps-mobile' },
    productOfferingPrice: [{ id: 'pop-m-monthly' }, { id: 'pop-m-overage' }, { id: 'pop-activation' }, { id: 'pop-student' }],
  }),
  offering('po-broadband', { name: 'Home Broadband', productSpecification: { id: 'ps-broadband' }, productOfferingPrice: [{ id: 'pop-broadband' }] }),
  offering('po-home-mobile', {
    name: 'Home + Mobile',
    isBundle: true,
    bundledProductOffering: [
      { id: 'po-broadband', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1, numberRelOfferDefault: 1 } },
      { id: 'po-mobile-m', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } },
    ],
    productOfferingPrice: [{ id: 'pop-bundle-discount' }],
  }),
  offering('po-payments', {
    name: 'Payments',
    productSpecification: { id: 'ps-payments' },
    productOfferingPrice: [{ id: 'pop-take' }, { id: 'pop-card' }, { id: 'pop-free' }, { id: 'pop-tiered' }],
  }),
  offering('po-draft', { name: 'Mobile XL', productSpecification: { id: 'ps-mobile' }, productOfferingPrice: [{ id: 'pop-m-monthly' }] }, 'In design'),
];

const student = customerResource({
  id: 'cust-1',
  contactMedium: [
    { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'cust-1@example.com' } },
    { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', postCode: '75001', country: 'FR' } },
  ],
  characteristic: [{ name: 'segment', value: 'student' }],
});
const homeless = customerResource({ id: 'cust-2' });

/** The table as DynamoDB would answer GetItem and BatchGetItem. */
const table = new Map<string, Record<string, unknown>>([
  ...prices.map((resource) => [`PRODUCT_OFFERING_PRICE#${resource.id}`, { entityType: 'ProductOfferingPrice', version: 1, resource }] as const),
  ...offerings.map((resource) => [`PRODUCT_OFFERING#${resource.id}`, { entityType: 'ProductOffering', version: 1, resource }] as const),
  ['CUSTOMER#cust-1', customerItem(student)],
  ['CUSTOMER#cust-2', customerItem(homeless)],
  ['BILLING_ACCOUNT#ba-1', billingAccountItem(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', currency: 'EUR' }))],
  ['BILLING_ACCOUNT#ba-2', billingAccountItem(billingAccountResource({ id: 'ba-2', ownerId: 'cust-2', currency: 'EUR' }))],
]);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).callsFake((input: GetCommandInput) => ({ Item: table.get(String(input.Key?.pk)) }));
  documentMock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([name, request]) => [name, (request.Keys ?? []).flatMap((key) => table.get(String(key.pk)) ?? [])]),
    ),
  }));
});

const quote = (body: unknown, claims: Claims | null = agentClaims) =>
  invoke(handler, apiEvent({ method: 'POST', path: '/pricing/v1/quote', body, claims }));

const batchGetKeys = () =>
  documentMock.commandCalls(BatchGetCommand).map((call) => Object.values(call.args[0].input.RequestItems ?? {}).flatMap((request) => (request.Keys ?? []).map((key) => String(key.pk))));

/** Every OrderPrice of the answer, nested quote items included, validates against TMF622. */
function expectValidOrderPrices(answer: Answer): void {
  const visit = (item: any) => {
    for (const line of item.itemPrice) expectValidTmf(tmf622, 'OrderPrice', line);
    for (const total of item.itemTotalPrice) expectValidTmf(tmf622, 'OrderPrice', total);
    for (const component of item.quoteItem ?? []) visit(component);
  };
  for (const item of answer.body.quoteItem) visit(item);
  for (const total of answer.body.quoteTotalPrice) expectValidTmf(tmf622, 'OrderPrice', total);
}

const totalOf = (answer: Answer, priceType: string) => answer.body.quoteTotalPrice.find((total: any) => total.priceType === priceType)?.price;

describe('POST /pricing/v1/quote (quote-prices)', () => {
  it('staff quote a plan for an explicit currency and tax location: lines and totals are TMF622 OrderPrices', async () => {
    const answer = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, at, item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ '@type': 'PriceQuote', currency: 'EUR', quoteDate: at });
    expectValidOrderPrices(answer);
    // 20.00 including 20 % VAT: 20.00 / 1.20 = 16.666… → 16.67 duty free, 3.33 tax.
    const monthly = answer.body.quoteItem[0].itemPrice.find((line: any) => line.priceType === 'recurring');
    expect(monthly.price).toMatchObject({ dutyFreeAmount: eur(16.67), taxIncludedAmount: eur(20), taxRate: 20 });
    expect(monthly.priceAlteration).toBeUndefined();
    // 15.00 activation: 12.50 + 2.50.
    expect(totalOf(answer, 'oneTime')).toMatchObject({ dutyFreeAmount: eur(12.5), taxIncludedAmount: eur(15) });
    // Without usage there is no usage line.
    expect(totalOf(answer, 'usage')).toBeUndefined();
    // One BatchGetItem for the offering, one for its prices: 2 round trips, no GetItem.
    expect(batchGetKeys()).toEqual([
      ['PRODUCT_OFFERING#po-mobile-m'],
      ['PRODUCT_OFFERING_PRICE#pop-activation', 'PRODUCT_OFFERING_PRICE#pop-m-monthly', 'PRODUCT_OFFERING_PRICE#pop-m-overage', 'PRODUCT_OFFERING_PRICE#pop-student'],
    ]);
    expect(documentMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('rates sample transactions: each usage entry in money is one transaction, every percentage price gives its line', async () => {
    const transactions = [600, 600, 300, 0.5].map((quantity) => ({ quantity, units: 'EUR' }));
    const answer = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, at, item: [{ id: '1', productOffering: { id: 'po-payments' }, usage: transactions }] });
    expect(answer.statusCode).toBe(200);
    expectValidOrderPrices(answer);
    const dutyFree = (name: string) => answer.body.quoteItem[0].itemPrice.find((line: any) => line.name === name).price.dutyFreeAmount;
    // 1 % of 1500.50 = 15.005 → 15.00 (half-even, once for the period).
    expect(dutyFree('Take rate')).toEqual(eur(15));
    // 2.9 % + 0.30 each, at most 10.00: 17.70 → 10.00, 10.00, 8.70 + 0.30 = 9.00, 0.0145 + 0.30 = 0.3145; 29.3145 → 29.31.
    expect(dutyFree('Card fee')).toEqual(eur(29.31));
    // The first 2 free; then 1.50 + 0.25 and 0.0025 + 0.25: 2.0025 → 2.00.
    expect(dutyFree('Payouts')).toEqual(eur(2));
    // 1000 at 2 % = 20.00, the 500.50 above at 1.5 % = 7.5075; 27.5075 → 27.51. The second transaction straddles the tier: split.
    expect(dutyFree('Marketplace commission')).toEqual(eur(27.51));
    expect(answer.body.quoteItem[0].itemPrice.find((line: any) => line.name === 'Payouts').description).toBe('4 events, 1500.5 EUR, 2 of them free');
  });

  it('with a billing account: its currency, the tax location of its customer and the customer segment', async () => {
    const answer = await quote({ billingAccount: { id: 'ba-1' }, at, item: [{ id: '1', productOffering: { id: 'po-mobile-m' }, usage: [{ quantity: 32.5, units: 'GB' }] }] });
    expect(answer.statusCode).toBe(200);
    expectValidOrderPrices(answer);
    const lines = answer.body.quoteItem[0].itemPrice;
    // The customer is a student: 20 % off the 20.00 monthly = −4.00 (−3.33 duty free at 20 %).
    const monthly = lines.find((line: any) => line.priceType === 'recurring');
    expect(monthly.priceAlteration).toHaveLength(1);
    expect(monthly.priceAlteration[0]).toMatchObject({ name: 'Student discount', price: { dutyFreeAmount: eur(-3.33), taxIncludedAmount: eur(-4), percentage: 20 } });
    // 16.67 − 3.33 = 13.34 duty free, 20.00 − 4.00 = 16.00 tax included.
    expect(totalOf(answer, 'recurring')).toMatchObject({ dutyFreeAmount: eur(13.34), taxIncludedAmount: eur(16) });
    // 32.5 GB used, 20 included, 12.5 over: 10 × 2.00 + 2.5 × 1.00 = 22.50 (18.75 duty free).
    expect(totalOf(answer, 'usage')).toMatchObject({ dutyFreeAmount: eur(18.75), taxIncludedAmount: eur(22.5) });
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' },
      { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
    ]);
  });

  it('a customer quotes for its own billing account; another customer gets 404, as for an unknown account', async () => {
    const body = { billingAccount: { id: 'ba-1' }, at, item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] };
    const own = await quote(body, customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expect(totalOf(own, 'recurring')).toMatchObject({ taxIncludedAmount: eur(16) });

    const foreign = await quote(body, customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf622);
    expect(foreign.body.message).toBe('billingAccount ba-1 does not exist');
    const unknown = await quote({ ...body, billingAccount: { id: 'ba-404' } }, customerClaims('cust-2'));
    expect(unknown.body.message).toBe('billingAccount ba-404 does not exist');
  });

  it('a customer may not give the terms itself (403 naming them): they come from its billing account', async () => {
    const item = [{ id: '1', productOffering: { id: 'po-mobile-m' } }];
    const overriding = await quote({ billingAccount: { id: 'ba-1' }, customerSegment: 'student', taxLocation: { country: 'DE' }, item }, customerClaims('cust-1'));
    expectTmfError(overriding, 403, 'FORBIDDEN', tmf622);
    expect(overriding.body.message).toContain('taxLocation, customerSegment');

    const accountless = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, item }, customerClaims('cust-1'));
    expectTmfError(accountless, 403, 'FORBIDDEN', tmf622);
    expect(accountless.body.message).toContain('currency, taxLocation');
    const pinning = await quote({ billingAccount: { id: 'ba-1' }, item: [{ ...item[0]!, pinnedPrice: [{ id: 'pop-old' }] }] }, customerClaims('cust-1'));
    expectTmfError(pinning, 403, 'FORBIDDEN', tmf622);
    expect(pinning.body.message).toContain('pinnedPrice');
    const nothing = await quote({ item }, customerClaims('cust-1'));
    expectTmfError(nothing, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(nothing).sort()).toEqual(['currency', 'taxLocation']);
  });

  it('staff may override the tax location and segment of an account, not its currency', async () => {
    const item = [{ id: '1', productOffering: { id: 'po-mobile-m' } }];
    const germany = await quote({ billingAccount: { id: 'ba-1' }, taxLocation: { country: 'DE' }, customerSegment: 'none', at, item });
    expect(germany.statusCode).toBe(200);
    // 20.00 including 19 % VAT: 20.00 / 1.19 = 16.806… → 16.81; no student discount.
    expect(totalOf(germany, 'recurring')).toMatchObject({ dutyFreeAmount: eur(16.81), taxIncludedAmount: eur(20) });

    const pounds = await quote({ billingAccount: { id: 'ba-1' }, currency: 'GBP', item });
    expectTmfError(pounds, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(pounds)).toEqual(['currency']);
  });

  it('staff without a billing account give currency and tax location (400 naming what is missing)', async () => {
    const answer = await quote({ item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(answer).sort()).toEqual(['currency', 'taxLocation']);
  });

  it('a customer without a postal address cannot be taxed: 409', async () => {
    const answer = await quote({ billingAccount: { id: 'ba-2' }, item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] }, customerClaims('cust-2'));
    expectTmfError(answer, 409, 'NO_TAX_LOCATION', tmf622);
    expect(answer.body.message).toContain('postal address');
  });

  it('an unknown offering is a 400 naming the item field; one not on sale is 409 for staff, unknown for customers', async () => {
    const unknown = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, item: [{ id: '1', productOffering: { id: 'po-nope' } }] });
    expectTmfError(unknown, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(unknown)).toEqual(['item[0].productOffering.id']);

    const draft = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, item: [{ id: '1', productOffering: { id: 'po-draft' } }] });
    expectTmfError(draft, 409, 'OFFERING_NOT_ORDERABLE', tmf622);
    expect(draft.body.message).toContain('In design');

    const hidden = await quote({ billingAccount: { id: 'ba-1' }, item: [{ id: '1', productOffering: { id: 'po-draft' } }] }, customerClaims('cust-1'));
    expectTmfError(hidden, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(hidden)).toEqual(['item[0].productOffering.id']);
    expect(hidden.body.details[0].problem).toBe(unknown.body.details[0].problem);
    expect(hidden.body.message).toBe('no product offering po-draft');
    expect(unknown.body.message).toBe('no product offering po-nope');
  });

  it('a bundle is loaded level by level: the bundle, then its discount and components, then their prices', async () => {
    const answer = await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, at, item: [{ id: '1', productOffering: { id: 'po-home-mobile' } }] });
    expect(answer.statusCode).toBe(200);
    expectValidOrderPrices(answer);
    expect(answer.body.quoteItem[0].quoteItem.map((component: any) => [component.id, component.productOffering.name])).toEqual([
      ['1.1', 'Home Broadband'],
      ['1.2', 'Mobile M'],
    ]);
    // 30.00 + 20.00 = 50.00 a month, 10 % off = 45.00: 27.00 + 18.00.
    expect(totalOf(answer, 'recurring')).toMatchObject({ taxIncludedAmount: eur(45) });
    expect(batchGetKeys()).toEqual([
      ['PRODUCT_OFFERING#po-home-mobile'],
      ['PRODUCT_OFFERING#po-broadband', 'PRODUCT_OFFERING#po-mobile-m'],
      ['PRODUCT_OFFERING_PRICE#pop-bundle-discount'],
      ['PRODUCT_OFFERING_PRICE#pop-activation', 'PRODUCT_OFFERING_PRICE#pop-broadband', 'PRODUCT_OFFERING_PRICE#pop-m-monthly', 'PRODUCT_OFFERING_PRICE#pop-m-overage', 'PRODUCT_OFFERING_PRICE#pop-student'],
    ]);
  });

  it('asks the injected tax provider once, for the tax categories of the loaded prices, as of the cart instant', async () => {
    const requests: TaxRateRequest[] = [];
    const flatRate: TaxProvider = {
      ratesFor: async (request) => {
        requests.push(request);
        return request.categories.map((category) => ({ category, rate: decimal(10), jurisdiction: 'XX', name: 'test rate' }));
      },
    };
    const answer = await invoke(
      apiHandler(quotePricesUseCase(flatRate)),
      apiEvent({ method: 'POST', path: '/pricing/v1/quote', body: { billingAccount: { id: 'ba-1' }, at, item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] } }),
    );
    expect(answer.statusCode).toBe(200);
    expect(requests).toEqual([{ location: { country: 'FR' }, categories: ['standard', 'telecommunications'], at }]);
    // 20.00 including 10 %: 18.18 duty free.
    const monthly = answer.body.quoteItem[0].itemPrice.find((line: any) => line.priceType === 'recurring');
    expect(monthly.price).toMatchObject({ dutyFreeAmount: eur(18.18), taxRate: 10 });
  });

  it('rejects a malformed body and a missing token with TMF errors', async () => {
    const invalid = await quote({ currency: 'EUR', taxLocation: { country: 'France' }, item: [] });
    expectTmfError(invalid, 400, 'INVALID_REQUEST', tmf622);
    expect(detailFields(invalid)).toEqual(expect.arrayContaining(['taxLocation.country', 'item']));
    expectTmfError(await quote({ currency: 'EUR', taxLocation: { country: 'FR' }, item: [{ id: '1', productOffering: { id: 'po-mobile-m' } }] }, null), 401, 'UNAUTHORIZED', tmf622);
  });
});
