import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatPercent } from '../shared/format.js';

/** Intl separates groups and units with narrow or plain no-break spaces; compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('writes euros the French way in French and the English way in English', () => {
    expect(plain(formatMoney({ unit: 'EUR', value: 1234.5 }, 'fr-FR'))).toBe('1 234,50 €');
    expect(formatMoney({ unit: 'EUR', value: 1234.5 }, 'en-GB')).toBe('€1,234.50');
  });

  it("takes the currency's own decimals, and keeps the sign of a credit", () => {
    expect(plain(formatMoney({ unit: 'JPY', value: 1500 }, 'fr-FR'))).toBe('1 500 JPY');
    expect(formatMoney({ unit: 'GBP', value: -20 }, 'en-GB')).toBe('-£20.00');
  });
});

describe('formatDate', () => {
  // The Paris demo customer's December bill is dated 1 December 00:00 in Paris: 30 November 23:00 UTC.
  const decemberBillDate = '2026-11-30T23:00:00.000Z';

  it("reads an instant in the account's time zone, not the reader's", () => {
    expect(formatDate(decemberBillDate, 'Europe/Paris', 'fr-FR')).toBe('1 décembre 2026');
    expect(formatDate(decemberBillDate, 'UTC', 'fr-FR')).toBe('30 novembre 2026');
    expect(formatDate(decemberBillDate, 'America/New_York', 'en-GB')).toBe('30 November 2026');
  });

  it('follows daylight saving time: the same UTC hour is another day in summer', () => {
    expect(formatDate('2026-06-30T22:00:00.000Z', 'Europe/Paris', 'en-GB')).toBe('1 July 2026');
    expect(formatDate('2026-06-30T21:59:59.000Z', 'Europe/Paris', 'en-GB')).toBe('30 June 2026');
  });
});

describe('formatDateTime', () => {
  it('names the zone, so a time is never misread', () => {
    expect(plain(formatDateTime('2026-10-20T10:00:00.000Z', 'Europe/Paris', 'en-GB'))).toBe('20 Oct 2026, 12:00 CEST');
    expect(plain(formatDateTime('2026-12-03T11:00:00.000Z', 'Europe/Paris', 'fr-FR'))).toBe('3 déc. 2026, 12:00 UTC+1');
  });
});

describe('formatPercent', () => {
  it('writes a tax rate given in percent', () => {
    expect(plain(formatPercent(20, 'fr-FR'))).toBe('20 %');
    expect(formatPercent(5.5, 'en-GB')).toBe('5.5%');
  });
});
