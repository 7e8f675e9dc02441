import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { minorUnitExponent, moneyFromTmf, type Money, type TmfMoney } from '../money/money.js';

/**
 * How documents write amounts and dates: fixed, locale-free formats, so the same bill always
 * renders the same text whatever the machine's locale or ICU data (docs/bill-documents.md).
 */

/** "1,234.50 EUR", "-12.00 EUR": every minor digit, grouped thousands, the ISO code. */
export function formatMoney(value: Money | TmfMoney): string {
  const { amount, currency } = 'amount' in value ? value : moneyFromTmf(value);
  const exponent = minorUnitExponent(currency);
  const digits = (amount < 0n ? -amount : amount).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${amount < 0n ? '-' : ''}${whole}${fraction} ${currency}`;
}

/** "20 %", "5.5 %". */
export function formatRate(percent: number): string {
  return `${percent} %`;
}

/** "15 March 2027": the calendar date of an instant in the account's time zone. */
export function formatDate(instant: string, timeZone: string): string {
  return format(new TZDate(Date.parse(instant), timeZone), 'd MMMM yyyy');
}

/**
 * "1 March 2027 – 31 March 2027": a period whose end is exclusive (the next period's first
 * instant) shows its last day, as a person reads a period.
 */
export function formatPeriod(period: { startDateTime: string; endDateTime: string }, timeZone: string): string {
  const lastInstant = new Date(Date.parse(period.endDateTime) - 1).toISOString();
  const start = formatDate(period.startDateTime, timeZone);
  const end = formatDate(lastInstant, timeZone);
  return start === end ? start : `${start} – ${end}`;
}
