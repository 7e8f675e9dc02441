import { currencyCodeSchema, timeZoneSchema } from '../../domain/shared/tmf-types.js';
import type { BillingDefaults } from '../../domain/customers/billing-account.js';

/**
 * The operator's defaults for new billing accounts (BSS_DEFAULT_CURRENCY, BSS_DEFAULT_TIME_ZONE);
 * a customer's own preferences override them.
 */
export function billingDefaults(): BillingDefaults {
  return {
    currency: currencyCodeSchema.parse(process.env.BSS_DEFAULT_CURRENCY ?? 'EUR'),
    timeZone: timeZoneSchema.parse(process.env.BSS_DEFAULT_TIME_ZONE ?? 'UTC'),
  };
}
