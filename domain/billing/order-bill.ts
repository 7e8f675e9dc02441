import { decimal } from '../money/decimal.js';
import { addMoney, moneyFromTmf, subtractMoney, sumMoney, zeroMoney } from '../money/money.js';
import type { ProductOrderItem } from '../orders/product-order.js';
import type { TmfOrderPrice } from '../pricing/price-quote.js';
import { defaultTaxCategory } from '../pricing/tax-provider.js';
import { taxItems, type BillDraft } from './bill-computation.js';
import type { BillLine } from './bill-line.js';

/**
 * The bill of an order's one-time charges (docs/billing.md, "Order bills"): what order-to-cash
 * delivered and the order's payment paid upfront, billed `offCycle` when the order ends, with
 * the amounts the order was priced at (never re-priced). Recurring charges are not on it: the
 * account's regular bills charge them, from the activation on.
 */
export function orderBillDraft(input: {
  currency: string;
  items: readonly Pick<ProductOrderItem, 'id' | 'state' | 'itemPrice' | 'product' | 'productOffering'>[];
  orderDate: string;
  billDate: string;
  /** The tax category of each price the order names (from the catalog: order prices carry only their rate). */
  taxCategories: ReadonlyMap<string, string>;
}): BillDraft {
  const lines: BillLine[] = input.items
    .filter((item) => item.state === 'completed')
    .flatMap((item) => item.itemPrice.filter((price) => price.priceType === 'oneTime').map((price) => oneTimeLine(item, price, input)));
  const taxExcludedAmount = sumMoney(input.currency, lines.map((line) => line.amount.dutyFree));
  const taxIncludedAmount = sumMoney(input.currency, lines.map((line) => line.amount.taxIncluded));
  return {
    billDate: input.billDate,
    billingPeriod: { startDateTime: input.orderDate, endDateTime: input.billDate },
    paymentDueDate: input.billDate,
    runType: 'offCycle',
    currency: input.currency,
    lines,
    taxExcludedAmount,
    taxIncludedAmount,
    taxItem: taxItems(lines),
    amountDue: taxIncludedAmount,
    creditCarriedForward: zeroMoney(input.currency),
    recordCharges: new Map(),
    billedUsage: [],
    unbillableUsage: [],
  };
}

function oneTimeLine(
  item: Pick<ProductOrderItem, 'product' | 'productOffering'>,
  price: TmfOrderPrice,
  input: { billDate: string; orderDate: string; taxCategories: ReadonlyMap<string, string> },
): BillLine {
  const alterations = price.priceAlteration ?? [];
  const dutyFree = alterations.reduce((sum, alteration) => addMoney(sum, moneyFromTmf(alteration.price.dutyFreeAmount)), moneyFromTmf(price.price.dutyFreeAmount));
  const taxIncluded = alterations.reduce((sum, alteration) => addMoney(sum, moneyFromTmf(alteration.price.taxIncludedAmount)), moneyFromTmf(price.price.taxIncludedAmount));
  const discounts = alterations.map((alteration) => alteration.name);
  return {
    type: 'oneTime',
    name: price.name,
    description: `${price.name}${discounts.length > 0 ? `, after ${discounts.join(', ')}` : ''}`,
    product: { id: item.product.id, name: item.productOffering?.name ?? price.name },
    ...(price.productOfferingPrice ? { priceId: price.productOfferingPrice.id } : {}),
    periodCoverage: { startDateTime: input.orderDate, endDateTime: input.billDate },
    taxCategory: (price.productOfferingPrice && input.taxCategories.get(price.productOfferingPrice.id)) ?? defaultTaxCategory,
    amount: { dutyFree, tax: subtractMoney(taxIncluded, dutyFree), taxIncluded, rate: decimal(price.price.taxRate ?? 0) },
  };
}
