import type { TmfMoney } from './api-types.js';

/**
 * Money and dates as the account sees them: amounts in the account's currency, instants in its
 * time zone (a Paris account's bill dated 2026-11-30T23:00Z is a 1 December bill), both in the
 * reader's language, all by Intl so nothing here knows a currency's decimals or a zone's rules.
 */
export function formatMoney(money: TmfMoney, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.unit }).format(money.value);
}

/** A calendar date (day, month, year) of an instant, in the account's time zone. */
export function formatDate(instant: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(instant));
}

/** A date and time of an instant, in the account's time zone, naming the zone so no one misreads it. */
export function formatDateTime(instant: string, timeZone: string, locale: string): string {
  // Fields, not dateStyle/timeStyle: Intl refuses a style together with timeZoneName.
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(instant));
}

/** A tax rate given in percent (20 → "20 %" in French, "20%" in English). */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(percent / 100);
}
