import { randomUUID } from 'node:crypto';
import type { ChargeTerm } from '../domain/billing/charge-term.js';
import { termUsagePrices } from '../domain/billing/term-pricing.js';
import { openBillingAccount } from '../domain/customers/billing-account.js';
import { registerCustomer } from '../domain/customers/customer.js';
import type { CatalogSnapshot } from '../domain/pricing/catalog-snapshot.js';
import { newProduct, productPriceFromOrderPrice, transitionProduct } from '../domain/product-inventory/product.js';
import { guideUsage, readUsageRecord, usageIdFor, type GuidableProduct, type UsageCreate } from '../domain/usage/usage.js';
import { defaultBillingAccountPuts } from '../functions/lib/store/billing-account-store.js';
import { scheduleArming } from '../functions/lib/store/billing-schedule-store.js';
import { customerRegistrationPuts } from '../functions/lib/store/customer-store.js';
import { phoneNumberKey } from '../functions/lib/store/phone-number-store.js';
import { productPut } from '../functions/lib/store/product-store.js';
import { usageItem } from '../functions/lib/store/usage-store.js';
import { usageToStore } from '../functions/usage/usage-guiding.js';
import type { BenchAccount, BenchProduct } from './billing-accounts.js';

/**
 * Table items of a seeded population, made by the stores' own item builders and the domain's
 * constructors (so they are the items the API and order-to-cash would have written, index keys
 * included), for BatchWriteItem: a seeded benchmark starts in seconds instead of going through
 * the API and the order saga for every customer.
 */
export interface ItemContext {
  table: string;
  catalog: CatalogSnapshot;
  timeZone: string;
}

/** A ported-in or new customer in France (the tax location billing needs), a student's segment when it has one. */
export function customerItem(context: Pick<ItemContext, 'table'>, account: Pick<BenchAccount, 'customerId' | 'openedAt' | 'segment'>): Record<string, unknown> {
  const email = `bench.${account.customerId}@example.com`;
  const customer = registerCustomer(
    {
      name: `Bench Customer ${account.customerId.slice(0, 8)}`,
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', postCode: '75001', country: 'FR' } },
      ],
      paymentMethod: [{ id: 'pm_card_visa' }],
      ...(account.segment ? { characteristic: [{ name: 'segment', value: account.segment }] } : {}),
    },
    { customerId: account.customerId, partyId: randomUUID() },
    account.openedAt,
  );
  return customerRegistrationPuts(context.table, customer, email)[0]!.Put.Item as unknown as Record<string, unknown>;
}

/**
 * The customer's default billing account (EUR, cycle day 1 in the context's zone), with its marker
 * item; a visa card on file unless `options` names another test token (or `null`: no card, so its
 * bills are not collected), live unless on a test clock.
 */
export function billingAccountItems(
  context: Pick<ItemContext, 'table' | 'timeZone'>,
  account: Pick<BenchAccount, 'id' | 'customerId' | 'openedAt'>,
  options: { paymentMethodId?: string | null; testClockId?: string } = {},
): Record<string, unknown>[] {
  const opened = openBillingAccount(
    {
      name: `Bench Customer ${account.customerId.slice(0, 8)} - default`,
      accountType: 'customer',
      relatedParty: [{ id: account.customerId, name: `Bench Customer ${account.customerId.slice(0, 8)}`, role: 'owner', '@referredType': 'Customer' }],
      ...(options.paymentMethodId === null ? {} : { defaultPaymentMethod: { id: options.paymentMethodId ?? 'pm_card_visa' } }),
      billingCycleDay: 1,
      currency: 'EUR',
      timeZone: context.timeZone,
    },
    { id: account.id, now: account.openedAt, defaults: { currency: 'EUR', timeZone: context.timeZone }, isDefault: true, ownerName: `Bench Customer ${account.customerId.slice(0, 8)}`, testClockId: options.testClockId },
  );
  return defaultBillingAccountPuts(context.table, opened).map((put) => put.Put.Item as unknown as Record<string, unknown>);
}

/**
 * The account's billing schedule, due at `nextBillAt`, as the activation's arming leaves it (and,
 * for an account billed before, as its last bill moved it on). `dueIndex: false` leaves it out of
 * the due index, so no billing run finds it (the raw floor's accounts).
 */
export function scheduleItem(context: ItemContext, account: Pick<BenchAccount, 'id' | 'customerId' | 'previousBillAt'>, nextBillAt: string, options: { dueIndex: boolean } = { dueIndex: true }): Record<string, unknown> {
  const arming = scheduleArming({ billingAccountId: account.id, customerId: account.customerId, cycleDay: 1, timeZone: context.timeZone, firstBillAt: nextBillAt });
  const item = itemOfUpdate(arming.Update);
  if (account.previousBillAt !== undefined) item.lastBillAt = account.previousBillAt;
  if (!options.dueIndex) {
    delete item.gsi3pk;
    delete item.gsi3sk;
  }
  return item;
}

/**
 * The item an UpdateItem of `SET #a = :v, #b = if_not_exists(#b, :w), ...` leaves on a new key:
 * the schedule's attributes stay those scheduleArming writes, whatever it comes to write.
 */
export function itemOfUpdate(update: { Key: Record<string, unknown>; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }): Record<string, unknown> {
  const item: Record<string, unknown> = { ...update.Key };
  const pattern = /(#\w+)\s*=\s*(?:if_not_exists\(\s*#\w+\s*,\s*(:\w+)\s*\)|(:\w+))/g;
  const assignments = /^SET\s+(.*)$/s.exec(update.UpdateExpression)?.[1];
  if (assignments === undefined || assignments.replace(pattern, '').replace(/[\s,]/g, '') !== '') {
    throw new Error(`the update ${update.UpdateExpression} is not a plain SET list: the benchmark cannot seed its item`);
  }
  for (const match of assignments.matchAll(pattern)) {
    const name = update.ExpressionAttributeNames[match[1]!];
    const value = update.ExpressionAttributeValues[(match[2] ?? match[3])!];
    if (name === undefined || value === undefined) throw new Error(`cannot read ${match[0]} of ${update.UpdateExpression}`);
    item[name] = value;
  }
  return item;
}

/** An active product (or a terminated one, when its last term ended so) with its charge terms, as activation writes it. */
export function productItem(context: ItemContext, account: Pick<BenchAccount, 'id' | 'customerId'>, product: BenchProduct): Record<string, unknown> {
  const first = product.terms[0]!;
  const current = product.terms.at(-1)!;
  const created = newProduct({
    id: product.id,
    name: current.productOffering.name,
    orderDate: first.from,
    productOffering: current.productOffering,
    productCharacteristic: current.characteristic,
    productPrice: product.itemPrice.filter((price) => price.productOfferingPrice).map(productPriceFromOrderPrice),
    billingAccountId: account.id,
    customerId: account.customerId,
    productOrderId: randomUUID(),
    orderItemId: '1',
    action: 'add',
    now: first.from,
  });
  let stored = transitionProduct(transitionProduct(created, 'pendingActive', first.from), 'active', first.from);
  if (current.endedBy === 'termination') stored = transitionProduct(transitionProduct(stored, 'pendingTerminate', current.to!), 'terminated', current.to!);
  return productPut(stored, { chargeTerms: product.terms }).Put.Item as unknown as Record<string, unknown>;
}

/** The number's assignment to the product, as activation records it (usage can name the product by it). */
export function phoneNumberItem(product: BenchProduct): Record<string, unknown> | undefined {
  if (!product.phoneNumber) return undefined;
  return { ...phoneNumberKey(product.phoneNumber), entityType: 'PhoneNumber', assignments: [{ productId: product.id, from: product.terms[0]!.from }] };
}

export function guidableProduct(account: Pick<BenchAccount, 'id' | 'customerId'>, product: Pick<BenchProduct, 'id' | 'name' | 'terms'>): GuidableProduct {
  return { id: product.id, name: product.name, customerId: account.customerId, billingAccountId: account.id, terms: product.terms, testClockId: undefined };
}

/** The TMF635 body a mediation feed sends for one data record, naming the product by id or by number. */
export function usageCreateBody(record: { recordId: string; usageDate: string; quantity: string; units: string }, product: { productId: string } | { phoneNumber: string }): UsageCreate {
  return {
    usageDate: record.usageDate,
    usageType: 'data',
    usageCharacteristic: [
      { name: 'quantity', value: record.quantity },
      { name: 'unit', value: record.units },
      { name: 'recordId', value: record.recordId },
      'productId' in product ? { name: 'productId', value: product.productId } : { name: 'phoneNumber', value: product.phoneNumber },
    ],
  };
}

/** The usage prices of a term's offering, remembered per offering as guiding does. */
export function usagePricesFor(catalog: CatalogSnapshot): (term: ChargeTerm) => ReturnType<typeof termUsagePrices> {
  const byOffering = new Map<string, ReturnType<typeof termUsagePrices>>();
  return (term) => {
    let prices = byOffering.get(term.productOffering.id);
    if (!prices) byOffering.set(term.productOffering.id, (prices = termUsagePrices(catalog, term)));
    return prices;
  };
}

/**
 * The stored item of a record as POST usage/usageBatch stores it: read, guided to its product
 * and rated (the usage prices of the term its date falls in), received at `now`.
 */
export function usageItemOf(body: UsageCreate, product: GuidableProduct, now: string, usagePricesOf: (term: ChargeTerm) => ReturnType<typeof termUsagePrices>): Record<string, unknown> {
  const record = readUsageRecord(body);
  const outcome = guideUsage(record, { product, now, usagePricesOf });
  if (outcome.status !== 'rated') throw new Error(`the benchmark's record ${record.recordId} would be rejected: ${outcome.reason}`);
  const id = usageIdFor({ productId: product.id }, record.recordId);
  return usageItem(usageToStore({ record, outcome, id, now }));
}
