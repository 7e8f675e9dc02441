import { describe, expect, it } from 'vitest';
import { readRatingAttributes } from '../../../../domain/rating/rating-attributes.js';
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
