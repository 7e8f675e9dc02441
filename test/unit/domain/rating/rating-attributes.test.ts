import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRatingAttributes, storedRatingAttributes, type Characteristic } from '../../../../domain/rating/rating-attributes.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { inputProblemsOf } from '../../../support/input-problems.js';


describe('readRatingAttributes', () => {
  it('reads the rating attributes, normalized, and keeps the other characteristics in order', () => {
    const read = readRatingAttributes([
      { name: 'quantity', value: 61 },
      { name: 'destination', value: '+33 6 12 34 56 78' },
      { name: 'unit', value: 'second' },
      { name: 'visitedNetwork', value: '22801' },
      { name: 'visitedCountry', value: 'ch' },
      { name: 'direction', value: 'outgoing' },
      { name: 'serviceType', value: 'voice' },
      { name: 'cellId', value: 'A12' },
    ]);
    expect(read.attributes).toEqual({ destination: '+33612345678', visitedNetwork: '228-01', visitedCountry: 'CH', direction: 'outgoing', serviceType: 'voice' });
    expect(read.otherCharacteristics.map((characteristic) => characteristic.name)).toEqual(['quantity', 'unit', 'cellId']);
  });

  it('reads a record without rating attributes as none', () => {
    expect(readRatingAttributes([{ name: 'quantity', value: 1 }]).attributes).toEqual({});
  });

  it('refuses malformed attributes naming each characteristic', () => {
    const problems = inputProblemsOf(() =>
      readRatingAttributes(
        [
          { name: 'destination', value: '0612345678' },
          { name: 'visitedNetwork', value: '20-801' },
          { name: 'visitedCountry', value: 'FRA' },
          { name: 'direction', value: 'sideways' },
          { name: 'serviceType', value: 'fax' },
        ],
        'usage[2].',
      ),
    );
    expect(problems.map((problem) => problem.field).sort()).toEqual(
      ['destination', 'direction', 'serviceType', 'visitedCountry', 'visitedNetwork'].map((name) => `usage[2].usageCharacteristic[name=${name}]`),
    );
  });

  it('refuses a destination sent as a number, which would have lost its +', () => {
    expect(inputProblemsOf(() => readRatingAttributes([{ name: 'destination', value: 33612345678 }]))).toEqual([
      { field: 'usageCharacteristic[name=destination]', problem: 'must be text' },
    ]);
  });

  it('refuses a destination longer than E.164 allows', () => {
    expect(inputProblemsOf(() => readRatingAttributes([{ name: 'destination', value: '+1234567890123456' }]))[0]?.field).toBe('usageCharacteristic[name=destination]');
  });
});

describe('storedRatingAttributes', () => {
  /** Texts of each attribute as feeds send them: well-formed, spaced, lower case, or not in the attribute's form at all. */
  const textOf: Record<string, fc.Arbitrary<string>> = {
    destination: fc.oneof(fc.constantFrom('+33 6 12 34 56 78', '+1 (212) 555-0100', '+44.20.7946.0958', '0612345678', '+0123'), fc.stringMatching(/^\+[1-9][0-9 .()-]{0,16}$/)),
    visitedNetwork: fc.oneof(fc.constantFrom(' 20801 ', '208-01', '310-410', '20-801'), fc.stringMatching(/^[0-9]{3}-?[0-9]{2,3}$/)),
    visitedCountry: fc.oneof(fc.constantFrom('fr', ' CH ', 'us', 'FRA', 'f'), fc.stringMatching(/^ ?[a-zA-Z]{2} ?$/)),
    direction: fc.constantFrom('outgoing', 'incoming', 'Outgoing', 'sideways'),
    serviceType: fc.constantFrom('voice', 'video', 'sms', 'mms', 'data', 'fax'),
  };
  const characteristicsArbitrary = fc.array(
    fc.oneof(
      ...Object.entries(textOf).map(([name, text]) => text.map((value): Characteristic => ({ name, value }))),
      fc.constantFrom<Characteristic>({ name: 'quantity', value: 61 }, { name: 'cellId', value: 'A12' }),
    ),
    { maxLength: 8 },
  );

  it('reads what readRatingAttributes read of every record it accepted, without checking again', () => {
    let accepted = 0;
    fc.assert(
      fc.property(characteristicsArbitrary, (characteristics) => {
        let read;
        try {
          read = readRatingAttributes(characteristics).attributes;
        } catch (error) {
          if (error instanceof InvalidInputError) return;
          throw error;
        }
        accepted += 1;
        expect(storedRatingAttributes(characteristics)).toEqual(read);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('keeps the first text of an attribute given twice, as the record was read', () => {
    expect(storedRatingAttributes([{ name: 'visitedCountry', value: 'fr' }, { name: 'visitedCountry', value: 'DE' }, { name: 'cellId', value: 'A12' }])).toEqual({ visitedCountry: 'FR' });
  });
});
