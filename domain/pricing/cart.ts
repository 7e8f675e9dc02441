import type { RatingAttributes } from '../rating/rating-attributes.js';
import type { ChosenCharacteristic } from './price-selection.js';

/**
 * Usage to rate: a period's measured total, or one record. A record may carry its id, its date
 * and the attributes rating reads (docs/rating.md): prices with `rating` choose by them and
 * charge each call on its own; other prices only add quantities up.
 */
export interface UsageToQuote {
  quantity: number;
  units: string;
  id?: string | undefined;
  /** ISO instant: the zone table version in force and the time bands are read at it (the cart's instant without it). */
  usageDate?: string | undefined;
  attributes?: RatingAttributes | undefined;
}

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
  usage?: readonly UsageToQuote[] | undefined;
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
  /** The account's IANA time zone: time bands are read on its clock (UTC without it). */
  timeZone?: string | undefined;
  items: readonly CartItem[];
}
