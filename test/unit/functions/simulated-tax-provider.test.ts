import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, decimalToString } from '../../../domain/money/decimal.js';
import { taxCategories, type TaxLocation, type TaxRate } from '../../../domain/pricing/tax-provider.js';
import { InvalidInputError } from '../../../domain/shared/domain-errors.js';
import { SimulatedTaxProvider, simulatedTaxProvider } from '../../../functions/lib/providers/simulated-tax-provider.js';
import { checkedTaxRateTable, taxRateTableSchema } from '../../../functions/lib/providers/simulated-tax-rate-table.js';
import shippedRates from '../../../functions/lib/providers/tax-rates.json' with { type: 'json' };

const now = '2026-06-01T12:00:00Z';

async function rates(location: TaxLocation, categories: readonly string[], at = now): Promise<TaxRate[]> {
  return simulatedTaxProvider.ratesFor({ location, categories, at });
}

/** The rate of one category, as decimal text. */
async function rate(location: TaxLocation, category: string, at = now): Promise<string> {
  const [found] = await rates(location, [category], at);
  return decimalToString(found!.rate);
}

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected an InvalidInputError');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('simulated tax provider: rates per jurisdiction and category', () => {
  it('answers one rate per requested category, in order, with jurisdiction and name', async () => {
    expect(await rates({ country: 'GB' }, ['standard', 'reduced', 'zeroRated', 'telecommunications', 'electronicDevice'])).toEqual([
      { category: 'standard', rate: decimal(20), jurisdiction: 'GB', name: 'VAT standard rate' },
      { category: 'reduced', rate: decimal(5), jurisdiction: 'GB', name: 'VAT reduced rate' },
      { category: 'zeroRated', rate: decimal(0), jurisdiction: 'GB', name: 'VAT zero rate' },
      { category: 'telecommunications', rate: decimal(20), jurisdiction: 'GB', name: 'VAT standard rate' },
      { category: 'electronicDevice', rate: decimal(20), jurisdiction: 'GB', name: 'VAT standard rate' },
    ]);
    expect((await rates({ country: 'FR' }, ['reduced', 'standard', 'reduced'])).map((r) => r.category)).toEqual(['reduced', 'standard', 'reduced']);
    expect(await rates({ country: 'FR' }, [])).toEqual([]);
  });

  it.each([
    ['GB', '20', '5'],
    ['IE', '23', '13.5'],
    ['FR', '20', '5.5'],
    ['DE', '19', '7'],
    ['ES', '21', '10'],
    ['NL', '21', '9'],
  ])('taxes %s at its VAT rates: standard %s %%, reduced %s %%', async (country, standard, reduced) => {
    expect(await rate({ country }, 'standard')).toBe(standard);
    expect(await rate({ country }, 'reduced')).toBe(reduced);
    expect(await rate({ country }, 'zeroRated')).toBe('0');
    // EU and UK VAT has no telecom surcharge: services and devices take the standard rate.
    expect(await rate({ country }, 'telecommunications')).toBe(standard);
    expect(await rate({ country }, 'electronicDevice')).toBe(standard);
    expect((await rates({ country }, ['standard']))[0]?.jurisdiction).toBe(country);
  });

  it.each([
    ['NY', '8.875', '17.9'],
    ['CA', '9.75', '11.6'],
    ['TX', '8.25', '11.53'],
    ['OR', '0', '1.8'],
  ])('taxes US-%s per state: sales tax %s %%, telecommunications %s %%', async (state, standard, telecommunications) => {
    expect(await rate({ country: 'US', stateOrProvince: state }, 'standard')).toBe(standard);
    expect(await rate({ country: 'US', stateOrProvince: state }, 'telecommunications')).toBe(telecommunications);
    expect(await rate({ country: 'US', stateOrProvince: state }, 'electronicDevice')).toBe(standard);
    expect((await rates({ country: 'US', stateOrProvince: state }, ['standard']))[0]?.jurisdiction).toBe(`US-${state}`);
  });

  it('charges US telecommunications more than the standard sales tax, and the states differ', async () => {
    const states = ['NY', 'CA', 'TX', 'OR'];
    const standard = new Set<string>();
    for (const stateOrProvince of states) {
      const [sales, telecom] = await rates({ country: 'US', stateOrProvince }, ['standard', 'telecommunications']);
      expect(Number(decimalToString(telecom!.rate))).toBeGreaterThan(Number(decimalToString(sales!.rate)));
      standard.add(decimalToString(sales!.rate));
    }
    expect(standard.size).toBe(states.length);
  });

  it('reads the country and the state case-insensitively, and a state as US-NY too', async () => {
    expect(await rate({ country: 'fr' }, 'standard')).toBe('20');
    expect(await rate({ country: ' us ', stateOrProvince: 'ny' }, 'standard')).toBe('8.875');
    expect(await rate({ country: 'US', stateOrProvince: 'US-TX' }, 'standard')).toBe('8.25');
  });

  it('ignores the state or province where the tax is national', async () => {
    expect(await rates({ country: 'FR', stateOrProvince: 'IDF' }, ['standard'])).toEqual(await rates({ country: 'FR' }, ['standard']));
  });

  it('is deterministic: the same request gives the same answer', async () => {
    const request = { location: { country: 'US', stateOrProvince: 'CA' }, categories: [...taxCategories], at: now };
    expect(await simulatedTaxProvider.ratesFor(request)).toEqual(await simulatedTaxProvider.ratesFor(request));
  });

  it('prices every category in every jurisdiction with a rate between 0 and 100 %', async () => {
    const locations: TaxLocation[] = [
      ...['GB', 'IE', 'FR', 'DE', 'ES', 'NL'].map((country) => ({ country })),
      ...['NY', 'CA', 'TX', 'OR'].map((stateOrProvince) => ({ country: 'US', stateOrProvince })),
    ];
    for (const location of locations) {
      for (const found of await rates(location, taxCategories)) {
        expect(Number(decimalToString(found.rate))).toBeGreaterThanOrEqual(0);
        expect(Number(decimalToString(found.rate))).toBeLessThanOrEqual(100);
        expect(found.name).not.toBe('');
      }
    }
  });
});

describe('simulated tax provider: as of an instant', () => {
  it('GB: 17.5 % → 15 % (2008-12-01) → 17.5 % (2010-01-01) → 20 % (2011-01-04)', async () => {
    expect(await rate({ country: 'GB' }, 'standard', '2005-06-01T00:00:00Z')).toBe('17.5');
    expect(await rate({ country: 'GB' }, 'standard', '2008-11-30T23:59:59Z')).toBe('17.5');
    expect(await rate({ country: 'GB' }, 'standard', '2008-12-01T00:00:00Z')).toBe('15');
    expect(await rate({ country: 'GB' }, 'standard', '2009-12-31T23:59:59.999Z')).toBe('15');
    expect(await rate({ country: 'GB' }, 'standard', '2010-01-01T00:00:00Z')).toBe('17.5');
    expect(await rate({ country: 'GB' }, 'standard', '2011-01-03T23:59:59Z')).toBe('17.5');
    expect(await rate({ country: 'GB' }, 'standard', '2011-01-04T00:00:00Z')).toBe('20');
    expect(await rate({ country: 'GB' }, 'reduced', '2009-06-01T00:00:00Z')).toBe('5');
  });

  it('DE: the 2020 cut to 16 % / 5 % starts and ends at midnight in Berlin, not in UTC', async () => {
    expect(await rate({ country: 'DE' }, 'standard', '2020-06-30T21:59:59Z')).toBe('19');
    expect(await rate({ country: 'DE' }, 'standard', '2020-06-30T22:00:00Z')).toBe('16');
    expect(await rate({ country: 'DE' }, 'standard', '2020-07-01T00:00:00+02:00')).toBe('16');
    expect(await rate({ country: 'DE' }, 'reduced', '2020-10-01T00:00:00Z')).toBe('5');
    expect(await rate({ country: 'DE' }, 'standard', '2020-12-31T22:59:59Z')).toBe('16');
    expect(await rate({ country: 'DE' }, 'standard', '2020-12-31T23:00:00Z')).toBe('19');
    expect(await rate({ country: 'DE' }, 'reduced', '2021-06-01T00:00:00Z')).toBe('7');
  });

  it('IE: 23 % with the temporary 21 % from September 2020 to February 2021', async () => {
    expect(await rate({ country: 'IE' }, 'standard', '2011-06-01T00:00:00Z')).toBe('21');
    expect(await rate({ country: 'IE' }, 'standard', '2019-06-01T00:00:00Z')).toBe('23');
    expect(await rate({ country: 'IE' }, 'standard', '2020-10-01T00:00:00Z')).toBe('21');
    expect(await rate({ country: 'IE' }, 'standard', '2021-03-01T00:00:00Z')).toBe('23');
  });

  it('FR, ES and NL: the 2012–2019 increases', async () => {
    expect(await rate({ country: 'FR' }, 'standard', '2013-12-31T22:59:59Z')).toBe('19.6');
    expect(await rate({ country: 'FR' }, 'standard', '2013-12-31T23:00:00Z')).toBe('20');
    expect(await rate({ country: 'ES' }, 'reduced', '2012-08-01T00:00:00Z')).toBe('8');
    expect(await rate({ country: 'ES' }, 'reduced', '2012-09-01T00:00:00+02:00')).toBe('10');
    expect(await rate({ country: 'NL' }, 'standard', '2012-01-01T00:00:00Z')).toBe('19');
    expect(await rate({ country: 'NL' }, 'reduced', '2018-12-31T12:00:00Z')).toBe('6');
    expect(await rate({ country: 'NL' }, 'reduced', '2019-01-01T12:00:00Z')).toBe('9');
  });

  it('US-CA: Los Angeles went from 9.5 % to 9.75 % on 2025-04-01, Pacific time', async () => {
    const ca = { country: 'US', stateOrProvince: 'CA' };
    expect(await rate(ca, 'standard', '2025-03-31T23:59:59-07:00')).toBe('9.5');
    expect(await rate(ca, 'standard', '2025-04-01T06:59:59Z')).toBe('9.5');
    expect(await rate(ca, 'standard', '2025-04-01T07:00:00Z')).toBe('9.75');
  });

  it('property: the rates are those of the latest row at or before the instant', async () => {
    const rows = shippedRates.rows as { jurisdiction: string; validFrom?: string; rates: Record<string, { rate: number }> }[];
    const jurisdictions = [...new Set(rows.map((row) => row.jurisdiction))];
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jurisdictions), fc.constantFrom(...taxCategories), instant, async (jurisdiction, category, at) => {
        const [country, stateOrProvince] = jurisdiction.split('-') as [string, string | undefined];
        const expected = rows
          .filter((row) => row.jurisdiction === jurisdiction && (row.validFrom === undefined || Date.parse(row.validFrom) <= at.getTime()))
          .sort((a, b) => (a.validFrom ? Date.parse(a.validFrom) : -Infinity) - (b.validFrom ? Date.parse(b.validFrom) : -Infinity))
          .at(-1)?.rates[category]?.rate;
        expect(await rate(stateOrProvince ? { country, stateOrProvince } : { country }, category, at.toISOString())).toBe(String(expected));
      }),
    );
  });
});

describe('simulated tax provider: errors', () => {
  it('refuses an unknown country, naming taxLocation.country', async () => {
    const error = await rejection(rates({ country: 'XX' }, ['standard']));
    expect(error.problems).toEqual([{ field: 'taxLocation.country', problem: expect.stringContaining('"XX"') }]);
    expect((await rejection(rates({ country: '' }, ['standard']))).problems[0]?.field).toBe('taxLocation.country');
  });

  it('refuses a US location without a state, or with a state it has no rates for', async () => {
    for (const location of [{ country: 'US' }, { country: 'US', stateOrProvince: '' }, { country: 'US', stateOrProvince: '  ' }]) {
      const error = await rejection(rates(location, ['standard']));
      expect(error.problems).toEqual([{ field: 'taxLocation.stateOrProvince', problem: expect.stringContaining('CA, NY, OR, TX') }]);
    }
    const unknown = await rejection(rates({ country: 'US', stateOrProvince: 'FL' }, ['standard']));
    expect(unknown.problems).toEqual([{ field: 'taxLocation.stateOrProvince', problem: expect.stringContaining('"FL"') }]);
  });

  it('refuses an unknown category, naming it', async () => {
    const error = await rejection(rates({ country: 'FR' }, ['standard', 'luxury']));
    expect(error.message).toContain('"luxury"');
    expect(error.problems).toEqual([{ field: 'taxCategory', problem: expect.stringContaining('"luxury"') }]);
    expect((await rejection(rates({ country: 'FR' }, ['constructor']))).message).toContain('"constructor"');
    expect((await rejection(rates({ country: 'FR' }, ['Standard']))).message).toContain('"Standard"');
  });

  it('refuses an instant it cannot read, naming at', async () => {
    expect((await rejection(rates({ country: 'FR' }, ['standard'], 'next tuesday'))).problems[0]?.field).toBe('at');
  });

  it('rejects rather than throws: ratesFor is a promise even when the request is wrong', () => {
    const result = simulatedTaxProvider.ratesFor({ location: { country: 'XX' }, categories: [], at: now });
    expect(result).toBeInstanceOf(Promise);
    return expect(result).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('simulated tax provider: its rate table', () => {
  const providerOn = (table: unknown) => new SimulatedTaxProvider(checkedTaxRateTable(table));
  const allCategories = (rate: number) => Object.fromEntries(taxCategories.map((category) => [category, { rate, name: `${rate} %` }]));
  const row = (overrides: Record<string, unknown> = {}) => ({ jurisdiction: 'FR', country: 'FR', rates: allCategories(20), ...overrides });

  it('accepts the shipped table', () => {
    expect(taxRateTableSchema.parse(shippedRates).rows).toEqual(shippedRates.rows);
    expect(() => providerOn(shippedRates)).not.toThrow();
  });

  it('refuses a row that leaves out a category or has an impossible rate', () => {
    const { zeroRated: _left, ...missing } = allCategories(20);
    expect(() => providerOn({ rows: [row({ rates: missing })] })).toThrow();
    expect(() => providerOn({ rows: [row({ rates: allCategories(101) })] })).toThrow();
    expect(() => providerOn({ rows: [row({ rates: allCategories(-1) })] })).toThrow();
    expect(() => providerOn({ rows: [row({ rates: { ...allCategories(20), luxury: { rate: 30, name: 'x' } } })] })).toThrow();
  });

  it('refuses two rows of a jurisdiction from the same instant, and country rows mixed with state rows', () => {
    expect(() => providerOn({ rows: [row(), row()] })).toThrow(/two rows for FR/);
    expect(() => providerOn({ rows: [row({ validFrom: '2020-01-01T00:00:00Z' }), row({ validFrom: '2020-01-01T01:00:00+01:00' })] })).toThrow(/two rows/);
    expect(
      () => providerOn({ rows: [row({ jurisdiction: 'US', country: 'US' }), row({ jurisdiction: 'US-NY', country: 'US', stateOrProvince: 'NY' })] }),
    ).toThrow(/both country and subdivision/);
  });

  it('refuses an instant before the first row when no row is undated', async () => {
    const provider = providerOn({ rows: [row({ validFrom: '2020-01-01T00:00:00Z' })] });
    const request = { location: { country: 'FR' }, categories: ['standard'] };
    expect((await provider.ratesFor({ ...request, at: '2020-01-01T00:00:00Z' }))[0]?.rate).toEqual(decimal(20));
    expect((await rejection(provider.ratesFor({ ...request, at: '2019-12-31T23:59:59Z' }))).problems[0]?.field).toBe('at');
  });

  it('orders rows by validFrom whatever their order in the file', async () => {
    const provider = providerOn({
      rows: [row({ validFrom: '2022-01-01T00:00:00Z', rates: allCategories(22) }), row({ rates: allCategories(10) }), row({ validFrom: '2021-01-01T00:00:00Z', rates: allCategories(21) })],
    });
    const at = async (instant: string) => decimalToString((await provider.ratesFor({ location: { country: 'FR' }, categories: ['standard'], at: instant }))[0]!.rate);
    expect(await at('2020-06-01T00:00:00Z')).toBe('10');
    expect(await at('2021-06-01T00:00:00Z')).toBe('21');
    expect(await at('2023-06-01T00:00:00Z')).toBe('22');
  });
});
