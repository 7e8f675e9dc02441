import * as z from '../shared/zod.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';

/**
 * Stock of one physical good (a handset model, a SIM card type), identified by its stock
 * keeping unit: the `stockKeepingUnit` characteristic of the product specification.
 *
 * `onHand` is what the warehouse holds; `reserved` is promised to orders still running;
 * `available` = onHand - reserved is what a new order may reserve. The invariant
 * 0 <= reserved <= onHand holds at every moment: reservations take only from `available`,
 * and an adjustment may never take onHand below what is reserved.
 */
export interface StockLevel {
  id: string;
  href: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: string;
  '@type': 'StockLevel';
}

/** Upper-case letters, digits and hyphens, starting with a letter or digit: `NOVA-X`, `SIM-NANO-5G`. */
export const skuPattern = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
const skuRule = 'upper-case letters, digits and hyphens, 1 to 64 characters, starting with a letter or digit';

export const isValidSku = (sku: string): boolean => skuPattern.test(sku);

/** Throws the 400 for a malformed SKU, naming the field it came in. */
export function checkSku(sku: string, field = 'sku'): void {
  if (!isValidSku(sku)) throw new InvalidInputError(`${field} "${sku}" is not a stock keeping unit: ${skuRule}`, [{ field, problem: skuRule }]);
}

export const stockLevelHref = (sku: string): string => `/inventory/v1/stockLevel/${sku}`;

/** The API resource of a SKU's counters; `available` is always derived, never trusted from storage. */
export function stockLevelOf(counters: { sku: string; onHand: number; reserved: number; updatedAt: string }): StockLevel {
  return {
    id: counters.sku,
    href: stockLevelHref(counters.sku),
    sku: counters.sku,
    onHand: counters.onHand,
    reserved: counters.reserved,
    available: counters.onHand - counters.reserved,
    updatedAt: counters.updatedAt,
    '@type': 'StockLevel',
  };
}

/** Bounds one adjustment; a bigger delivery is several adjustments, a typo is caught. */
export const maxAdjustmentQuantity = 1_000_000;

/**
 * The body of POST /inventory/v1/stockLevel/{sku}/adjustment. Strict and free of transforms,
 * because API Gateway validates the same schema as a draft-04 model; the quantity is a union
 * (not a refinement) so that the gateway, too, stops a zero.
 */
export const stockAdjustmentSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  quantity: z.union(
    [z.int().check(z.gte(1), z.lte(maxAdjustmentQuantity)), z.int().check(z.gte(-maxAdjustmentQuantity), z.lte(-1))],
    { error: `a whole number from -${maxAdjustmentQuantity} to ${maxAdjustmentQuantity} other than 0: positive for goods in, negative for goods out` },
  ),
  reason: z.string().check(z.minLength(1), z.maxLength(256), z.regex(/\S/, 'a reason that is not blank')),
}));
export type StockAdjustment = z.infer<typeof stockAdjustmentSchema>;

/**
 * An adjustment may take goods out only from what is not reserved: onHand + quantity must
 * stay at or above `reserved`. `level` is undefined for a SKU that has no stock level yet
 * (nothing on hand, nothing reserved). Throws the 409 naming onHand, reserved and the change.
 */
export function checkStockAdjustment(sku: string, level: { onHand: number; reserved: number } | undefined, quantity: number): void {
  const onHand = level?.onHand ?? 0;
  const reserved = level?.reserved ?? 0;
  if (onHand + quantity >= reserved) return;
  throw new RuleViolationError(
    'stock-below-reserved',
    `adjusting ${sku} by ${quantity} would leave ${onHand + quantity} on hand, below the ${reserved} reserved for orders ` +
      `(onHand ${onHand}, reserved ${reserved}); at most ${onHand - reserved} can leave the warehouse now`,
  );
}
