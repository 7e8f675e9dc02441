import { money, type Money } from '../money/money.js';
import type { TmfOrderPrice } from '../pricing/price-quote.js';
import type { OrderCharacteristic, OrderItemAction } from './product-order.js';

/**
 * What the order-to-cash saga needs of an order besides its TMF622 resource, fixed at capture:
 * per item the product it makes or changes, the stock it takes, its upfront and monthly amounts
 * and the prices the product is sold at. Stored beside the order; never shown on the API.
 * Money is kept as minor units in a string, so it survives JSON and DynamoDB unchanged.
 */
export interface StoredMoney {
  currency: string;
  minor: string;
}

export const storeMoney = (value: Money): StoredMoney => ({ currency: value.currency, minor: value.amount.toString() });
export const loadMoney = (value: StoredMoney): Money => money(BigInt(value.minor), value.currency);

export interface FulfilmentItem {
  itemId: string;
  action: OrderItemAction;
  /** The product the item creates (add), changes (modify) or disconnects (delete). */
  productId: string;
  productOffering?: { id: string; href: string; name: string };
  quantity: number;
  characteristics: OrderCharacteristic[];
  /** Physical goods only: the stock keeping unit the item takes `quantity` of. */
  sku?: string;
  /** One-time charges, tax included: authorized before provisioning, captured after. */
  upfront: StoredMoney;
  /** Recurring charges per month, tax included: what the item adds to the account's credit exposure. */
  recurringMonthly: StoredMoney;
  /** The item's priced lines: the product's prices (kept when the catalog price changes later). */
  prices: TmfOrderPrice[];
  /** A bundle's chosen components, as the order priced them; billing prices the product with the same choice. */
  bundledItem?: { productOffering: { id: string }; quantity: number }[];
}

export interface OrderFulfilment {
  customerId: string;
  billingAccountId: string;
  currency: string;
  /** The billing account's default payment method: pays the upfront amount. */
  paymentMethodToken?: string;
  upfront: StoredMoney;
  recurringMonthly: StoredMoney;
  items: FulfilmentItem[];
  /** The account's billing calendar, which the account's first activation fixes for billing. */
  billingCycle?: { cycleDay: number; timeZone: string };
  /** The test clock the customer lives on: every instant of the order's saga is the clock's. */
  testClockId?: string;
}
