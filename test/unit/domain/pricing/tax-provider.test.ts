import { describe, expect, it } from 'vitest';
import { defaultTaxCategory, isTaxCategory, taxCategories } from '../../../../domain/pricing/tax-provider.js';

describe('tax categories', () => {
  it('include the categories the catalog prices use', () => {
    expect(taxCategories).toEqual(expect.arrayContaining(['standard', 'telecommunications', 'electronicDevice', 'reduced', 'zeroRated']));
  });

  it('default to standard', () => {
    expect(defaultTaxCategory).toBe('standard');
    expect(isTaxCategory(defaultTaxCategory)).toBe(true);
  });

  it('are recognized exactly', () => {
    expect(isTaxCategory('telecommunications')).toBe(true);
    expect(isTaxCategory('Telecommunications')).toBe(false);
    expect(isTaxCategory('luxury')).toBe(false);
    expect(isTaxCategory('')).toBe(false);
  });
});
