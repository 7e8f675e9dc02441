import { decimal } from '../../../domain/money/decimal.js';
import { InvalidInputError } from '../../../domain/shared/domain-errors.js';
import { taxCategories, type TaxCategory, type TaxProvider, type TaxRate, type TaxRateRequest } from '../../../domain/pricing/tax-provider.js';
import type { TaxRateRow, TaxRateTable } from './simulated-tax-rate-table.js';
import shippedRates from './tax-rates.json' with { type: 'json' };

/**
 * SIMULATED tax provider: answers from the rate table shipped in tax-rates.json. It is
 * deterministic (same request, same answer, no clock, no network) and meant for local runs,
 * demos and tests. The rates are realistic public rates, simplified (one rate per country or
 * US state, the largest city's combined rate for US sales tax); this is not tax advice.
 *
 * Behaviour:
 * - EU/UK countries are taxed per country; `stateOrProvince` is ignored there.
 * - A US location needs a state (`NY`, `ny` or `US-NY`); rates are per state.
 * - As of `at`, a jurisdiction's rates are those of its row with the latest `validFrom` at or
 *   before `at`; an undated row applies before every dated one. Real rate changes are dated
 *   rows (GB 17.5 → 20 % on 2011-01-04, DE 19 → 16 % on 2020-07-01 and back, ...).
 * - Unknown country, missing or unknown US state, unknown category or an unreadable `at` is an
 *   InvalidInputError naming `taxLocation.country`, `taxLocation.stateOrProvince`,
 *   `taxCategory` or `at`.
 *
 * The slot for a real provider (Avalara AvaTax, Vertex, Stripe Tax, ...): another adapter in
 * this folder implementing the same TaxProvider port, chosen where the handlers are wired.
 * It would map the same request (location, categories, instant) to the provider's API and its
 * product tax codes, and answer with the same rates.
 */

interface DatedRow {
  from: number;
  row: TaxRateRow;
}

function jurisdictionKey(country: string, stateOrProvince?: string): string {
  return stateOrProvince ? `${country}-${stateOrProvince}` : country;
}

function invalid(field: string, problem: string): InvalidInputError {
  return new InvalidInputError(`${field}: ${problem}`, [{ field, problem }]);
}

export class SimulatedTaxProvider implements TaxProvider {
  /** Rows per jurisdiction key, oldest first. */
  private readonly rows = new Map<string, DatedRow[]>();
  /** Countries whose rates depend on the subdivision (the US), with the subdivisions known. */
  private readonly subdivisions = new Map<string, Set<string>>();

  /** On a table checked against its schema: the shipped one by its test, another by `checkedTaxRateTable` (simulated-tax-rate-table.ts). */
  constructor(table: TaxRateTable) {
    for (const row of table.rows) {
      const key = jurisdictionKey(row.country, row.stateOrProvince);
      const from = row.validFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(row.validFrom);
      const versions = this.rows.get(key) ?? [];
      if (versions.some((version) => version.from === from)) {
        throw new Error(`tax rate table: two rows for ${key} from ${row.validFrom ?? 'the start'}`);
      }
      versions.push({ from, row });
      versions.sort((a, b) => a.from - b.from);
      this.rows.set(key, versions);
      if (row.stateOrProvince) {
        const states = this.subdivisions.get(row.country) ?? new Set<string>();
        this.subdivisions.set(row.country, states.add(row.stateOrProvince));
      }
    }
    for (const country of this.subdivisions.keys()) {
      if (this.rows.has(country)) throw new Error(`tax rate table: ${country} has both country and subdivision rows`);
    }
  }

  async ratesFor(request: TaxRateRequest): Promise<TaxRate[]> {
    return this.ratesAt(request);
  }

  /** The synchronous core of ratesFor. */
  ratesAt({ location, categories, at }: TaxRateRequest): TaxRate[] {
    const versions = this.rows.get(this.keyFor(location.country, location.stateOrProvince));
    const instant = Date.parse(at);
    if (Number.isNaN(instant)) throw invalid('at', `${JSON.stringify(at)} is not an ISO 8601 instant`);
    const current = versions?.findLast((version) => version.from <= instant)?.row;
    if (!current) throw invalid('at', `no simulated tax rates for this location before ${versions?.[0]?.row.validFrom ?? at}`);
    return categories.map((category) => {
      // hasOwn, not a plain lookup: "constructor" must not find Object.prototype's.
      const rate = Object.hasOwn(current.rates, category) ? current.rates[category as TaxCategory] : undefined;
      if (!rate) {
        throw invalid('taxCategory', `unknown tax category ${JSON.stringify(category)}; known: ${taxCategories.join(', ')}`);
      }
      return { category, rate: decimal(rate.rate), jurisdiction: current.jurisdiction, name: rate.name };
    });
  }

  private keyFor(countryInput: string, stateInput: string | undefined): string {
    const country = typeof countryInput === 'string' ? countryInput.trim().toUpperCase() : '';
    const states = this.subdivisions.get(country);
    if (!states) {
      if (this.rows.has(country)) return country;
      const known = [...this.rows.keys(), ...this.subdivisions.keys()].filter((key) => !key.includes('-')).sort();
      throw invalid('taxLocation.country', `no simulated tax rates for country ${JSON.stringify(countryInput)}; known: ${known.join(', ')}`);
    }
    const known = [...states].sort().join(', ');
    const written = typeof stateInput === 'string' ? stateInput.trim().toUpperCase() : '';
    const state = written.startsWith(`${country}-`) ? written.slice(country.length + 1) : written;
    if (!state) {
      throw invalid('taxLocation.stateOrProvince', `${country} taxes depend on the state or province: give one of ${known}`);
    }
    if (!states.has(state)) {
      throw invalid('taxLocation.stateOrProvince', `no simulated tax rates for ${country} ${JSON.stringify(stateInput)}; known: ${known}`);
    }
    return jurisdictionKey(country, state);
  }
}

/**
 * The shipped table is code: test/unit/functions/simulated-tax-provider.test.ts checks it against
 * the schema, so no cold start pays the 5 ms of checking it again (npm run bench -- --only=init).
 */
export const simulatedTaxProvider: TaxProvider = new SimulatedTaxProvider(shippedRates as TaxRateTable);
