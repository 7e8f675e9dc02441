import type { ChosenCharacteristic } from './price-selection.js';

/**
 * What `quoteCart` prices: offerings with their quantities and choices, in one currency, as
 * of one instant. The quote API, orders and billing all build one (docs/pricing.md).
 */
export interface CartItem {
  id: string;
  productOffering: { id: string };
  /** A positive integer. */
  quantity: number;
  characteristic?: readonly ChosenCharacteristic[] | undefined;
  /** The chosen components of a bundle; a component left out comes in its default quantity. */
  bundledItem?: readonly { productOffering: { id: string }; quantity: number }[] | undefined;
  /** Usage to rate against the item's usage prices (an estimate, or a period's measured usage). */
  usage?: readonly { quantity: number; units: string }[] | undefined;
  /** The prices an existing product was sold at: they apply whatever their dates and lifecycle. */
  pinnedPrice?: readonly { id: string }[] | undefined;
  /** The period being priced, from 1: promotions count their applicationDuration against it. */
  billingPeriod?: number | undefined;
}

export interface Cart {
  currency: string;
  /** ISO 8601 instant the catalog is read as of. */
  at: string;
  customerSegment?: string | undefined;
  items: readonly CartItem[];
}
