import { describe, expect, it } from 'vitest';
import { en } from '../shared/i18n/messages-en.js';
import { catalogs, languages, preferredLanguage, translator } from '../shared/i18n/translate.js';

const placeholdersOf = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogs', () => {
  it.each(languages)('%s has exactly the English keys, none empty', (language) => {
    const catalog = catalogs[language];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(catalog)) expect(message.trim(), key).not.toBe('');
  });

  it.each(languages)('%s fills the same placeholders as English in every message', (language) => {
    for (const [key, message] of Object.entries(catalogs[language])) expect(placeholdersOf(message), key).toEqual(placeholdersOf(en[key as keyof typeof en]));
  });
});

describe('translator', () => {
  it('fills placeholders, and leaves a missing one visible', () => {
    expect(translator('fr')('bill.title', { number: 'F-2026-0001' })).toBe('Facture F-2026-0001');
    expect(translator('en')('bills.periodRange', { start: '1 Oct' })).toBe('1 Oct to {end}');
  });
});

describe('preferredLanguage', () => {
  it("takes the browser's first language the apps speak", () => {
    expect(preferredLanguage(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(preferredLanguage(['en-US'])).toBe('en');
    expect(preferredLanguage(['de', 'es'])).toBe('en');
    expect(preferredLanguage(['', 'FR'])).toBe('fr');
  });
});
