import * as z from '../../domain/shared/zod.js';
import { currencyCodeSchema } from '../../domain/shared/tmf-types.js';

const currencyList = /* @__PURE__ */ z.lazy(() => z.array(currencyCodeSchema).check(z.minLength(1)));

/**
 * The currencies the catalog sells in (BSS_CATALOG_CURRENCIES, comma-separated ISO 4217
 * codes); a price in any other is rejected. A malformed setting fails the request (500)
 * rather than letting every currency through.
 */
export function catalogCurrencies(): string[] {
  const configured = process.env.BSS_CATALOG_CURRENCIES ?? 'EUR,GBP,USD';
  return currencyList.parse(
    configured
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean),
  );
}
