import { createHash } from 'node:crypto';
import type { UsageStatus } from './usage-status.js';
import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import type { ChargeTerm } from '../billing/charge-term.js';
import type { RecordCharge } from '../billing/usage-charges.js';
import { decimalToNumber } from '../money/decimal.js';
import { isKnownCurrency, moneyToTmf, type TmfMoney } from '../money/money.js';
import { taxLine } from '../pricing/line-tax.js';
import type { PriceTerms } from '../pricing/price-terms.js';
import { isKnownUnitOfMeasure, unitsOfMeasure } from '../pricing/units-of-measure.js';
import { countsUsageIn } from '../pricing/usage-rating.js';
import { callDetail, zonesDetail, type RatingDetail } from '../pricing/rating-detail.js';
import { chooseUsagePrices, type UsageZones } from '../pricing/usage-price-choice.js';
import type { ZoneTable } from '../rating/zone-table.js';
import { InvalidInputError } from '../shared/domain-errors.js';
import { ratingAttributeNames, readRatingAttributes, storedRatingAttributes, type RatingAttributes } from '../rating/rating-attributes.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * TMF635 Usage (docs/usage.md): a record of what a product consumed, from a mediation feed or
 * staff. A record names its product (`productId`, or the product's `phoneNumber`: guiding),
 * `quantity`, `unit` and `recordId` (the feed's own id) as usage characteristics. The same
 * `recordId` for the same product is one record: its id is derived from both, so a repeat is
 * stored and charged once. A record that cannot be guided or rated is stored `rejected` with
 * its reason, never dropped; staff correct it (PATCH) and it is guided again.
 *
 *   received ─► guided ─► rated ─► billed          (the first two pass within the request)
 *        └────► rejected ─(corrected)─► rated, or recycled into the record of another product
 */
export const usagePath = '/tmf-api/usageManagement/v4/usage';
const productPath = '/tmf-api/productInventory/v4/product';
const customerPath = '/tmf-api/customerManagement/v4/customer';

export { chargedUsageStatuses, isChargedUsage, usageStatuses, type UsageStatus } from './usage-status.js';

/** The characteristics a record must or may carry; any other is kept as it came. */
export const usageCharacteristicNames = { quantity: 'quantity', unit: 'unit', productId: 'productId', phoneNumber: 'phoneNumber', recordId: 'recordId' } as const;

const characteristicSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.optional(z.string().check(z.maxLength(128))),
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  valueType: z.optional(z.string().check(z.maxLength(32))),
  value: z.union([z.string().check(z.maxLength(1024)), z.number(), z.boolean()]),
  '@type': z.optional(z.string().check(z.maxLength(64))),
}));

const usageAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  usageDate: z.iso.datetime({ offset: true }),
  usageType: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  description: z.optional(z.string().check(z.maxLength(1024))),
  usageCharacteristic: z.array(characteristicSchema).check(z.minLength(1), z.maxLength(50)),
  '@type': z.optional(z.literal('Usage')),
}));

/** POST body (TMF635 Usage_Create): strict, free of transforms (API Gateway validates it as a draft-04 model); the rules are in `readUsageRecord`. */
export const usageCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject(usageAttributes()));
export type UsageCreate = z.infer<typeof usageCreateSchema>;

/** POST /usage/v1/usageBatch: a mediation feed's batch, one result per record. */
export const maxUsageBatch = 500;
export const usageBatchSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ usage: z.array(usageCreateSchema).check(z.minLength(1), z.maxLength(maxUsageBatch)) }));
export type UsageBatch = z.infer<typeof usageBatchSchema>;

/** PATCH (staff): correct a rejected record's date, type, description or characteristics; it is guided again. */
export const usagePatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  usageDate: usageAttributes().usageDate,
  usageType: usageAttributes().usageType,
  description: z.nullable(usageAttributes().description),
  usageCharacteristic: usageAttributes().usageCharacteristic,
}));
export type UsagePatch = z.infer<typeof usagePatchSchema>;

/**
 * Who writes a record (POST /usage and the batch): staff and the mediation machine role, every
 * attribute, since a record only says what a product consumed and guiding decides what it
 * costs. Customers write none: they read their own.
 */
export const usageRecordAccess: WriteAccess = { admin: 'everything', agent: 'everything', mediation: 'everything', customer: {} };

/** Correcting a rejected record (PATCH) is a person's decision: staff only, not the feed that sent it. */
export const usageCorrectionAccess: WriteAccess = staffWrites;

/** What a record says, read and checked: the quantity as decimal text, so no float touches it. */
export interface UsageRecord {
  usageDate: string;
  usageType: string;
  description?: string;
  quantity: string;
  unit: string;
  recordId: string;
  product: { productId: string } | { phoneNumber: string };
  /** What rating reads (docs/rating.md): destination, visited network or country, direction, service type. */
  attributes: RatingAttributes;
  characteristics: UsageCreate['usageCharacteristic'];
}

/**
 * Reads a record's characteristics. A malformed or impossible record is a client error (400,
 * nothing stored): no quantity, a negative one, a unit the engine does not know, no product
 * reference, no record id. What only the stored state can judge (the product, its prices, the
 * date) is guiding's, and a failure there is stored `rejected`.
 */
export function readUsageRecord(input: Pick<UsageCreate, 'usageDate' | 'usageType' | 'description' | 'usageCharacteristic'>, field = ''): UsageRecord {
  const at = (name: string) => `${field}usageCharacteristic[name=${name}]`;
  const named = (name: string) => input.usageCharacteristic.find((characteristic) => characteristic.name === name)?.value;
  const problems: { field: string; problem: string }[] = [];
  const quantity = named(usageCharacteristicNames.quantity);
  const quantityText = typeof quantity === 'number' ? String(quantity) : typeof quantity === 'string' ? quantity.trim() : undefined;
  if (quantityText === undefined || !/^\d+(\.\d+)?$/.test(quantityText) || !Number.isFinite(Number(quantityText))) {
    problems.push({ field: at('quantity'), problem: quantity === undefined ? 'required: the quantity used' : 'a number, 0 or more' });
  }
  const unit = named(usageCharacteristicNames.unit);
  // A transaction counts money: its unit is an ISO 4217 currency and its quantity the amount (docs/pricing.md, "Transactions").
  if (typeof unit !== 'string' || !(isKnownUnitOfMeasure(unit) || isKnownCurrency(unit))) {
    const known = `one of ${unitsOfMeasure.join(', ')}, or a currency for a transaction`;
    problems.push({ field: at('unit'), problem: unit === undefined ? `required: ${known}` : `unknown unit ${String(unit)}; ${known}` });
  }
  const recordId = named(usageCharacteristicNames.recordId);
  if (typeof recordId !== 'string' || recordId.trim() === '' || recordId.length > 128) problems.push({ field: at('recordId'), problem: "required: the feed's own id of the record, at most 128 characters" });
  const productId = named(usageCharacteristicNames.productId);
  const phoneNumber = named(usageCharacteristicNames.phoneNumber);
  if ((typeof productId !== 'string' || productId.trim() === '') && (typeof phoneNumber !== 'string' || phoneNumber.trim() === '')) {
    problems.push({ field: at('productId'), problem: 'name the product: productId, or the phoneNumber of the product' });
  }
  // Both become parts of storage keys: bounded here, a 400, rather than refused by DynamoDB.
  if (typeof productId === 'string' && productId.trim().length > 128) problems.push({ field: at('productId'), problem: 'at most 128 characters' });
  if (typeof phoneNumber === 'string' && phoneNumber.trim().length > 64) problems.push({ field: at('phoneNumber'), problem: 'at most 64 characters' });
  const names = input.usageCharacteristic.map((characteristic) => characteristic.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) problems.push({ field: `${field}usageCharacteristic[${index}].name`, problem: `${name} is given twice` });
  });
  let attributes: RatingAttributes = {};
  try {
    attributes = readRatingAttributes(input.usageCharacteristic, field).attributes;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) throw new InvalidInputError(`the usage record is invalid: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);
  return {
    usageDate: new Date(Date.parse(input.usageDate)).toISOString(),
    usageType: input.usageType,
    ...(input.description !== undefined ? { description: input.description } : {}),
    quantity: quantityText!.replace(/^0+(?=\d)/, ''),
    unit: unit as string,
    recordId: (recordId as string).trim(),
    product: typeof productId === 'string' && productId.trim() !== '' ? { productId: productId.trim() } : { phoneNumber: normalizePhoneNumber(phoneNumber as string) },
    attributes,
    characteristics: input.usageCharacteristic,
  };
}

/**
 * The rating attributes of a stored record, which were checked when it came in: none when it
 * carries none, so records of plans that do not rate by them cost nothing more to bill.
 */
export function ratingAttributesOf(usage: Pick<Usage, 'usageCharacteristic'>): { attributes?: RatingAttributes } {
  if (!usage.usageCharacteristic.some((characteristic) => (ratingAttributeNames as readonly string[]).includes(characteristic.name))) return {};
  return { attributes: storedRatingAttributes(usage.usageCharacteristic) };
}

/** Phone numbers compare by their digits and a leading +: `+33 6 12 34 56 78` is `+33612345678`. */
export function normalizePhoneNumber(value: string): string {
  const trimmed = value.trim();
  return `${trimmed.startsWith('+') ? '+' : ''}${trimmed.replaceAll(/\D/g, '')}`;
}

/**
 * A record's id: the same product and record id always give the same one, so a repeat finds
 * the first. A record no product was found for is keyed by the reference it gave.
 */
export function usageIdFor(product: { productId: string } | { phoneNumber: string }, recordId: string): string {
  const reference = 'productId' in product ? `product:${product.productId}` : `phone:${product.phoneNumber}`;
  // JSON keeps the two parts apart whatever characters they hold.
  return `u${createHash('sha256').update(JSON.stringify([reference, recordId])).digest('hex').slice(0, 31)}`;
}

/** A product as guiding sees it. */
export interface GuidableProduct {
  id: string;
  name: string;
  customerId: string;
  billingAccountId: string;
  terms: ChargeTerm[];
  testClockId?: string | undefined;
}

export interface RatedProductUsage {
  '@type': 'RatedProductUsage';
  productRef: { id: string; href: string; name: string; '@referredType': 'Product' };
  usageRatingTag: 'usage';
  ratingAmountType: 'total';
  isBilled: boolean;
  /** The usage price it counts against. */
  offerTariffType: string;
  ratingDate?: string;
  taxRate?: number;
  taxExcludedRatingAmount?: TmfMoney;
  taxIncludedRatingAmount?: TmfMoney;
  isTaxExempt?: boolean;
  /** Extension (docs/rating.md): why it cost what it cost: its zones, and for a call its bands, increments and fees. */
  ratingDetail?: RatingDetail;
}


export interface Usage {
  id: string;
  href: string;
  '@type': 'Usage';
  usageDate: string;
  usageType: string;
  description?: string;
  status: UsageStatus;
  /** Extension: why it was rejected. */
  statusReason?: string;
  usageCharacteristic: UsageCreate['usageCharacteristic'];
  relatedParty?: { id: string; href: string; role: 'Customer'; '@referredType': 'Customer' }[];
  ratedProductUsage?: RatedProductUsage[];
  /** Extension: the bill that charged it. */
  bill?: { id: string; href: string };
  /** Extension: the record a corrected rejection became (status `recycled`). */
  recycledAs?: { id: string; href: string };
  /** Extension: the record lives on a test clock. */
  testClock?: { id: string };
  /** Extension: when it arrived, and its last change. */
  receivedAt: string;
  lastUpdate: string;
}

export type GuidingOutcome =
  | { status: 'rated'; product: GuidableProduct; ratedProductUsage: RatedProductUsage[] }
  | { status: 'rejected'; reason: string; product?: GuidableProduct };

/**
 * Guides a record to its product and checks that it can be rated (docs/usage.md): the product
 * exists and has charge terms (a product sold before billing existed has none, so nothing could
 * price its usage), the date is not ahead of the customer's clock, the product was active at
 * the usage date (a term covers it), and a usage price of the product counts the unit.
 */
export function guideUsage(
  record: UsageRecord,
  context: {
    product: GuidableProduct | undefined;
    /** The customer's now: the system time, or its test clock's. */
    now: string | undefined;
    usagePricesOf: (term: ChargeTerm) => readonly (PriceTerms & { id: string; name: string })[];
    /** The zone tables the prices name (`rating.zoneTable`). */
    zoneTables?: ReadonlyMap<string, ZoneTable>;
  },
): GuidingOutcome {
  const { product } = context;
  const reference = 'productId' in record.product ? `product ${record.product.productId}` : `phone number ${record.product.phoneNumber}`;
  if (!product) return { status: 'rejected', reason: `no product is known by ${reference} at ${record.usageDate}` };
  if (product.terms.length === 0) {
    return { status: 'rejected', reason: `product ${product.id} was sold before billing existed: it has no charge terms, so its usage cannot be rated`, product };
  }
  const at = Date.parse(record.usageDate);
  if (context.now !== undefined && at > Date.parse(context.now)) {
    return { status: 'rejected', reason: `the usage date ${record.usageDate} is after the customer's current time ${context.now}`, product };
  }
  const term = product.terms.find((candidate) => Date.parse(candidate.from) <= at && (candidate.to === undefined || at < Date.parse(candidate.to)));
  if (!term) return { status: 'rejected', reason: `product ${product.id} was not active at ${record.usageDate}`, product };
  const counting = context.usagePricesOf(term).filter((price) => countsUsageIn(price, record.unit));
  if (counting.length === 0) {
    return { status: 'rejected', reason: `${term.productOffering.name} has no usage price counting ${record.unit}`, product };
  }
  let prices = counting;
  let zones: UsageZones | undefined;
  // Prices that choose by zone or charge calls decide here which applies, so a record none applies to is rejected now, with the reason.
  if (counting.some((price) => price.rating !== undefined)) {
    const choice = chooseUsagePrices(counting, { units: record.unit, at, attributes: record.attributes }, { zoneTables: context.zoneTables ?? new Map() });
    if ('reason' in choice) return { status: 'rejected', reason: `${term.productOffering.name}: ${choice.reason}`, product };
    prices = choice.prices;
    zones = choice.zones;
  }
  return {
    status: 'rated',
    product,
    ratedProductUsage: [...new Map(prices.map((price) => [price.name, price])).values()].map((price) => ({
      '@type': 'RatedProductUsage',
      productRef: productRefOf(product),
      usageRatingTag: 'usage',
      ratingAmountType: 'total',
      isBilled: false,
      offerTariffType: price.name,
      ...(zones ? { ratingDetail: zonesDetail(zones) } : {}),
    })),
  };
}


function productRefOf(product: Pick<GuidableProduct, 'id' | 'name'>): RatedProductUsage['productRef'] {
  return { id: product.id, href: `${productPath}/${product.id}`, name: product.name, '@referredType': 'Product' };
}

export function newUsage(record: UsageRecord, outcome: GuidingOutcome, context: { id: string; now: string }): Usage {
  return {
    id: context.id,
    href: `${usagePath}/${context.id}`,
    '@type': 'Usage',
    usageDate: record.usageDate,
    usageType: record.usageType,
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...guidedAttributes(outcome),
    usageCharacteristic: record.characteristics,
    receivedAt: context.now,
    lastUpdate: context.now,
  };
}

function guidedAttributes(outcome: GuidingOutcome): Pick<Usage, 'status' | 'statusReason' | 'relatedParty' | 'ratedProductUsage' | 'testClock'> {
  const party = outcome.product ? { relatedParty: [{ id: outcome.product.customerId, href: `${customerPath}/${outcome.product.customerId}`, role: 'Customer' as const, '@referredType': 'Customer' as const }] } : {};
  const clock = outcome.product?.testClockId ? { testClock: { id: outcome.product.testClockId } } : {};
  if (outcome.status === 'rejected') return { status: 'rejected', statusReason: outcome.reason, ...party, ...clock };
  return { status: 'rated', ...party, ratedProductUsage: outcome.ratedProductUsage, ...clock };
}

/** A corrected record, guided again. Only a rejected record can be corrected: a rated one may already be on a bill. */
export function correctUsage(current: Usage, record: UsageRecord, outcome: GuidingOutcome, now: string): Usage {
  // The description comes from the corrected record alone, so a patch's `description: null` removes it.
  const { statusReason: _reason, relatedParty: _party, ratedProductUsage: _rated, testClock: _clock, description: _description, ...rest } = current;
  return {
    ...rest,
    usageDate: record.usageDate,
    usageType: record.usageType,
    ...(record.description !== undefined ? { description: record.description } : {}),
    usageCharacteristic: record.characteristics,
    ...guidedAttributes(outcome),
    lastUpdate: now,
  };
}

/** A rejected record whose correction names another product: it lives on as a new record, and this one says where. */
export function recycledInto(current: Usage, recordId: string, now: string): Usage {
  return { ...current, status: 'recycled', recycledAs: { id: recordId, href: `${usagePath}/${recordId}` }, lastUpdate: now };
}

/** A record on an issued bill: what it added to the charge, per usage price, before discounts. */
export function billedUsage(current: Usage, charges: readonly RecordCharge[], bill: { id: string; href: string }, ratingDate: string): Usage {
  const product = current.ratedProductUsage?.[0]?.productRef;
  if (!product) throw new Error(`invariant broken: usage ${current.id} is billed but was never rated`);
  return {
    ...current,
    status: 'billed',
    bill,
    ratedProductUsage: charges.map((share) => {
      const taxed = taxLine(share.charge, share.taxRate, share.taxIncluded);
      return {
        '@type': 'RatedProductUsage',
        productRef: product,
        usageRatingTag: 'usage',
        ratingAmountType: 'total',
        isBilled: true,
        offerTariffType: share.priceName,
        ratingDate,
        taxRate: decimalToNumber(share.taxRate),
        taxExcludedRatingAmount: moneyToTmf(taxed.dutyFree),
        taxIncludedRatingAmount: moneyToTmf(taxed.taxIncluded),
        isTaxExempt: share.taxRate.coefficient === 0n,
        ...(share.call ? { ratingDetail: callDetail(share.call) } : share.zones ? { ratingDetail: zonesDetail(share.zones) } : {}),
      };
    }),
    lastUpdate: ratingDate,
  };
}
