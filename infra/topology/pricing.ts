import { priceQuoteAccess, priceQuotePath, priceQuoteRequestSchema } from '../../domain/pricing/price-quote-request.js';
import type { BoundedContext } from './shared.js';

/** The pricing engine's quote (extension API /pricing/v1): carts priced as of an instant. */
export const pricing: BoundedContext = {
  name: 'pricing',
  functions: [
    {
      name: 'quote-prices',
      entry: 'functions/pricing/quote-prices.ts',
      description: 'POST /pricing/v1/quote: prices a cart with the pricing engine (bundles, discounts, taxes) as of an instant',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }],
      // Expensive (a cart priced with every rule it triggers): capped so it cannot starve the orders.
      reservedConcurrency: 20,
    },
  ],
  routes: [
    { method: 'POST', path: priceQuotePath, function: 'quote-prices', authorized: true, perCallerLimit: { requests: 120, perSeconds: 60 }, requestBody: priceQuoteRequestSchema, writeAccess: priceQuoteAccess },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};
