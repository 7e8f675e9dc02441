import type { Decimal } from '../money/decimal.js';

/**
 * The tax port: given where the customer is taxed, the product tax categories and an instant,
 * a provider answers the rate for each category. Adapters live in functions/lib/providers/
 * (the simulated one reads a shipped rate table; a real one would call Avalara, Vertex, ...).
 * The domain only applies the rates (line-tax.ts); it never decides what they are.
 */
export interface TaxLocation {
  /** ISO 3166-1 alpha-2, e.g. 'FR'. */
  country: string;
  /** Subdivision code where the tax depends on it, e.g. 'NY' for a US state. */
  stateOrProvince?: string;
}

export interface TaxRate {
  category: string;
  /** Percent: 20, 5.5, 8.875. */
  rate: Decimal;
  /** Who levies it: 'GB', 'US-NY'. */
  jurisdiction: string;
  /** For people reading a quote or a bill: 'VAT standard rate'. */
  name: string;
}

export interface TaxRateRequest {
  location: TaxLocation;
  categories: readonly string[];
  /** ISO 8601 instant: rates change over time and a quote is priced as of `at`. */
  at: string;
}

export interface TaxProvider {
  /** One rate per requested category, in the order requested. */
  ratesFor(request: TaxRateRequest): Promise<TaxRate[]>;
}

/** A price without a `tax` entry is taxed in this category. */
export const defaultTaxCategory = 'standard';

/** The product tax categories a price may name (TMF620 `tax[].taxCategory`). */
export const taxCategories = ['standard', 'reduced', 'zeroRated', 'telecommunications', 'electronicDevice'] as const;
export type TaxCategory = (typeof taxCategories)[number];

export function isTaxCategory(value: string): value is TaxCategory {
  return (taxCategories as readonly string[]).includes(value);
}
