import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, newCustomerBody, tokenFor, type ApiAnswer } from '../support/local-api.js';
import { expectValidTmf, tmf620, tmf622 } from '../support/tmf-schema.js';

/**
 * The product catalog and pricing over HTTP against the local runtime, which the global setup
 * starts as `npm start` does: with the demo catalog seeded (infra/seed/demo-catalog.ts).
 * Amounts are checked to the cent against hand calculations; every consumer price includes
 * French VAT at 20 % for these quotes, so duty free = price / 1.2, rounded half-even per line.
 */
const catalogApi = '/tmf-api/productCatalogManagement/v4';
const quotePath = '/pricing/v1/quote';
const definitions = {
  catalog: 'Catalog',
  category: 'Category',
  productSpecification: 'ProductSpecification',
  productOffering: 'ProductOffering',
  productOfferingPrice: 'ProductOfferingPrice',
} as const;
type Kind = keyof typeof definitions;

/** A date inside the promotion's sale window (November 2026 to February 2027). */
const inPromotionWindow = '2026-12-01T00:00:00Z';
const afterPromotionWindow = '2027-03-15T00:00:00Z';
const france = { currency: 'EUR', taxLocation: { country: 'FR' } };
const eur = (value: number) => ({ unit: 'EUR', value });

interface Named {
  id: string;
  name: string;
  lifecycleStatus: string;
}

let admin: string;
const offerings = new Map<string, Named & Record<string, any>>();
const prices = new Map<string, Named & Record<string, any>>();

async function list(kind: Kind, token: string, query = ''): Promise<ApiAnswer<any[]>> {
  const answer = await call<any[]>(`${catalogApi}/${kind}?limit=1000${query}`, { token });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('x-total-count')).toBe(String(answer.body.length));
  expect(answer.headers.get('x-result-count')).toBe(String(answer.body.length));
  return answer;
}

/** X-Total-Count of the resources with this name; counted by name because other test files write to the same runtime meanwhile. */
async function totalCount(kind: Kind, name: string): Promise<number> {
  return Number((await call(`${catalogApi}/${kind}?limit=1&fields=id&name=${encodeURIComponent(name)}`, { token: admin })).headers.get('x-total-count'));
}

const offeringId = (name: string) => {
  const found = offerings.get(name);
  if (!found) throw new Error(`the demo catalog has no offering ${name}`);
  return found.id;
};
const priceId = (name: string) => {
  const found = prices.get(name);
  if (!found) throw new Error(`the demo catalog has no price ${name}`);
  return found.id;
};

async function quote(body: Record<string, unknown>, token = admin): Promise<ApiAnswer> {
  const answer = await call(quotePath, { method: 'POST', token, body });
  if (answer.status === 200) expectValidQuote(answer.body);
  return answer;
}

/** Every OrderPrice of a quote (lines, item totals, nested components, quote totals) is a TMF622 OrderPrice. */
function expectValidQuote(body: any): void {
  const visit = (item: any) => {
    for (const line of [...item.itemPrice, ...item.itemTotalPrice]) expectValidTmf(tmf622, 'OrderPrice', line);
    for (const component of item.quoteItem ?? []) visit(component);
  };
  for (const item of body.quoteItem) visit(item);
  for (const total of body.quoteTotalPrice) expectValidTmf(tmf622, 'OrderPrice', total);
}

const total = (answer: ApiAnswer, priceType: string, period?: string) =>
  answer.body.quoteTotalPrice.find((line: any) => line.priceType === priceType && (period === undefined || line.recurringChargePeriod === period))?.price;

function expectTmfError(answer: ApiAnswer, status: number, code?: string): void {
  expect(answer.status).toBe(status);
  expectValidTmf(tmf620, 'Error', answer.body);
  expect(answer.body.status).toBe(String(status));
  if (code) expect(answer.body.code).toBe(code);
}

const fields = (answer: ApiAnswer): string[] => (answer.body.details ?? []).map((detail: { field: string }) => detail.field);

beforeAll(async () => {
  admin = await tokenFor('admin');
  for (const offering of (await list('productOffering', admin)).body) if (!offerings.has(offering.name)) offerings.set(offering.name, offering);
  for (const price of (await list('productOfferingPrice', admin)).body) if (!prices.has(price.name)) prices.set(price.name, price);
});

describe('catalog and pricing journey over HTTP against the local runtime', () => {
  it('starts with the demo catalog: every list counts its resources, every resource is a valid TMF620 one', async () => {
    for (const [kind, definition] of Object.entries(definitions) as [Kind, string][]) {
      const listed = await list(kind, admin);
      expect(listed.body.length, kind).toBeGreaterThan(0);
      for (const resource of listed.body) expectValidTmf(tmf620, definition, resource);
    }
    const consumer = await list('catalog', admin, '&name=Consumer');
    expect(consumer.body).toHaveLength(1);
    expect(consumer.body[0]).toMatchObject({ lifecycleStatus: 'Launched', catalogType: 'ProductCatalog' });
    expect(consumer.body[0].category.map((category: { name: string }) => category.name)).toEqual(['Mobile', 'Broadband', 'Devices', 'Bundles']);

    const demoOfferings = ['Mobile S', 'Mobile M', 'Mobile L', 'SIM card', 'Home Broadband', 'Home Broadband Yearly', 'Nova X', 'Home + Mobile'];
    for (const name of demoOfferings) expect(offerings.get(name), name).toMatchObject({ lifecycleStatus: 'Launched' });
    const bundle = offerings.get('Home + Mobile')!;
    expect(bundle.isBundle).toBe(true);
    expect(bundle.bundledProductOffering.map((component: { id: string }) => component.id)).toEqual([offeringId('Home Broadband'), offeringId('Mobile M')]);

    const bundles = await list('productOffering', admin, `&isBundle=true&name=${encodeURIComponent('Home + Mobile')}`);
    expect(bundles.body.map((offering) => offering.id)).toEqual([bundle.id]);
    const mobileCategory = (await list('category', admin, '&name=Mobile')).body[0];
    const inMobile = await list('productOffering', admin, `&category.id=${mobileCategory.id}`);
    expect(inMobile.body.map((offering) => offering.name).sort()).toEqual(['Mobile L', 'Mobile M', 'Mobile S', 'SIM card']);

    const single = await call(`${catalogApi}/productOfferingPrice/${priceId('Mobile M data overage')}`, { token: admin });
    expect(single.status).toBe(200);
    expectValidTmf(tmf620, 'ProductOfferingPrice', single.body);
    expect(single.body).toMatchObject({ priceType: 'usage', chargeModel: 'graduated', includedQuantity: 20, unitOfMeasure: { amount: 1, units: 'GB' } });
  });

  it('shows a customer only what is on sale', async () => {
    const draft = await call(`${catalogApi}/productOffering`, {
      method: 'POST',
      token: admin,
      body: {
        name: `Mobile XS draft ${Date.now()}`,
        productSpecification: { id: offerings.get('Mobile S')!.productSpecification.id },
        productOfferingPrice: [{ id: priceId('Mobile S monthly') }],
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.lifecycleStatus).toBe('In design');

    const customer = await tokenFor('customer', 'catalog-browsing-customer');
    const seen = await list('productOffering', customer);
    expect(seen.body.length).toBeGreaterThanOrEqual(8);
    expect(seen.body.every((offering) => ['Active', 'Launched'].includes(offering.lifecycleStatus))).toBe(true);
    expect(seen.body.map((offering) => offering.id)).not.toContain(draft.body.id);
    for (const offering of seen.body) expectValidTmf(tmf620, 'ProductOffering', offering);
    const staffSees = await list('productOffering', admin);
    expect(staffSees.body.map((offering) => offering.id)).toContain(draft.body.id);

    expect((await list('productOffering', customer, '&lifecycleStatus=In%20design')).body).toEqual([]);
    expectTmfError(await call(`${catalogApi}/productOffering/${draft.body.id}`, { token: customer }), 404, 'NOT_FOUND');
    expectTmfError(await call(`${catalogApi}/productOffering`, { method: 'POST', token: customer, body: { name: 'Mine' } }), 403, 'FORBIDDEN');
  });

  it('quotes the Home + Mobile bundle: the Mobile M promotion first, then 10 % off both monthly lines', async () => {
    const first = await quote({ ...france, at: inPromotionWindow, item: [{ id: '1', productOffering: { id: offeringId('Home + Mobile') } }] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ '@type': 'PriceQuote', currency: 'EUR', quoteDate: inPromotionWindow });
    const [broadband, mobile] = first.body.quoteItem[0].quoteItem;
    expect([broadband.id, broadband.productOffering.name, mobile.id, mobile.productOffering.name]).toEqual(['1.1', 'Home Broadband', '1.2', 'Mobile M']);

    // Broadband: 30.00 a month (25.00 + 5.00 VAT); the bundle takes 10 % of it: −3.00 (−2.50).
    const broadbandMonthly = broadband.itemPrice.find((line: any) => line.priceType === 'recurring');
    expect(broadbandMonthly.price).toMatchObject({ taxIncludedAmount: eur(30), dutyFreeAmount: eur(25), taxRate: 20 });
    expect(broadbandMonthly.priceAlteration.map((alteration: any) => [alteration.name, alteration.price.taxIncludedAmount.value])).toEqual([['Home + Mobile discount', -3]]);
    // Mobile M: 20.00 (16.67); promotion 50 % = −10.00 (−8.33); the bundle's 10 % of the 10.00 left = −1.00 (−0.83).
    const mobileMonthly = mobile.itemPrice.find((line: any) => line.priceType === 'recurring');
    expect(mobileMonthly.price).toMatchObject({ taxIncludedAmount: eur(20), dutyFreeAmount: eur(16.67) });
    expect(mobileMonthly.priceAlteration.map((alteration: any) => [alteration.name, alteration.price.taxIncludedAmount.value, alteration.price.dutyFreeAmount.value])).toEqual([
      ['Mobile M launch promotion', -10, -8.33],
      ['Home + Mobile discount', -1, -0.83],
    ]);
    expect(mobileMonthly.priceAlteration[0]).toMatchObject({ applicationDuration: 3, priority: 1 });
    // Month 1: 30.00 + 20.00 − 10.00 − 3.00 − 1.00 = 36.00; duty free 25.00 + 16.67 − 8.33 − 2.50 − 0.83 = 30.01.
    expect(total(first, 'recurring', 'month')).toMatchObject({ taxIncludedAmount: eur(36), dutyFreeAmount: eur(30.01) });
    // Once: the Mobile M activation fee, 15.00 = 12.50 + 2.50.
    expect(total(first, 'oneTime')).toMatchObject({ taxIncludedAmount: eur(15), dutyFreeAmount: eur(12.5) });

    // Month 4, the promotion over: 50.00 − 10 % = 45.00; duty free 25.00 + 16.67 − 2.50 − 1.67 = 37.50.
    const fourth = await quote({ ...france, at: inPromotionWindow, item: [{ id: '1', productOffering: { id: offeringId('Home + Mobile') }, billingPeriod: 4 }] });
    expect(total(fourth, 'recurring', 'month')).toMatchObject({ taxIncludedAmount: eur(45), dutyFreeAmount: eur(37.5) });

    // Two Mobile M lines (up to 4 allowed): month 4 = (30.00 + 2 × 20.00) × 90 % = 63.00; a fifth is refused.
    const twoLines = await quote({
      ...france,
      at: inPromotionWindow,
      item: [{ id: '1', productOffering: { id: offeringId('Home + Mobile') }, billingPeriod: 4, bundledItem: [{ productOffering: { id: offeringId('Mobile M') }, quantity: 2 }] }],
    });
    expect(total(twoLines, 'recurring', 'month')).toMatchObject({ taxIncludedAmount: eur(63) });
    const tooMany = await quote({
      ...france,
      item: [{ id: '1', productOffering: { id: offeringId('Home + Mobile') }, bundledItem: [{ productOffering: { id: offeringId('Mobile M') }, quantity: 5 }] }],
    });
    expectTmfError(tooMany, 400, 'INVALID_REQUEST');
    expect(fields(tooMany)).toEqual(['item[0].bundledItem[0].quantity']);
  });

  it('rates an estimated data overage on Mobile M in graduated tiers above the 20 GB included', async () => {
    const answer = await quote({
      ...france,
      at: inPromotionWindow,
      item: [{ id: '1', productOffering: { id: offeringId('Mobile M') }, billingPeriod: 4, usage: [{ quantity: 32.5, units: 'GB' }] }],
    });
    expect(answer.status).toBe(200);
    // 32.5 GB: 20 included, 12.5 over: first tier 10 × 2.00 = 20.00, second 2.5 × 1.00 = 2.50: 22.50 (18.75 + 3.75).
    const usage = answer.body.quoteItem[0].itemPrice.find((line: any) => line.priceType === 'usage');
    expect(usage).toMatchObject({ name: 'Mobile M data overage', unitOfMeasure: 'GB', price: { taxIncludedAmount: eur(22.5), dutyFreeAmount: eur(18.75) } });
    expect(usage.description).toContain('32.5 GB used');
    expect(total(answer, 'usage')).toMatchObject({ taxIncludedAmount: eur(22.5), dutyFreeAmount: eur(18.75) });
    // Reported in MB, the same usage: 32 500 MB = 32.5 GB.
    const inMegabytes = await quote({
      ...france,
      at: inPromotionWindow,
      item: [{ id: '1', productOffering: { id: offeringId('Mobile M') }, billingPeriod: 4, usage: [{ quantity: 32500, units: 'MB' }] }],
    });
    expect(total(inMegabytes, 'usage')).toMatchObject({ taxIncludedAmount: eur(22.5) });
  });

  it('a customer quotes for its own account: the promotion halves its first three months, and stays with a line sold in its window', async () => {
    const created = await call('/tmf-api/customerManagement/v4/customer', {
      method: 'POST',
      token: admin,
      body: newCustomerBody({
        contactMedium: [
          { mediumType: 'email', preferred: true, characteristic: { emailAddress: `claude.${Date.now()}@example.fr` } },
          { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const account = await eventually(async () => {
      const answer = await call(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${created.body.id}`, { token: admin });
      return answer.body[0] as { id: string; currency: string } | undefined;
    });
    expect(account.currency).toBe('EUR');
    const customer = await tokenFor('customer', created.body.id);
    const mobileM = { id: '1', productOffering: { id: offeringId('Mobile M') } };

    // In the sale window, month 1: 20.00 − 50 % = 10.00; duty free 16.67 − 8.33 = 8.34 (tax 3.33 − 1.67 = 1.66).
    const sold = await quote({ billingAccount: { id: account.id }, at: inPromotionWindow, item: [mobileM] }, customer);
    expect(sold.status).toBe(200);
    expect(total(sold, 'recurring', 'month')).toMatchObject({ taxIncludedAmount: eur(10), dutyFreeAmount: eur(8.34) });
    const soldPrices = sold.body.quoteItem[0].itemPrice.flatMap((line: any) => [line.productOfferingPrice.id, ...(line.priceAlteration ?? []).map((alteration: any) => alteration.productOfferingPrice.id)]);
    expect(soldPrices).toEqual(expect.arrayContaining([priceId('Mobile M monthly'), priceId('Mobile M launch promotion')]));
    // Month 3 still 10.00, month 4 the full 20.00.
    expect(total(await quote({ billingAccount: { id: account.id }, at: inPromotionWindow, item: [{ ...mobileM, billingPeriod: 3 }] }, customer), 'recurring')).toMatchObject({ taxIncludedAmount: eur(10) });
    expect(total(await quote({ billingAccount: { id: account.id }, at: inPromotionWindow, item: [{ ...mobileM, billingPeriod: 4 }] }, customer), 'recurring')).toMatchObject({ taxIncludedAmount: eur(20) });
    // After the window a new sale pays 20.00; the line sold in it, priced with its prices pinned, still pays 10.00 in month 2.
    expect(total(await quote({ billingAccount: { id: account.id }, at: afterPromotionWindow, item: [mobileM] }, customer), 'recurring')).toMatchObject({ taxIncludedAmount: eur(20) });
    // Pinning reaches retired prices, so only staff may pin (a customer gets 403).
    const pinnedLine = { ...mobileM, billingPeriod: 2, pinnedPrice: soldPrices.map((id: string) => ({ id })) };
    const pinnedByCustomer = await quote({ billingAccount: { id: account.id }, at: afterPromotionWindow, item: [pinnedLine] }, customer);
    expect(pinnedByCustomer.status).toBe(403);
    const pinned = await quote({ billingAccount: { id: account.id }, at: afterPromotionWindow, item: [pinnedLine] });
    expect(total(pinned, 'recurring')).toMatchObject({ taxIncludedAmount: eur(10) });

    // The customer cannot choose its own terms, nor quote someone else's account.
    const overriding = await quote({ billingAccount: { id: account.id }, customerSegment: 'student', item: [mobileM] }, customer);
    expectTmfError(overriding, 403, 'FORBIDDEN');
    expect(overriding.body.message).toContain('customerSegment');
    const stranger = await tokenFor('customer', 'someone-else');
    expectTmfError(await quote({ billingAccount: { id: account.id }, item: [mobileM] }, stranger), 404, 'NOT_FOUND');
    // Nor give itself the student segment on its own record: the segment is staff's (docs/security.md).
    const customerPath = `/tmf-api/customerManagement/v4/customer/${created.body.id}`;
    const selfStudent = await call(customerPath, { method: 'PATCH', token: customer, body: { characteristic: [{ name: 'segment', value: 'student' }] } });
    expectTmfError(selfStudent, 403, 'FORBIDDEN');
    expect(selfStudent.body.details).toEqual([{ field: 'characteristic[name=segment]', problem: 'not writable by the customer role' }]);
    const mobileL = { id: '1', productOffering: { id: offeringId('Mobile L') } };
    expect(total(await quote({ billingAccount: { id: account.id }, at: inPromotionWindow, item: [mobileL] }, customer), 'recurring')).toMatchObject({ taxIncludedAmount: eur(30) });

    // Staff quote the student segment: 20 % off Mobile L's 30.00 = 24.00.
    const studentL = await quote({ ...france, customerSegment: 'student', at: inPromotionWindow, item: [{ id: '1', productOffering: { id: offeringId('Mobile L') } }] });
    expect(total(studentL, 'recurring')).toMatchObject({ taxIncludedAmount: eur(24), dutyFreeAmount: eur(20) });
  });

  it('changes a price from a future date: quotes before it keep the old amount, existing lines keep it pinned', async () => {
    const day = 24 * 3600 * 1000;
    const changeDate = new Date(Math.ceil((Date.now() + 30 * day) / day) * day).toISOString();
    const afterChange = new Date(Date.parse(changeDate) + day).toISOString();
    const oldPriceId = priceId('Mobile L monthly');
    // A launched copy of Mobile L sharing its 30.00 price, so that no other journey (the billing one bills in 2027) sees the new version.
    const copy = await call(`${catalogApi}/productOffering`, {
      method: 'POST',
      token: admin,
      body: {
        name: `Mobile L price change ${Date.now()}`,
        lifecycleStatus: 'Launched',
        productSpecification: { id: offerings.get('Mobile L')!.productSpecification.id },
        productOfferingPrice: [{ id: oldPriceId, name: 'Mobile L monthly' }],
      },
    });
    expect(copy.status).toBe(201);
    const mobileL = copy.body as Named;

    const newVersion = await call(`${catalogApi}/productOfferingPrice`, {
      method: 'POST',
      token: admin,
      body: {
        name: 'Mobile L monthly',
        priceType: 'recurring',
        price: eur(35),
        recurringChargePeriodType: 'month',
        recurringChargePeriodLength: 1,
        tax: [{ taxCategory: 'telecommunications' }],
        taxIncluded: true,
        lifecycleStatus: 'Launched',
        validFor: { startDateTime: changeDate },
      },
    });
    expect(newVersion.status).toBe(201);
    expectValidTmf(tmf620, 'ProductOfferingPrice', newVersion.body);
    const current = await call(`${catalogApi}/productOffering/${mobileL.id}`, { token: admin });
    const added = await call(`${catalogApi}/productOffering/${mobileL.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { productOfferingPrice: [...current.body.productOfferingPrice, { id: newVersion.body.id, name: 'Mobile L monthly' }] },
    });
    expect(added.status).toBe(200);
    expectValidTmf(tmf620, 'ProductOffering', added.body);

    const item = { id: '1', productOffering: { id: mobileL.id } };
    // Today: the 30.00 version still applies.
    const today = await quote({ ...france, item: [item] });
    expect(total(today, 'recurring')).toMatchObject({ taxIncludedAmount: eur(30), dutyFreeAmount: eur(25) });
    // From the change date: 35.00 (29.17 duty free: 35 / 1.2 = 29.1666…).
    const later = await quote({ ...france, at: afterChange, item: [item] });
    expect(total(later, 'recurring')).toMatchObject({ taxIncludedAmount: eur(35), dutyFreeAmount: eur(29.17) });
    expect(later.body.quoteItem[0].itemPrice.find((line: any) => line.priceType === 'recurring').productOfferingPrice.id).toBe(newVersion.body.id);
    // A line sold at 30.00 keeps it after the change: its price pinned.
    const grandfathered = await quote({ ...france, at: afterChange, item: [{ ...item, pinnedPrice: [{ id: oldPriceId }] }] });
    expect(total(grandfathered, 'recurring')).toMatchObject({ taxIncludedAmount: eur(30) });
    // The old version itself is untouched.
    const old = await call(`${catalogApi}/productOfferingPrice/${oldPriceId}`, { token: admin });
    expect(old.body).toMatchObject({ price: eur(30), lifecycleStatus: 'Launched' });
  });

  it('refuses bad catalog input with a TMF error naming the problem, and stores nothing', async () => {
    const monthly = { name: `Bad price ${Date.now()}`, priceType: 'recurring', recurringChargePeriodType: 'month', lifecycleStatus: 'Launched' };
    expect(await totalCount('productOfferingPrice', monthly.name)).toBe(0);

    const negative = await call(`${catalogApi}/productOfferingPrice`, { method: 'POST', token: admin, body: { ...monthly, price: eur(-5) } });
    expectTmfError(negative, 400, 'INVALID_REQUEST');
    expect(fields(negative)).toEqual(['price.value']);

    const yen = await call(`${catalogApi}/productOfferingPrice`, { method: 'POST', token: admin, body: { ...monthly, price: { unit: 'JPY', value: 1000 } } });
    expectTmfError(yen, 400, 'INVALID_REQUEST');
    expect(fields(yen)).toEqual(['price.unit']);
    expect(yen.body.message).toContain('JPY');

    const overlapping = await call(`${catalogApi}/productOfferingPrice`, {
      method: 'POST',
      token: admin,
      body: {
        name: monthly.name,
        priceType: 'usage',
        unitOfMeasure: { amount: 1, units: 'GB' },
        chargeModel: 'graduated',
        priceTier: [
          { fromQuantity: 0, toQuantity: 10, price: eur(2) },
          { fromQuantity: 5, price: eur(1) },
        ],
      },
    });
    expectTmfError(overlapping, 400, 'INVALID_REQUEST');
    expect(fields(overlapping)).toEqual(['priceTier[1].fromQuantity']);
    expect(overlapping.body.details[0].problem).toContain('overlap');
    expect(await totalCount('productOfferingPrice', monthly.name)).toBe(0);

    const noSpecName = `No spec ${Date.now()}`;
    const noSpec = await call(`${catalogApi}/productOffering`, {
      method: 'POST',
      token: admin,
      body: { name: noSpecName, productSpecification: { id: 'no-such-specification' }, productOfferingPrice: [{ id: priceId('Mobile S monthly') }] },
    });
    expectTmfError(noSpec, 400, 'INVALID_REQUEST');
    expect(fields(noSpec)).toEqual(['productSpecification.id']);
    expect(await totalCount('productOffering', noSpecName)).toBe(0);

    // A bundle cannot come to contain itself: A holds broadband, B holds A, A may not then hold B.
    const component = (id: string) => ({ id, bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1 } });
    const bundleA = await call(`${catalogApi}/productOffering`, { method: 'POST', token: admin, body: { name: `Bundle A ${Date.now()}`, bundledProductOffering: [component(offeringId('Home Broadband'))] } });
    expect(bundleA.status).toBe(201);
    const bundleB = await call(`${catalogApi}/productOffering`, { method: 'POST', token: admin, body: { name: `Bundle B ${Date.now()}`, bundledProductOffering: [component(bundleA.body.id)] } });
    expect(bundleB.status).toBe(201);
    const cycle = await call(`${catalogApi}/productOffering/${bundleA.body.id}`, {
      method: 'PATCH',
      token: admin,
      body: { bundledProductOffering: [component(offeringId('Home Broadband')), component(bundleB.body.id)] },
    });
    expectTmfError(cycle, 400, 'INVALID_REQUEST');
    expect(fields(cycle)).toEqual(['bundledProductOffering[1].id']);
    expect(cycle.body.details[0].problem).toContain(`${bundleA.body.id} → ${bundleB.body.id} → ${bundleA.body.id}`);
    const unchangedA = await call(`${catalogApi}/productOffering/${bundleA.body.id}`, { token: admin });
    expect(unchangedA.body.bundledProductOffering).toHaveLength(1);
    expect(unchangedA.headers.get('etag')).toBe('W/"1"');

    // A launched offering does not go back to design, and a launched price's amount is frozen.
    const mobileS = offeringId('Mobile S');
    const backwards = await call(`${catalogApi}/productOffering/${mobileS}`, { method: 'PATCH', token: admin, body: { lifecycleStatus: 'In design' } });
    expectTmfError(backwards, 409, 'CATALOG_LIFECYCLE');
    expect(backwards.body.message).toContain('Launched to In design');
    expect((await call(`${catalogApi}/productOffering/${mobileS}`, { token: admin })).body.lifecycleStatus).toBe('Launched');
    const repriced = await call(`${catalogApi}/productOfferingPrice/${priceId('Mobile S monthly')}`, { method: 'PATCH', token: admin, body: { price: eur(12) } });
    expectTmfError(repriced, 409, 'PRICE_FROZEN');
    expect((await call(`${catalogApi}/productOfferingPrice/${priceId('Mobile S monthly')}`, { token: admin })).body.price).toEqual(eur(10));
  });

  it('refuses carts it cannot price: an unknown offering (400) and one not on sale (409)', async () => {
    const unknown = await quote({ ...france, item: [{ id: '1', productOffering: { id: 'no-such-offering' } }] });
    expectTmfError(unknown, 400, 'INVALID_REQUEST');
    expect(fields(unknown)).toEqual(['item[0].productOffering.id']);

    const draft = await call(`${catalogApi}/productOffering`, {
      method: 'POST',
      token: admin,
      body: { name: `Unlaunched ${Date.now()}`, productSpecification: offerings.get('Mobile S')!.productSpecification, productOfferingPrice: [{ id: priceId('Mobile S monthly') }] },
    });
    const notOnSale = await quote({ ...france, item: [{ id: '1', productOffering: { id: draft.body.id } }] });
    expectTmfError(notOnSale, 409, 'OFFERING_NOT_ORDERABLE');
    expect(notOnSale.body.message).toContain('In design');
  });

  it('DELETE removes drafts nothing refers to, retires what is on sale, and refuses (409) what something on sale still uses', async () => {
    const stamp = Date.now();
    const post = async (kind: Kind, body: Record<string, unknown>) => {
      const answer = await call(`${catalogApi}/${kind}`, { method: 'POST', token: admin, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body as Named;
    };
    const remove = (kind: Kind, id: string, token = admin) => call(`${catalogApi}/${kind}/${id}`, { method: 'DELETE', token });
    const get = (kind: Kind, id: string) => call(`${catalogApi}/${kind}/${id}`, { token: admin });
    const monthly = (name: string, lifecycleStatus: string) => ({
      name,
      priceType: 'recurring',
      price: eur(12),
      recurringChargePeriodType: 'month',
      recurringChargePeriodLength: 1,
      tax: [{ taxCategory: 'telecommunications' }],
      taxIncluded: true,
      lifecycleStatus,
    });

    // Drafts: the price and the specification are held by the draft offering until it goes.
    const draftSpecification = await post('productSpecification', { name: `Draft spec ${stamp}` });
    const draftPrice = await post('productOfferingPrice', monthly(`Draft price ${stamp}`, 'In design'));
    const draftOffering = await post('productOffering', {
      name: `Draft offering ${stamp}`,
      productSpecification: { id: draftSpecification.id },
      productOfferingPrice: [{ id: draftPrice.id }],
    });
    const heldPrice = await remove('productOfferingPrice', draftPrice.id);
    expectTmfError(heldPrice, 409, 'CATALOG_RESOURCE_REFERENCED');
    expect(heldPrice.body.message).toContain(`productOffering ${draftOffering.id} (In design, productOfferingPrice)`);
    expectTmfError(await remove('productSpecification', draftSpecification.id), 409, 'CATALOG_RESOURCE_REFERENCED');
    expectTmfError(await remove('productOffering', draftOffering.id, await tokenFor('agent')), 403, 'FORBIDDEN');

    const removed = await remove('productOffering', draftOffering.id);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    expectTmfError(await get('productOffering', draftOffering.id), 404, 'NOT_FOUND');
    expectTmfError(await remove('productOffering', draftOffering.id), 404, 'NOT_FOUND');
    expect((await remove('productOfferingPrice', draftPrice.id)).status).toBe(204);
    expectTmfError(await get('productOfferingPrice', draftPrice.id), 404, 'NOT_FOUND');
    expect((await remove('productSpecification', draftSpecification.id)).status).toBe(204);
    expectTmfError(await get('productSpecification', draftSpecification.id), 404, 'NOT_FOUND');

    // On sale: a launched price a launched offering lists stays (products may have been sold at it).
    const specification = await post('productSpecification', { name: `Launched spec ${stamp}`, lifecycleStatus: 'Launched' });
    const price = await post('productOfferingPrice', monthly(`Launched price ${stamp}`, 'Launched'));
    const offering = await post('productOffering', {
      name: `Launched offering ${stamp}`,
      lifecycleStatus: 'Launched',
      productSpecification: { id: specification.id },
      productOfferingPrice: [{ id: price.id }],
    });
    const inUse = await remove('productOfferingPrice', price.id);
    expectTmfError(inUse, 409, 'CATALOG_RESOURCE_REFERENCED');
    expect(inUse.body.message).toContain(`productOffering ${offering.id} (Launched, productOfferingPrice)`);
    expectTmfError(await remove('productSpecification', specification.id), 409, 'CATALOG_RESOURCE_REFERENCED');
    expect((await get('productOfferingPrice', price.id)).body.lifecycleStatus).toBe('Launched');

    // Retiring the offering frees them: each DELETE then retires, and the resource stays readable.
    expect((await remove('productOffering', offering.id)).status).toBe(204);
    expect((await get('productOffering', offering.id)).body).toMatchObject({ id: offering.id, lifecycleStatus: 'Retired' });
    expect((await remove('productOfferingPrice', price.id)).status).toBe(204);
    const retiredPrice = await get('productOfferingPrice', price.id);
    expect(retiredPrice.body).toMatchObject({ lifecycleStatus: 'Retired', price: eur(12) });
    expectValidTmf(tmf620, 'ProductOfferingPrice', retiredPrice.body);
    expect((await remove('productOfferingPrice', price.id)).status).toBe(204);
    expect((await remove('productSpecification', specification.id)).status).toBe(204);
    expect((await get('productSpecification', specification.id)).body.lifecycleStatus).toBe('Retired');

    // The demo catalog's prices that products are billed at are never lost.
    const demoPrice = await remove('productOfferingPrice', priceId('Mobile M monthly'));
    expectTmfError(demoPrice, 409, 'CATALOG_RESOURCE_REFERENCED');
    expect((await get('productOfferingPrice', priceId('Mobile M monthly'))).body.lifecycleStatus).toBe('Launched');
  });
});
